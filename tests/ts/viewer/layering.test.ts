import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * #14's shape: data helpers (reading and computing) never import from
 * `views/` (drawing), so they can be tested and reused without a DOM.
 */
const VIEWER = join(__dirname, '..', '..', '..', 'src', 'viewer');
const DATA_FOLDERS = [
  'model',
  'spikes',
  'tables',
  'series',
  'images',
  'ecephys',
  'events',
  'behavior',
  'icephys',
  'indexed',
  'spectrum'
];

function sources(folder: string): string[] {
  return readdirSync(join(VIEWER, folder), { recursive: true })
    .map(String)
    .filter(name => /\.tsx?$/.test(name))
    .map(name => join(folder, name));
}

describe('viewer layering', () => {
  it.each(DATA_FOLDERS)('%s/ imports nothing from views/', folder => {
    const files = sources(folder);
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter(file =>
      /from '(\.\.\/)+views\//.test(readFileSync(join(VIEWER, file), 'utf8'))
    );
    expect(offenders).toEqual([]);
  });
});

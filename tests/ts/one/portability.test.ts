import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import * as one from '../../../src/one';

const SRC = resolve(__dirname, '../../../src/one');

describe('src/one stays usable in the browser', () => {
  it('keeps Node and DOM APIs out of the pure modules', () => {
    const files = readdirSync(SRC).filter(f => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(`${SRC}/${file}`, 'utf8');
      expect(text, file).not.toMatch(
        /from 'node:|from '(fs|path|zlib|os|crypto)'|require\(/
      );
      expect(text, file).not.toMatch(/\b(document|window)\./);
      expect(text, file).not.toMatch(/from '\.\/node\//);
    }
  });

  it('exports the readers from one entry point', () => {
    expect(typeof one.decodeNpy).toBe('function');
    expect(typeof one.readParquet).toBe('function');
    expect(typeof one.searchSessions).toBe('function');
    expect(typeof one.parseFilename).toBe('function');
  });
});

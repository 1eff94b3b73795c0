/** The converter knows nothing of the CLI (contract 8): no module under src/convert imports src/cli. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONVERT = resolve(__dirname, '../../../src/convert');
const CLI = resolve(__dirname, '../../../src/cli');

function modules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? modules(join(folder, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(folder, entry.name)]
        : []
  );
}

describe('src/convert', () => {
  it('imports nothing from src/cli', () => {
    const offending = modules(CONVERT).flatMap(file =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /(?:from|import)\s*\(?\s*'(\.[^']+)'/g
        )
      ]
        .map(match => resolve(dirname(file), match[1]))
        .filter(target => !relative(CLI, target).startsWith('..'))
        .map(target => `${relative(CONVERT, file)} -> ${relative(CLI, target)}`)
    );
    expect(offending).toEqual([]);
  });
});

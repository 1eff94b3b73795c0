/**
 * A check is `derived-independent` only if its values come from a Recomputed, so Recomputed must
 * be made only by the independent recomputations (src/convert/fidelity/independent/), never by
 * the interfaces next to the transform they would be checking.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sources(path);
    }
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('Recomputed', () => {
  it('is constructed only in src/convert/fidelity/independent/', () => {
    const makers = sources(SRC)
      .filter(path => /new Recomputed\(/.test(readFileSync(path, 'utf8')))
      .map(path => relative(SRC, path));
    expect(makers.length).toBeGreaterThan(0);
    expect(
      makers.filter(path => !path.startsWith('convert/fidelity/independent/'))
    ).toEqual([]);
  });
});

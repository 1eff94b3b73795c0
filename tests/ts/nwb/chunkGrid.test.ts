/** Chunks cut out of blocks of whole rows, as HDF5 lays them out (row-major in the chunk). */
import { describe, expect, it } from 'vitest';

import { chunkShapeProblem } from '../../../src/nwb/chunks';
import { chunkGrid, extractChunk } from '../../../src/nwb/fast/chunk-grid';

describe('chunk grid', () => {
  it('lists the chunks across a row in row-major order', () => {
    const grid = chunkGrid([10, 2, 3], [5, 7]);
    expect(grid.wholeRows).toBe(false);
    expect(grid.chunkItems).toBe(60);
    expect(grid.origins).toEqual([
      [0, 0],
      [0, 3],
      [0, 6],
      [2, 0],
      [2, 3],
      [2, 6],
      [4, 0],
      [4, 3],
      [4, 6]
    ]);
    expect(chunkGrid([10, 5, 7], [5, 7]).wholeRows).toBe(true);
    expect(chunkGrid([10], []).origins).toEqual([[]]);
  });

  it('copies each chunk element by element, zeros past every edge', () => {
    // Block of 3 valid rows (of a 4-row chunk) of [5, 7]: value = r*100 + i*10 + j.
    const tail = [5, 7];
    const chunkDims = [4, 2, 3];
    const grid = chunkGrid(chunkDims, tail);
    const rows = 3;
    const block = Float64Array.from({ length: 4 * 35 }, (_, k) => {
      const [r, i, j] = [Math.floor(k / 35), Math.floor(k / 7) % 5, k % 7];
      return r < rows ? r * 100 + i * 10 + j : -1;
    });
    for (const origin of grid.origins) {
      const out = new Float64Array(grid.chunkItems).fill(NaN);
      extractChunk(grid, block, rows, origin, out);
      for (let r = 0; r < 4; r++) {
        for (let a = 0; a < 2; a++) {
          for (let b = 0; b < 3; b++) {
            const [i, j] = [origin[0] + a, origin[1] + b];
            const inside = r < rows && i < 5 && j < 7;
            expect(out[r * 6 + a * 3 + b]).toBe(
              inside ? r * 100 + i * 10 + j : 0
            );
          }
        }
      }
    }
  });

  it('works for 64-bit integers (BigInt arrays)', () => {
    const grid = chunkGrid([2, 2], [3]);
    const block = BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]);
    const out = new BigInt64Array(4);
    extractChunk(grid, block, 2, [2], out);
    expect(Array.from(out)).toEqual([3n, 0n, 6n, 0n]);
  });

  it('refuses chunk shapes HDF5 cannot store, naming them', () => {
    expect(chunkShapeProblem([1365, 64], [384])).toBeUndefined();
    expect(chunkShapeProblem([1365], [384])).toMatch(/needs 2 sizes/);
    expect(chunkShapeProblem([10, 0], [384])).toMatch(/positive whole/);
    expect(chunkShapeProblem([10, 500], [384])).toMatch(
      /larger than dimension 1/
    );
  });
});

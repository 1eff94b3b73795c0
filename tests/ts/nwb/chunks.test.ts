import { describe, expect, it } from 'vitest';
import {
  chunkShape,
  rowsPerWrite,
  spikeColumnChunks
} from '../../../src/nwb/chunks';

describe('chunkShape', () => {
  it('keeps all channels and sizes rows to the target bytes', () => {
    // 384 int16 channels = 768 B per row; 1 MiB -> 1365 rows.
    expect(chunkShape([384], 2, undefined, 1 << 20)).toEqual([1365, 384]);
  });

  it('does not exceed the number of rows of a fixed-size dataset', () => {
    expect(chunkShape([], 8, 100, 1 << 20)).toEqual([100]);
    expect(chunkShape([3], 4, 0, 1 << 20)).toEqual([1, 3]);
  });

  it('uses at least one row even when a row is larger than the target', () => {
    expect(chunkShape([1000, 1000], 8, undefined, 1 << 20)).toEqual([
      1, 1000, 1000
    ]);
  });
});

describe('rowsPerWrite', () => {
  it('writes a whole number of chunks, at least one', () => {
    expect(rowsPerWrite(1024, 16, 64 * 1024)).toBe(4096);
    expect(rowsPerWrite(1024, 16, 100)).toBe(1024);
    expect(rowsPerWrite(1000, 8, 20_000) % 1000).toBe(0);
  });
});

describe('spikeColumnChunks', () => {
  it('chunks a per-spike column in 256 KiB (32768 float64), capped by its length', () => {
    expect(spikeColumnChunks(8, 26_000_000)).toEqual([32768]);
    expect(spikeColumnChunks(8, 300)).toEqual([300]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flattenNumeric,
  flattenText,
  indexFromLengths
} from '../../../src/nwb/ragged';

describe('indexFromLengths', () => {
  it('gives exclusive end offsets, repeating them for empty rows', () => {
    const index = indexFromLengths([2, 0, 3]);
    expect(Array.from(index.ends as Uint8Array)).toEqual([2, 2, 5]);
    expect(index.total).toBe(5);
    expect(index.dtype).toBe('uint8');
  });

  it('picks a wider unsigned type when the total needs it', () => {
    expect(indexFromLengths([200, 100]).dtype).toBe('uint16');
    expect(indexFromLengths([70000]).dtype).toBe('uint32');
    expect(indexFromLengths([70000]).ends).toBeInstanceOf(Uint32Array);
  });

  it('rejects negative or fractional lengths', () => {
    expect(() => indexFromLengths([1, -1])).toThrow(/row 1/);
    expect(() => indexFromLengths([1.5])).toThrow(/row 0/);
  });

  it('lets every row be recovered from the flat data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ noNaN: true }), { maxLength: 6 })),
        rows => {
          const { data, index } = flattenNumeric(rows, 'float64');
          const ends = Array.from(index.ends as Uint8Array, Number);
          rows.forEach((row, i) => {
            const start = i === 0 ? 0 : ends[i - 1];
            expect(
              Array.from(data.subarray(start, ends[i]) as Float64Array)
            ).toEqual(row);
          });
          expect(data.length).toBe(index.total);
        }
      )
    );
  });
});

describe('flattenText', () => {
  it('concatenates text rows, keeping empty rows', () => {
    const { data, index } = flattenText([['a', 'b'], [], ['ç']]);
    expect(data).toEqual(['a', 'b', 'ç']);
    expect(Array.from(index.ends as Uint8Array)).toEqual([2, 2, 3]);
  });
});

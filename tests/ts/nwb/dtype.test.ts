import { describe, expect, it } from 'vitest';
import {
  dtypeOf,
  h5Dtype,
  smallestUnsigned,
  toTypedArray
} from '../../../src/nwb/dtype';

describe('dtype choice', () => {
  it('maps typed arrays to their dtype', () => {
    expect(dtypeOf(new Float32Array(1))).toBe('float32');
    expect(dtypeOf(new BigUint64Array(1))).toBe('uint64');
    expect(dtypeOf(new Int16Array(1))).toBe('int16');
  });

  it('always spells an explicit little-endian HDF5 dtype', () => {
    expect(h5Dtype('float32')).toBe('<f');
    expect(h5Dtype('float64')).toBe('<d');
    expect(h5Dtype('uint8')).toBe('<B');
    expect(h5Dtype('int64')).toBe('<q');
  });

  it('keeps integral numbers as floats when asked for floats', () => {
    const a = toTypedArray([1, 2, -1], 'float64');
    expect(a).toBeInstanceOf(Float64Array);
    expect(Array.from(a as Float64Array)).toEqual([1, 2, -1]);
  });

  it('converts to 64-bit integers through BigInt', () => {
    const a = toTypedArray([1, 2 ** 40], 'int64');
    expect(a).toBeInstanceOf(BigInt64Array);
    expect(a[1]).toBe(BigInt(2 ** 40));
  });

  it('chooses the smallest unsigned type for an index', () => {
    expect(smallestUnsigned(0)).toBe('uint8');
    expect(smallestUnsigned(255)).toBe('uint8');
    expect(smallestUnsigned(256)).toBe('uint16');
    expect(smallestUnsigned(65536)).toBe('uint32');
    expect(smallestUnsigned(2 ** 32)).toBe('uint64');
    expect(() => smallestUnsigned(-1)).toThrow(RangeError);
  });
});

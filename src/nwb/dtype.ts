/** Numeric dtypes as NWB names them, and their HDF5 (numpy-style) spelling for h5wasm. */
import { NUMBER_ARRAYS, TypedArray } from '../typedArrays';

export type NumericDtype =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64';

export type NumericArray = TypedArray;

const H5: Record<NumericDtype, string> = {
  int8: '<b',
  uint8: '<B',
  int16: '<h',
  uint16: '<H',
  int32: '<i',
  uint32: '<I',
  int64: '<q',
  uint64: '<Q',
  float32: '<f',
  float64: '<d'
};

const BYTES: Record<NumericDtype, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8
};

/** h5wasm dtype string; never let h5wasm guess (it stores `1.0` as int32). */
export function h5Dtype(dtype: NumericDtype): string {
  return H5[dtype];
}

export function itemSize(dtype: NumericDtype): number {
  return BYTES[dtype];
}

/** The dtype a typed array already has. */
export function dtypeOf(values: NumericArray): NumericDtype {
  if (values instanceof Float64Array) {
    return 'float64';
  }
  if (values instanceof Float32Array) {
    return 'float32';
  }
  if (values instanceof Int8Array) {
    return 'int8';
  }
  if (values instanceof Uint8Array) {
    return 'uint8';
  }
  if (values instanceof Int16Array) {
    return 'int16';
  }
  if (values instanceof Uint16Array) {
    return 'uint16';
  }
  if (values instanceof Int32Array) {
    return 'int32';
  }
  if (values instanceof Uint32Array) {
    return 'uint32';
  }
  if (values instanceof BigInt64Array) {
    return 'int64';
  }
  return 'uint64';
}

/** A typed array of `dtype` holding `values` (plain numbers are converted, bigints kept). */
export function toTypedArray(
  values: ArrayLike<number> | NumericArray,
  dtype: NumericDtype
): NumericArray {
  if (!Array.isArray(values) && dtypeOf(values as NumericArray) === dtype) {
    return values as NumericArray;
  }
  const n = values.length;
  switch (dtype) {
    case 'int64':
    case 'uint64': {
      const out =
        dtype === 'int64' ? new BigInt64Array(n) : new BigUint64Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = BigInt(values[i] as number | bigint);
      }
      return out;
    }
    default:
      return TYPED[dtype].from(values as ArrayLike<number>);
  }
}

const TYPED = NUMBER_ARRAYS;

/** A zero-filled typed array of `dtype` with `length` elements. */
export function allocate(dtype: NumericDtype, length: number): NumericArray {
  switch (dtype) {
    case 'int64':
      return new BigInt64Array(length);
    case 'uint64':
      return new BigUint64Array(length);
    default:
      return new TYPED[dtype](length);
  }
}

/** A typed array of `dtype` over all of `buffer`. */
export function view(dtype: NumericDtype, buffer: ArrayBuffer): NumericArray {
  switch (dtype) {
    case 'int64':
      return new BigInt64Array(buffer);
    case 'uint64':
      return new BigUint64Array(buffer);
    default:
      return new TYPED[dtype](buffer);
  }
}

/**
 * The smallest unsigned dtype that holds `max` — what PyNWB picks for VectorIndex columns,
 * whose spec dtype is uint8 (wider unsigned types satisfy it; signed ones do not).
 */
export function smallestUnsigned(max: number): NumericDtype {
  if (max < 0 || !Number.isInteger(max)) {
    throw new RangeError(`index value ${max} is not a non-negative integer`);
  }
  if (max <= 0xff) {
    return 'uint8';
  }
  if (max <= 0xffff) {
    return 'uint16';
  }
  if (max <= 0xffffffff) {
    return 'uint32';
  }
  return 'uint64';
}

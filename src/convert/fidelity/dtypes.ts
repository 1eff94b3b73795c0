/**
 * Dtypes of the values a dataset must hold and of the dataset read back, by numpy's names,
 * and the one comparison of them the value check cannot make: a float dataset narrower than
 * its source's floats (float32 stored for float64 data) has rounded the source.
 */
import type { Dataset } from '../../nwb/h5';
import type { Values } from './compare';

const TYPED: [abstract new (...args: never[]) => unknown, string][] = [
  [Float64Array, 'float64'],
  [Float32Array, 'float32'],
  [Int8Array, 'int8'],
  [Uint8Array, 'uint8'],
  [Uint8ClampedArray, 'uint8'],
  [Int16Array, 'int16'],
  [Uint16Array, 'uint16'],
  [Int32Array, 'int32'],
  [Uint32Array, 'uint32'],
  [BigInt64Array, 'int64'],
  [BigUint64Array, 'uint64']
];

/** The dtype of expected values: a typed array's own, text, or float64 for plain numbers. */
export function dtypeOfValues(parts: Values[]): string {
  const first = parts.find(p => p.length > 0) ?? parts[0];
  if (first === undefined) {
    return 'float64';
  }
  for (const [type, name] of TYPED) {
    if (first instanceof type) {
      return name;
    }
  }
  return typeof first[0] === 'string' ? 'string' : 'float64';
}

/** HDF5 type classes (H5T_class_t) in h5wasm's metadata. */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;

/** The stored dataset's dtype, e.g. `float32`, `uint16`, `string`. */
export function storedDtype(ds: Dataset): string {
  const { type, size, signed } = ds.metadata as {
    type: number;
    size: number;
    signed?: boolean;
  };
  if (type === H5T_FLOAT) {
    return `float${size * 8}`;
  }
  if (type === H5T_INTEGER) {
    return `${signed ? '' : 'u'}int${size * 8}`;
  }
  if (type === H5T_STRING) {
    return 'string';
  }
  return `hdf5 class ${type}, ${size} bytes`;
}

const FLOAT_BITS: Record<string, number> = {
  float16: 16,
  float32: 32,
  float64: 64
};

/**
 * Why a stored dtype cannot hold the expected one, or undefined when it can (or when the
 * values decide: an integer dataset holds integer-valued floats exactly, a value check finds
 * the rest). Rounding is allowed only where the source itself had the narrower float.
 */
export function dtypeProblem(
  stored: string,
  expected: string
): string | undefined {
  const bits = FLOAT_BITS[stored];
  const needed =
    FLOAT_BITS[expected] ?? (/int(64|32)$/.test(expected) ? 64 : 0);
  if (bits !== undefined && needed > bits) {
    return `${stored} stored for ${expected} values: the source would be rounded`;
  }
  return undefined;
}

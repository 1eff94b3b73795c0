/**
 * numpy type strings (`<f8`, `|b1`, `>i2`, `<M8[ns]`, …) → the typed array
 * that holds them in JavaScript.
 */
import { UnsupportedDtypeError } from './errors';

import type { TypedArray } from '../typedArrays';

export type { TypedArray };

type TypedArrayCtor = {
  new (
    buffer: ArrayBufferLike,
    byteOffset?: number,
    length?: number
  ): TypedArray;
  new (length: number): TypedArray;
  BYTES_PER_ELEMENT: number;
};

/** A numpy dtype we can read. */
export interface IDtype {
  /** numpy name: `bool`, `int16`, `float64`, `complex128`, `datetime64[ns]`, … */
  name: string;
  /** Bytes per element in the file. */
  itemSize: number;
  /** File byte order; single-byte types count as little-endian. */
  littleEndian: boolean;
  /** Typed-array values per element (2 for complex numbers). */
  components: number;
  /** Typed array for the values once decoded (float16 is widened to float32). */
  arrayType: TypedArrayCtor;
  /** True for float16, which JavaScript has no typed array for in Node 20. */
  half: boolean;
}

const KINDS: Record<string, Record<number, [string, TypedArrayCtor]>> = {
  b: { 1: ['bool', Uint8Array] },
  i: {
    1: ['int8', Int8Array],
    2: ['int16', Int16Array],
    4: ['int32', Int32Array],
    8: ['int64', BigInt64Array]
  },
  u: {
    1: ['uint8', Uint8Array],
    2: ['uint16', Uint16Array],
    4: ['uint32', Uint32Array],
    8: ['uint64', BigUint64Array]
  },
  f: {
    2: ['float16', Float32Array],
    4: ['float32', Float32Array],
    8: ['float64', Float64Array]
  },
  c: { 8: ['complex64', Float32Array], 16: ['complex128', Float64Array] }
};

export const HOST_LITTLE_ENDIAN =
  new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Parse a numpy type string; refuses objects, strings and records with advice. */
export function parseDtype(descr: string, path: string): IDtype {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(\[\w+\])?$/.exec(descr);
  if (!m) {
    throw new UnsupportedDtypeError(
      path,
      descr,
      'Structured (record) arrays are not supported: save each field as its own ALF attribute.'
    );
  }
  const [, order, kind, sizeText, unit] = m;
  const littleEndian = order !== '>';
  if (kind === 'O') {
    throw new UnsupportedDtypeError(
      path,
      descr,
      'The array holds pickled Python objects, which cannot be read safely outside Python: ' +
        'convert it in Python to a numeric array or a table (.pqt) and save it again.'
    );
  }
  const size = Number(sizeText);
  if ((kind === 'M' || kind === 'm') && size === 8) {
    const name = `${kind === 'M' ? 'datetime64' : 'timedelta64'}${unit ?? ''}`;
    return {
      name,
      itemSize: 8,
      littleEndian,
      components: 1,
      arrayType: BigInt64Array,
      half: false
    };
  }
  if (kind === '?' && (size === 1 || sizeText === '')) {
    return {
      name: 'bool',
      itemSize: 1,
      littleEndian,
      components: 1,
      arrayType: Uint8Array,
      half: false
    };
  }
  const entry = KINDS[kind]?.[size];
  if (!entry || unit) {
    throw new UnsupportedDtypeError(path, descr);
  }
  const [name, arrayType] = entry;
  const components = kind === 'c' ? 2 : 1;
  return {
    name,
    itemSize: size,
    littleEndian,
    components,
    arrayType,
    half: kind === 'f' && size === 2
  };
}

/** Decode IEEE 754 half-precision bits into a float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) {
    return sign * frac * 2 ** -24;
  }
  if (exp === 31) {
    return frac ? NaN : sign * Infinity;
  }
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Turn raw element bytes (file byte order) into a typed array in host order.
 * `bytes` is not modified; a zero-copy view is returned when possible.
 */
export function bytesToTypedArray(
  bytes: Uint8Array,
  dtype: IDtype
): TypedArray {
  const count = bytes.length / dtype.itemSize;
  if (dtype.half) {
    const out = new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) {
      out[i] = halfToFloat(view.getUint16(2 * i, dtype.littleEndian));
    }
    return out;
  }
  const width = dtype.itemSize / dtype.components;
  const values = count * dtype.components;
  if (width === 1 || dtype.littleEndian === HOST_LITTLE_ENDIAN) {
    if (bytes.byteOffset % width === 0) {
      return new dtype.arrayType(bytes.buffer, bytes.byteOffset, values);
    }
    const copy = new Uint8Array(bytes); // realign
    return new dtype.arrayType(copy.buffer, 0, values);
  }
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) {
      swapped[i + j] = bytes[i + width - 1 - j];
    }
  }
  return new dtype.arrayType(swapped.buffer, 0, values);
}

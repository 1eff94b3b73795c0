/**
 * `.npy` reader (format versions 1–3): every numeric dtype and bool, both
 * byte orders, C and Fortran order, 0-d to N-d. Arrays come back in C (row-
 * major) order in host byte order. Row slices are planned as byte ranges so a
 * file reader can fetch only what it needs (see `node/files.ts`).
 */
import { bytesToTypedArray, IDtype, parseDtype, TypedArray } from './dtype';
import { CorruptFileError, TruncatedFileError } from './errors';
import { INpyHeader, parseNpyHeader } from './npyHeader';

export type { INpyHeader } from './npyHeader';
export {
  npyHeaderLength,
  NPY_PREAMBLE_BYTES,
  parseNpyHeader
} from './npyHeader';

/** An N-d array in C order. Complex values are interleaved (re, im). */
export interface INdArray {
  /** numpy dtype name, e.g. `float64`, `bool`, `complex64`. */
  dtype: string;
  shape: number[];
  data: TypedArray;
}

/** Parsed header plus its dtype and sizes. */
export interface INpyLayout {
  header: INpyHeader;
  dtype: IDtype;
  /** Number of elements (product of the shape; 1 for 0-d). */
  size: number;
  /** Bytes of array data the file must hold after the header. */
  dataBytes: number;
}

/** Validate the header and compute the data size; never allocates array memory. */
export function npyLayout(headerBytes: Uint8Array, path: string): INpyLayout {
  const header = parseNpyHeader(headerBytes, path);
  const dtype = parseDtype(header.descr, path);
  const size = header.shape.reduce((a, b) => a * b, 1);
  const dataBytes = size * dtype.itemSize;
  if (!Number.isSafeInteger(dataBytes)) {
    throw new CorruptFileError(
      path,
      `the .npy shape (${header.shape.join(', ')}) is implausible`
    );
  }
  return { header, dtype, size, dataBytes };
}

/** Reorder an array stored in Fortran order into C order. */
function fortranToC(
  src: TypedArray,
  shape: number[],
  components: number
): TypedArray {
  const ndim = shape.length;
  if (ndim < 2) {
    return src;
  }
  const Ctor = src.constructor as new (n: number) => TypedArray;
  const out = new Ctor(src.length);
  const dst = out as unknown as { [i: number]: number | bigint };
  const from = src as unknown as { [i: number]: number | bigint };
  // Fortran strides (in elements): stride[0] = 1, stride[k] = stride[k-1] * shape[k-1].
  const fStride = new Array<number>(ndim);
  fStride[0] = 1;
  for (let k = 1; k < ndim; k++) {
    fStride[k] = fStride[k - 1] * shape[k - 1];
  }
  const idx = new Array<number>(ndim).fill(0);
  const total = src.length / components;
  let fPos = 0;
  for (let c = 0; c < total; c++) {
    for (let j = 0; j < components; j++) {
      dst[c * components + j] = from[fPos * components + j];
    }
    // Advance the C-order multi-index (last axis fastest) and track the F offset.
    for (let k = ndim - 1; k >= 0; k--) {
      idx[k]++;
      fPos += fStride[k];
      if (idx[k] < shape[k]) {
        break;
      }
      fPos -= fStride[k] * shape[k];
      idx[k] = 0;
    }
  }
  return out;
}

function toArray(
  dataBytes: Uint8Array,
  dtype: IDtype,
  shape: number[],
  fortran: boolean
): INdArray {
  const values = bytesToTypedArray(dataBytes, dtype);
  const data = fortran ? fortranToC(values, shape, dtype.components) : values;
  return { dtype: dtype.name, shape, data };
}

/** Decode a whole `.npy` file held in memory. Extra trailing bytes are ignored, as numpy does. */
export function decodeNpy(bytes: Uint8Array, path: string): INdArray {
  const layout = npyLayout(bytes, path);
  const { header, dtype, dataBytes } = layout;
  const available = bytes.length - header.dataOffset;
  if (available < dataBytes) {
    throw new TruncatedFileError(
      path,
      header.dataOffset + dataBytes,
      bytes.length
    );
  }
  const data = bytes.subarray(header.dataOffset, header.dataOffset + dataBytes);
  return toArray(data, dtype, header.shape, header.fortranOrder);
}

/** One contiguous byte range of the file, `[offset, offset + length)`. */
export interface IByteRange {
  offset: number;
  length: number;
}

/**
 * Byte ranges holding rows `[start, stop)` (first axis). C order: one range.
 * Fortran order: one range per combination of the other axes, in file order.
 */
export function npyRowRanges(
  layout: INpyLayout,
  start: number,
  stop: number
): IByteRange[] {
  const { header, dtype } = layout;
  const rows = header.shape[0];
  if (header.shape.length === 0 || start < 0 || stop > rows || start > stop) {
    throw new RangeError(
      `rows [${start}, ${stop}) are outside the array's ${rows ?? 0} rows`
    );
  }
  const rest = header.shape.slice(1).reduce((a, b) => a * b, 1);
  const item = dtype.itemSize;
  if (!header.fortranOrder || header.shape.length === 1) {
    return [
      {
        offset: header.dataOffset + start * rest * item,
        length: (stop - start) * rest * item
      }
    ];
  }
  const ranges: IByteRange[] = [];
  for (let k = 0; k < rest; k++) {
    ranges.push({
      offset: header.dataOffset + (k * rows + start) * item,
      length: (stop - start) * item
    });
  }
  return ranges;
}

/** Decode rows `[start, stop)` from the bytes of `npyRowRanges`, concatenated in order. */
export function decodeNpyRows(
  layout: INpyLayout,
  start: number,
  stop: number,
  bytes: Uint8Array
): INdArray {
  const shape = [stop - start, ...layout.header.shape.slice(1)];
  const expected = shape.reduce((a, b) => a * b, 1) * layout.dtype.itemSize;
  if (bytes.length !== expected) {
    throw new RangeError(
      `expected ${expected} bytes for rows [${start}, ${stop}), got ${bytes.length}`
    );
  }
  return toArray(bytes, layout.dtype, shape, layout.header.fortranOrder);
}

/** ALF convention (ONE's loader): an (n, 1) array is read as a vector (n,). */
export function squeezeColumn(array: INdArray): INdArray {
  const { shape } = array;
  return shape.length === 2 && shape[1] === 1
    ? { ...array, shape: [shape[0]] }
    : array;
}

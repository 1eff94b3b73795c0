/**
 * Rows of a dataset read back through HDF5 for the fidelity check. Numeric datasets are read
 * by the same HDF5 call h5wasm's `slice` makes (`get_dataset_data`: H5Dread with the
 * dataset's filters, inflate and unshuffle included) into one buffer on the wasm heap that
 * is kept for the next read, and looked at in place. `slice` instead allocates a buffer per
 * read and copies each one into a new JS array (8 MB a slice; ~1 GB copied per conversion).
 * Anything else (strings, references, 64-bit integers, other h5wasm builds) goes through
 * `slice` as before.
 */
import type { Dataset } from '../../nwb/h5';
import { h5Module } from '../../nwb/h5';
import { flatValues, type Values } from '../fidelity/compare';

/** The wasm heap of h5wasm, as far as it is used here. */
interface IHeap {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  get_dataset_data?: (
    fileId: bigint,
    path: string,
    count: bigint[] | null,
    offset: bigint[] | null,
    strides: bigint[] | null,
    ptr: bigint
  ) => number;
}

type ViewType =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor;

/** HDF5 type classes (H5T_class_t). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;

/** The typed array a stored value reads as, if it reads as one without conversion. */
function viewType(ds: Dataset): ViewType | undefined {
  const { type, size, signed, vlen, littleEndian } = ds.metadata;
  if (vlen || !littleEndian) {
    return undefined;
  }
  if (type === H5T_FLOAT) {
    return size === 8 ? Float64Array : size === 4 ? Float32Array : undefined;
  }
  if (type === H5T_INTEGER) {
    switch (size) {
      case 4:
        return signed ? Int32Array : Uint32Array;
      case 2:
        return signed ? Int16Array : Uint16Array;
      case 1:
        return signed ? Int8Array : Uint8Array;
    }
  }
  return undefined;
}

/** This thread's read buffer on the wasm heap (h5wasm's module is per thread). */
let buffer = { ptr: 0, bytes: 0 };

function readBuffer(heap: IHeap, bytes: number): number {
  if (buffer.bytes < bytes) {
    if (buffer.ptr) {
      heap._free(buffer.ptr);
      buffer = { ptr: 0, bytes: 0 };
    }
    const ptr = heap._malloc(bytes);
    if (ptr === 0) {
      throw new Error(
        `the read-back could not allocate ${bytes} bytes on the wasm heap`
      );
    }
    buffer = { ptr, bytes };
  }
  return buffer.ptr;
}

/**
 * Rows `from` to `to` (exclusive) of `ds`, all trailing dimensions, flattened. A view on the
 * wasm heap for numeric datasets: valid only until the next read on this thread, so it is
 * compared or digested at once and never kept.
 */
export function readRows(ds: Dataset, from: number, to: number): Values {
  const heap = h5Module() as unknown as IHeap;
  const View = viewType(ds);
  const shape = ds.shape ?? [];
  if (!View || typeof heap.get_dataset_data !== 'function' || !shape.length) {
    return flatValues(ds.slice([[from, to]]));
  }
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const count = (to - from) * rowSize;
  const bytes = count * View.BYTES_PER_ELEMENT;
  if (count === 0) {
    return new View(0);
  }
  const ptr = readBuffer(heap, bytes);
  heap.get_dataset_data(
    ds.file_id,
    ds.path,
    [BigInt(to - from), ...shape.slice(1).map(BigInt)],
    [BigInt(from), ...shape.slice(1).map(() => 0n)],
    shape.map(() => 1n),
    BigInt(ptr)
  );
  // After the read: the heap may have grown (a new ArrayBuffer) while HDF5 read.
  return new View(heap.HEAPU8.buffer as ArrayBuffer, ptr, count);
}

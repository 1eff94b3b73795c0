/**
 * Chunks as zarrita returns them, turned into the values h5wasm returns
 * for the same HDF5 dataset: typed arrays for numbers (BigInt64Array for
 * 64-bit integers), Int8Array for booleans (h5py's enum), arrays of strings.
 */

interface IZarritaChunk {
  data: unknown;
  shape: number[];
  stride: number[];
}

interface IGetter {
  length: number;
  get(index: number): unknown;
}

/** Flat values in C order (zarrita keeps an F-ordered array's strides). */
export function cOrderValues(chunk: IZarritaChunk): unknown {
  const { data, shape, stride } = chunk;
  const flat = plainValues(data);
  if (isCOrder(shape, stride)) {
    return flat;
  }
  const count = shape.reduce((n, s) => n * s, 1);
  const source = flat as ArrayLike<unknown>;
  const out: unknown[] = new Array(count);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < count; i++) {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) {
      offset += index[d] * stride[d];
    }
    out[i] = source[offset];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) {
        break;
      }
      index[d] = 0;
    }
  }
  if (ArrayBuffer.isView(flat)) {
    const Ctor = (
      flat as unknown as { constructor: new (v: unknown[]) => unknown }
    ).constructor;
    return new Ctor(out);
  }
  return out;
}

function isCOrder(shape: number[], stride: number[]): boolean {
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] > 1 && stride[d] !== step) {
      return false;
    }
    step *= shape[d];
  }
  return true;
}

/** zarrita's BoolArray / string arrays as Int8Array / string[]. */
function plainValues(data: unknown): unknown {
  if (ArrayBuffer.isView(data) || Array.isArray(data)) {
    return data;
  }
  const name = (data as { constructor?: { name?: string } })?.constructor?.name;
  const getter = data as IGetter;
  if (name === 'BoolArray') {
    const out = new Int8Array(getter.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = getter.get(i) ? 1 : 0;
    }
    return out;
  }
  if (typeof getter?.get === 'function' && typeof getter.length === 'number') {
    return Array.from({ length: getter.length }, (_, i) =>
      String(getter.get(i)).replace(/\0+$/, '')
    );
  }
  return data;
}

/** The one element of a scalar dataset, as h5wasm returns it. */
export function scalarOf(values: unknown): unknown {
  return (values as ArrayLike<unknown>)[0];
}

/**
 * numcodecs codecs the Zarr NWB writers use that zarrita does not ship:
 * `pickle` (hdmf-zarr's default object codec: references, compound rows),
 * `vlen-bytes` (hdmf-zarr's byte strings, e.g. `session_start_time`) and
 * `fletcher32` (HDF5's checksum filter, which LINDI passes through).
 * Registered once, before any array is opened.
 */
import { registry } from 'zarrita';

import { reviveNumpy, unpickle } from './unpickle';

interface IChunkMeta {
  shape: number[];
}

function cStrides(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

function unsupportedEncode(name: string): () => never {
  return () => {
    throw new Error(`The NWB viewer reads Zarr; it does not write ${name}.`);
  };
}

class PickleCodec {
  readonly kind = 'array_to_bytes';
  constructor(private readonly shape: number[]) {}
  static fromConfig(_: unknown, meta: IChunkMeta): PickleCodec {
    return new PickleCodec(meta.shape);
  }
  encode = unsupportedEncode('pickle');
  decode(bytes: Uint8Array): {
    data: unknown[];
    shape: number[];
    stride: number[];
  } {
    const { values } = reviveNumpy(unpickle(bytes));
    return { data: values, shape: this.shape, stride: cStrides(this.shape) };
  }
}

/** numcodecs VLenBytes: a count, then (length, bytes) per item; read as text. */
class VLenBytesCodec {
  readonly kind = 'array_to_bytes';
  constructor(private readonly shape: number[]) {}
  static fromConfig(_: unknown, meta: IChunkMeta): VLenBytesCodec {
    return new VLenBytesCodec(meta.shape);
  }
  encode = unsupportedEncode('vlen-bytes');
  decode(bytes: Uint8Array): {
    data: string[];
    shape: number[];
    stride: number[];
  } {
    return {
      data: decodeVlen(bytes),
      shape: this.shape,
      stride: cStrides(this.shape)
    };
  }
}

/**
 * Items of a numcodecs VLenUTF8/VLenBytes buffer. Byte strings are shown as
 * text, as h5wasm shows HDF5 strings (UTF-8 decodes ASCII unchanged).
 */
export function decodeVlen(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const count = view.getUint32(0, true);
  const out = new Array<string>(count);
  let pos = 4;
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(pos, true);
    pos += 4;
    if (pos + length > bytes.byteLength) {
      throw new Error('variable-length string chunk ends early');
    }
    out[i] = decoder.decode(bytes.subarray(pos, pos + length));
    pos += length;
  }
  return out;
}

/**
 * numcodecs JSON (`json2`): `[...values, dtype, shape]`, where numcodecs
 * wrote `array.tolist()`, nested for more than one dimension. zarrita's
 * own codec keeps the nesting; Zarr wants the values flat in C order.
 */
class JsonCodec {
  readonly kind = 'array_to_bytes';
  constructor(private readonly shape: number[]) {}
  static fromConfig(_: unknown, meta: IChunkMeta): JsonCodec {
    return new JsonCodec(meta.shape);
  }
  encode = unsupportedEncode('json2');
  decode(bytes: Uint8Array): {
    data: unknown[];
    shape: number[];
    stride: number[];
  } {
    const items = JSON.parse(new TextDecoder().decode(bytes)) as unknown[];
    if (!Array.isArray(items) || items.length < 2) {
      throw new Error('JSON chunk is not [values..., dtype, shape]');
    }
    const shape = items.pop() as number[];
    items.pop();
    const depth = Math.max(1, Array.isArray(shape) ? shape.length : 1);
    return {
      data: items.flat(depth - 1),
      shape: this.shape,
      stride: cStrides(this.shape)
    };
  }
}

/** One field of a numpy structured dtype: `[name, '<u4']`. */
type StructField = [string, string];

/**
 * Rows of a numpy structured array of plain fields (numbers, fixed-length
 * byte strings), as hdmf-zarr writes compound datasets without references
 * (e.g. PlaneSegmentation.pixel_mask): each row as an array of its field
 * values, as h5wasm returns HDF5 compound rows. `openHdmfZarr` puts this
 * codec in place of the structured dtype zarrita cannot read.
 */
class StructuredCodec {
  readonly kind = 'array_to_bytes';
  private readonly readers: ((view: DataView, at: number) => unknown)[];
  private readonly rowSize: number;
  constructor(
    fields: StructField[],
    private readonly shape: number[]
  ) {
    let offset = 0;
    this.readers = fields.map(([name, dtype]) => {
      const match = /^([<>|=]?)([iufSb])(\d+)$/.exec(dtype);
      if (!match) {
        throw new Error(
          `compound field ${name} has dtype ${dtype}, which the viewer cannot read`
        );
      }
      const little = match[1] !== '>';
      const size = Number(match[3]);
      const at = offset;
      offset += size;
      return fieldReader(match[2], size, little, at, name);
    });
    this.rowSize = offset;
  }
  static fromConfig(
    config: { fields?: StructField[] },
    meta: IChunkMeta
  ): StructuredCodec {
    return new StructuredCodec(config.fields ?? [], meta.shape);
  }
  encode = unsupportedEncode('structured arrays');
  decode(bytes: Uint8Array): {
    data: unknown[][];
    shape: number[];
    stride: number[];
  } {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = Math.floor(bytes.byteLength / this.rowSize);
    const data = new Array<unknown[]>(count);
    for (let row = 0; row < count; row++) {
      data[row] = this.readers.map(read => read(view, row * this.rowSize));
    }
    return { data, shape: this.shape, stride: cStrides(this.shape) };
  }
}

function fieldReader(
  kind: string,
  size: number,
  little: boolean,
  at: number,
  name: string
): (view: DataView, row: number) => unknown {
  const decoder = new TextDecoder();
  const read = (view: DataView, row: number): unknown => {
    const o = row + at;
    switch (`${kind}${size}`) {
      case 'i1':
        return view.getInt8(o);
      case 'u1':
        return view.getUint8(o);
      case 'b1':
        return view.getUint8(o);
      case 'i2':
        return view.getInt16(o, little);
      case 'u2':
        return view.getUint16(o, little);
      case 'i4':
        return view.getInt32(o, little);
      case 'u4':
        return view.getUint32(o, little);
      case 'i8':
        return view.getBigInt64(o, little);
      case 'u8':
        return view.getBigUint64(o, little);
      case 'f4':
        return view.getFloat32(o, little);
      case 'f8':
        return view.getFloat64(o, little);
      default:
        if (kind === 'S') {
          const raw = new Uint8Array(view.buffer, view.byteOffset + o, size);
          return decoder.decode(raw).replace(/\0+$/, '');
        }
        throw new Error(
          `compound field ${name}: ${kind}${size} is not a numpy type`
        );
    }
  };
  return read;
}

/** HDF5's Fletcher-32 filter: the last 4 bytes are a checksum; drop them. */
class Fletcher32Codec {
  readonly kind = 'bytes_to_bytes';
  static fromConfig(): Fletcher32Codec {
    return new Fletcher32Codec();
  }
  encode = unsupportedEncode('fletcher32');
  decode(bytes: Uint8Array): Uint8Array {
    return bytes.subarray(0, Math.max(0, bytes.length - 4));
  }
}

/** zarrita's own VLenUTF8 assumes a chunk starts at byte 0 of its buffer. */
class VLenUtf8Codec extends VLenBytesCodec {
  static fromConfig(_: unknown, meta: IChunkMeta): VLenUtf8Codec {
    return new VLenUtf8Codec(meta.shape);
  }
}

let registered = false;

/** Add the codecs above to zarrita's registry (idempotent). */
export function registerNwbCodecs(): void {
  if (registered) {
    return;
  }
  registered = true;
  const add = (name: string, codec: unknown) => {
    const load = () => codec as never;
    registry.set(name, load);
    registry.set(`numcodecs.${name}`, load);
  };
  add('pickle', PickleCodec);
  add('vlen-bytes', VLenBytesCodec);
  add('vlen-utf8', VLenUtf8Codec);
  add('fletcher32', Fletcher32Codec);
  add('json2', JsonCodec);
  add('nwb-structured', StructuredCodec);
}

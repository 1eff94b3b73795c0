/**
 * Minimal `.npy` (format 1.0) writer: explicit little-endian dtypes, C order.
 *
 * Used for every ALF array the generator writes. Large arrays are streamed with
 * `NpyStreamWriter`, whose header has a fixed length so the final shape can be
 * patched in place once the number of rows is known.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

import { GeneratorError } from './errors';

/** The numpy dtypes the generator writes, as numpy spells them in the header. */
export type NpyDtype =
  '<f8' | '<f4' | '<i8' | '<i4' | '<i2' | '<u2' | '|u1' | '|b1';

/** Typed array matching each dtype. */
export type NpyData =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Uint16Array
  | Uint8Array;

const MAGIC = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);

/** Header block size of streamed files: room for any shape with < 20-digit dims. */
const STREAM_HEADER_BYTES = 128;

function assertLittleEndianHost(): void {
  if (os.endianness() !== 'LE') {
    throw new GeneratorError(
      'npy writer',
      'this machine is big-endian and typed arrays would be written in the wrong byte order',
      'run the generator on a little-endian machine (x86-64 or arm64)'
    );
  }
}

function dictText(dtype: NpyDtype, shape: readonly number[]): string {
  const dims =
    shape.length === 0
      ? '()'
      : shape.length === 1
        ? `(${shape[0]},)`
        : `(${shape.join(', ')})`;
  return `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${dims}, }`;
}

/** The header bytes (magic, version, length, padded dict) for a dtype and shape. */
export function npyHeader(
  dtype: NpyDtype,
  shape: readonly number[],
  total?: number
): Uint8Array {
  const text = dictText(dtype, shape);
  // numpy pads so that the data starts on a 64-byte boundary
  const unpadded = MAGIC.length + 2 + text.length + 1;
  const size = total ?? Math.ceil(unpadded / 64) * 64;
  if (size < unpadded || size - MAGIC.length - 2 > 0xffff) {
    throw new GeneratorError(
      'npy writer',
      `shape ${text} does not fit a ${size}-byte header`,
      'use fewer dimensions'
    );
  }
  const header = new Uint8Array(size);
  header.set(MAGIC, 0);
  const hlen = size - MAGIC.length - 2;
  header[8] = hlen & 0xff;
  header[9] = hlen >>> 8;
  const padded = text + ' '.repeat(size - unpadded) + '\n';
  header.set(Buffer.from(padded, 'latin1'), 10);
  return header;
}

function checkData(
  dtype: NpyDtype,
  data: NpyData,
  shape: readonly number[]
): void {
  const expected: Record<NpyDtype, string> = {
    '<f8': 'Float64Array',
    '<f4': 'Float32Array',
    '<i8': 'BigInt64Array',
    '<i4': 'Int32Array',
    '<i2': 'Int16Array',
    '<u2': 'Uint16Array',
    '|u1': 'Uint8Array',
    '|b1': 'Uint8Array'
  };
  if (data.constructor.name !== expected[dtype]) {
    throw new GeneratorError(
      'npy writer',
      `dtype ${dtype} needs a ${expected[dtype]}, got ${data.constructor.name}`,
      'convert the array first'
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new GeneratorError(
      'npy writer',
      `shape (${shape.join(', ')}) holds ${count} values but the array has ${data.length}`,
      'fix the shape'
    );
  }
}

/** Encode a whole array as `.npy` bytes. */
export function encodeNpy(
  dtype: NpyDtype,
  data: NpyData,
  shape: readonly number[] = [data.length]
): Buffer {
  assertLittleEndianHost();
  checkData(dtype, data, shape);
  const header = npyHeader(dtype, shape);
  return Buffer.concat([
    header,
    Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  ]);
}

/** Write a whole array to `path`. */
export function writeNpy(
  path: string,
  dtype: NpyDtype,
  data: NpyData,
  shape?: readonly number[]
): void {
  fs.writeFileSync(path, encodeNpy(dtype, data, shape));
}

/**
 * Appends rows to a `.npy` file whose row count is only known at the end.
 * `close()` rewrites the fixed-size header with the final shape.
 */
export class NpyStreamWriter {
  private fd: number;
  private rows = 0;

  constructor(
    readonly path: string,
    readonly dtype: NpyDtype,
    readonly rowShape: readonly number[] = []
  ) {
    assertLittleEndianHost();
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(
      this.fd,
      npyHeader(dtype, [0, ...rowShape], STREAM_HEADER_BYTES)
    );
  }

  /** Append values; their count must be a whole number of rows. */
  append(data: NpyData): void {
    const perRow = this.rowShape.reduce((a, b) => a * b, 1);
    if (data.length % perRow !== 0) {
      throw new GeneratorError(
        this.path,
        `appended ${data.length} values, not a multiple of the row size ${perRow}`,
        'append whole rows'
      );
    }
    checkData(this.dtype, data, [data.length]);
    fs.writeSync(
      this.fd,
      Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    );
    this.rows += data.length / perRow;
  }

  /** Patch the header with the final shape and close the file. */
  close(): number {
    const header = npyHeader(
      this.dtype,
      [this.rows, ...this.rowShape],
      STREAM_HEADER_BYTES
    );
    fs.writeSync(this.fd, header, 0, header.length, 0);
    fs.closeSync(this.fd);
    return this.rows;
  }
}

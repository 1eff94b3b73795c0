/**
 * The `.npy` header: magic, version, and the Python dict literal that gives
 * `descr`, `fortran_order` and `shape`. Sizes are validated here so that a
 * damaged header can never make the reader allocate more than the file holds.
 */
import { CorruptFileError, TruncatedFileError } from './errors';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Largest header we accept (numpy writes ≤ a few hundred bytes; it refuses > 10000 by default). */
export const MAX_HEADER_BYTES = 1 << 20;

/** Bytes needed to know the header length (magic + version + length field of v2/v3). */
export const NPY_PREAMBLE_BYTES = 12;

export interface INpyHeader {
  version: number;
  /** numpy type string, e.g. `<f8`, `|b1`, `>i4`. */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first data byte. */
  dataOffset: number;
}

type PyValue =
  string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

/** A tiny parser for the Python literal subset numpy writes in headers. */
class PyLiteralParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly path: string
  ) {}

  parse(): PyValue {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.fail('unexpected text after the header dict');
    }
    return value;
  }

  private fail(problem: string): never {
    throw new CorruptFileError(this.path, `invalid .npy header (${problem})`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) {
      this.pos++;
    }
  }

  private value(): PyValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') {
      return this.dict();
    }
    if (c === '(' || c === '[') {
      return this.sequence(c === '(' ? ')' : ']');
    }
    if (c === "'" || c === '"') {
      return this.string(c);
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(
      this.text.slice(this.pos, this.pos + 32)
    );
    if (!m) {
      this.fail(`unexpected character ${JSON.stringify(c ?? 'end of header')}`);
    }
    this.pos += m[0].length;
    if (m[0] === 'True' || m[0] === 'False') {
      return m[0] === 'True';
    }
    return m[0] === 'None' ? null : Number(m[0].replace('L', ''));
  }

  private string(quote: string): string {
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) {
      this.fail('unterminated string');
    }
    const s = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return s;
  }

  private sequence(close: string): PyValue[] {
    this.pos++;
    const items: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
      } else if (this.text[this.pos] !== close) {
        this.fail(`expected ',' or '${close}'`);
      }
    }
  }

  private dict(): { [k: string]: PyValue } {
    this.pos++;
    const out: { [k: string]: PyValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.value();
      if (typeof key !== 'string') {
        this.fail('dict keys must be strings');
      }
      this.skipSpace();
      if (this.text[this.pos] !== ':') {
        this.fail("expected ':'");
      }
      this.pos++;
      out[key] = this.value();
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
      } else if (this.text[this.pos] !== '}') {
        this.fail("expected ',' or '}'");
      }
    }
  }
}

/**
 * Total header length (magic to first data byte) from the first
 * `NPY_PREAMBLE_BYTES` bytes, so a file reader knows how much to read.
 */
export function npyHeaderLength(preamble: Uint8Array, path: string): number {
  if (preamble.length < 10) {
    throw new TruncatedFileError(path, 10, preamble.length);
  }
  if (!NPY_MAGIC.every((b, i) => preamble[i] === b)) {
    throw new CorruptFileError(
      path,
      'not a .npy file (the magic string \\x93NUMPY is missing)'
    );
  }
  const major = preamble[6];
  const view = new DataView(
    preamble.buffer,
    preamble.byteOffset,
    preamble.byteLength
  );
  let length: number;
  if (major === 1) {
    length = 10 + view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (preamble.length < 12) {
      throw new TruncatedFileError(path, 12, preamble.length);
    }
    length = 12 + view.getUint32(8, true);
  } else {
    throw new CorruptFileError(
      path,
      `unknown .npy format version ${major}.${preamble[7]}`
    );
  }
  if (length > MAX_HEADER_BYTES) {
    throw new CorruptFileError(
      path,
      `the .npy header claims ${length} bytes, which is implausible`
    );
  }
  return length;
}

/** Parse the header at the start of `bytes` (which must hold at least the whole header). */
export function parseNpyHeader(bytes: Uint8Array, path: string): INpyHeader {
  const length = npyHeaderLength(bytes, path);
  if (bytes.length < length) {
    throw new TruncatedFileError(path, length, bytes.length);
  }
  const version = bytes[6];
  const start = version === 1 ? 10 : 12;
  const decoder = new TextDecoder(version === 3 ? 'utf-8' : 'latin1');
  const text = decoder.decode(bytes.subarray(start, length));
  const dict = new PyLiteralParser(text, path).parse();
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) {
    throw new CorruptFileError(path, 'the .npy header is not a dict');
  }
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (typeof fortranOrder !== 'boolean') {
    throw new CorruptFileError(
      path,
      "the .npy header has no boolean 'fortran_order'"
    );
  }
  if (
    !Array.isArray(shape) ||
    !shape.every(d => typeof d === 'number' && d >= 0)
  ) {
    throw new CorruptFileError(
      path,
      "the .npy header has no valid 'shape' tuple"
    );
  }
  if (typeof descr !== 'string') {
    // A list of fields: a structured (record) array.
    return {
      version,
      descr: JSON.stringify(descr),
      fortranOrder,
      shape: shape as number[],
      dataOffset: length
    };
  }
  return {
    version,
    descr,
    fortranOrder,
    shape: shape as number[],
    dataOffset: length
  };
}

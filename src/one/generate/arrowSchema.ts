/**
 * Encodes an Apache Arrow IPC schema message, the value pyarrow stores under the
 * parquet key `ARROW:schema`.
 *
 * Why: ONE needs the cache tables' `qc` column to come back as an *ordered*
 * pandas categorical; pyarrow only restores a dictionary type (and its order
 * flag) from this stored schema. The flatbuffer is written front to back: every
 * object is placed after the one that points to it, so all offsets are positive.
 */

/** Arrow logical types the cache tables need. */
export type ArrowType =
  | { kind: 'utf8' }
  | { kind: 'bool' }
  | { kind: 'float64' }
  | { kind: 'date32' }
  | { kind: 'int'; bitWidth: 8 | 16 | 32 | 64; signed: boolean }
  | { kind: 'dictionary'; ordered: boolean };

export interface IArrowField {
  name: string;
  type: ArrowType;
  nullable: boolean;
}

type Scalar = { size: 1 | 2 | 4 | 8; value: number | bigint };
type Slot = Scalar | { child: FbNode } | undefined;
type FbNode = { table: Slot[] } | { text: string } | { vector: FbNode[] };

// Union member numbers from Arrow's Schema.fbs
const TYPE_INT = 2;
const TYPE_FLOAT = 3;
const TYPE_UTF8 = 5;
const TYPE_BOOL = 6;
const TYPE_DATE = 8;
const HEADER_SCHEMA = 1;
const METADATA_V5 = 4;

const u8 = (value: number): Scalar => ({ size: 1, value });
const i16 = (value: number): Scalar => ({ size: 2, value });
const i32 = (value: number): Scalar => ({ size: 4, value });
const i64 = (value: bigint): Scalar => ({ size: 8, value });
const ref = (child: FbNode): Slot => ({ child });

function intTable(bitWidth: number, signed: boolean): FbNode {
  return { table: [i32(bitWidth), u8(signed ? 1 : 0)] };
}

function fieldNode(field: IArrowField): FbNode {
  const t = field.type;
  let typeType = TYPE_UTF8;
  let typeTable: FbNode = { table: [] };
  let dictionary: Slot = undefined;
  if (t.kind === 'bool') {
    typeType = TYPE_BOOL;
  } else if (t.kind === 'float64') {
    typeType = TYPE_FLOAT;
    typeTable = { table: [i16(2)] };
  } else if (t.kind === 'date32') {
    typeType = TYPE_DATE;
    typeTable = { table: [i16(0)] };
  } else if (t.kind === 'int') {
    typeType = TYPE_INT;
    typeTable = intTable(t.bitWidth, t.signed);
  } else if (t.kind === 'dictionary') {
    // values are strings, indices int8, as pandas categoricals with < 128 categories
    dictionary = ref({
      table: [i64(0n), ref(intTable(8, true)), u8(t.ordered ? 1 : 0)]
    });
  }
  return {
    table: [
      ref({ text: field.name }),
      u8(field.nullable ? 1 : 0),
      u8(typeType),
      ref(typeTable),
      dictionary,
      ref({ vector: [] })
    ]
  };
}

class ForwardBuilder {
  private bytes: number[] = [];

  private align(n: number): void {
    while (this.bytes.length % n !== 0) {
      this.bytes.push(0);
    }
  }

  private put(
    size: number,
    value: number | bigint,
    at = this.bytes.length
  ): void {
    const buf = Buffer.alloc(size);
    if (size === 8) {
      buf.writeBigInt64LE(BigInt(value));
    } else if (size === 4) {
      buf.writeInt32LE(Number(value));
    } else if (size === 2) {
      buf.writeInt16LE(Number(value));
    } else {
      buf.writeUInt8(Number(value));
    }
    for (let i = 0; i < size; i++) {
      this.bytes[at + i] = buf[i];
    }
  }

  /** Writes `node` at the end and returns its position (where offsets must point). */
  private place(node: FbNode): number {
    if ('text' in node) {
      this.align(4);
      const pos = this.bytes.length;
      const data = Buffer.from(node.text, 'utf8');
      this.put(4, data.length);
      this.bytes.push(...data, 0);
      return pos;
    }
    if ('vector' in node) {
      this.align(4);
      const pos = this.bytes.length;
      this.put(4, node.vector.length);
      const slots = node.vector.map(() => {
        const at = this.bytes.length;
        this.put(4, 0);
        return at;
      });
      node.vector.forEach((child, i) =>
        this.patch(slots[i], this.place(child))
      );
      return pos;
    }
    // vtable first, then the table on an 8-byte boundary
    const layout: number[] = [];
    let cursor = 4;
    node.table.forEach((slot, i) => {
      if (slot === undefined) {
        layout[i] = 0;
        return;
      }
      const size = 'child' in slot ? 4 : slot.size;
      cursor = Math.ceil(cursor / size) * size;
      layout[i] = cursor;
      cursor += size;
    });
    const tableSize = Math.ceil(cursor / 4) * 4;
    this.align(2);
    const vtable = this.bytes.length;
    this.put(2, 4 + 2 * node.table.length);
    this.put(2, tableSize);
    layout.forEach(offset => this.put(2, offset));
    this.align(8);
    const pos = this.bytes.length;
    for (let i = 0; i < tableSize; i++) {
      this.bytes.push(0);
    }
    this.put(4, pos - vtable, pos);
    const pending: [number, FbNode][] = [];
    node.table.forEach((slot, i) => {
      if (slot === undefined) {
        return;
      }
      if ('child' in slot) {
        pending.push([pos + layout[i], slot.child]);
      } else {
        this.put(slot.size, slot.value, pos + layout[i]);
      }
    });
    for (const [at, child] of pending) {
      this.patch(at, this.place(child));
    }
    return pos;
  }

  private patch(at: number, target: number): void {
    this.put(4, target - at, at);
  }

  finish(root: FbNode): Buffer {
    this.put(4, 0);
    this.patch(0, this.place(root));
    this.align(8);
    return Buffer.from(this.bytes);
  }
}

/** The IPC-encapsulated schema message (continuation marker, length, flatbuffer). */
export function encodeArrowSchema(
  fields: readonly IArrowField[],
  metadata: Record<string, string> = {}
): Buffer {
  // pyarrow takes the table's key-value metadata (e.g. `pandas`) from here when present
  const keyValues: FbNode[] = Object.entries(metadata).map(([key, value]) => ({
    table: [ref({ text: key }), ref({ text: value })]
  }));
  const schema: FbNode = {
    table: [
      i16(0),
      ref({ vector: fields.map(fieldNode) }),
      ref({ vector: keyValues })
    ]
  };
  const message: FbNode = {
    table: [i16(METADATA_V5), u8(HEADER_SCHEMA), ref(schema), i64(0n)]
  };
  const body = new ForwardBuilder().finish(message);
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(0xffffffff, 0);
  prefix.writeInt32LE(body.length, 4);
  return Buffer.concat([prefix, body]);
}

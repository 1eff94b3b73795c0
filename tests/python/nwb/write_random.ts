/**
 * Writes the random tables and series described by a JSON spec (made by
 * test_random_tables.py) into <out>/random.nwb. Numeric arrays arrive as base64
 * little-endian bytes so NaN, -0 and 64-bit integers survive exactly.
 */
import { readFileSync } from 'node:fs';
import {
  addProcessingModule,
  writeNwbFile,
  writeTable,
  writeTimeSeries
} from '../../../src/nwb';
import type { Column, NumericArray, NumericDtype } from '../../../src/nwb';
import { metadata, outDir, run } from './common';

interface INumericSpec {
  dtype: NumericDtype;
  b64: string;
}
type ColumnSpec = { name: string } & (
  | ({ kind: 'numeric'; shape: number[] } & INumericSpec)
  | { kind: 'text'; text: string[] }
  | ({ kind: 'ragged'; lengths: number[] } & INumericSpec)
  | { kind: 'raggedText'; rows: string[][] }
);
interface ISpec {
  tables: { name: string; ids: number[]; columns: ColumnSpec[] }[];
  series: ({
    name: string;
    shape: number[];
    rate?: number;
    start?: number;
    timestamps?: string;
  } & INumericSpec)[];
}

const CTORS: Record<NumericDtype, new (b: ArrayBuffer) => NumericArray> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array
};

function decode(s: INumericSpec): NumericArray {
  const bytes = Buffer.from(s.b64, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new CTORS[s.dtype](copy.buffer);
}

function column(c: ColumnSpec, streamed: boolean): Column {
  const base = { name: c.name, description: `random column ${c.name}` };
  switch (c.kind) {
    case 'numeric':
      return { ...base, values: { values: decode(c), shape: c.shape } };
    case 'text':
      return { ...base, text: c.text };
    case 'raggedText':
      return { ...base, ragged: { text: c.rows } };
    case 'ragged': {
      const flat = decode(c);
      if (
        streamed ||
        flat instanceof BigInt64Array ||
        flat instanceof BigUint64Array
      ) {
        const values = { dtype: c.dtype, tail: [], slices: [flat] };
        return { ...base, ragged: { lengths: c.lengths, values } };
      }
      const rows: number[][] = [];
      let at = 0;
      for (const n of c.lengths) {
        rows.push(Array.from(flat.subarray(at, at + n) as Float64Array));
        at += n;
      }
      return { ...base, ragged: { rows, dtype: c.dtype } };
    }
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[3], 'utf8')) as ISpec;
  await writeNwbFile(`${outDir}/random.nwb`, metadata('random'), async nwb => {
    const module = addProcessingModule(nwb, 'random', 'generated tables');
    for (const [i, t] of spec.tables.entries()) {
      await writeTable(module, {
        name: t.name,
        description: `random table ${t.name}`,
        ids: t.ids,
        columns: t.columns.map(c => column(c, i % 2 === 1))
      });
    }
    for (const s of spec.series) {
      await writeTimeSeries(nwb.acquisition, {
        name: s.name,
        description: `random series ${s.name}`,
        data: { values: decode(s), shape: s.shape },
        unit: 'a.u.',
        timing:
          s.timestamps !== undefined
            ? { timestamps: decode({ dtype: 'float64', b64: s.timestamps }) }
            : { rate: s.rate!, startingTime: s.start }
      });
    }
  });
}

run(main);

/**
 * Large tables and explicit chunk shapes, the writer's parallel path under load (#19 item 10):
 *   tables  int64 ids and int64/uint64 columns of 8,192, 150,000 and 200,000 rows
 *   series  chunks narrower than a row: (1365, 64) of 384 channels int16, (4, 2, 3) of
 *           [5, 7] float32, (100, 3) of 10 uint64, whole and streamed in awkward slices
 * argv[3]: deflate worker threads (default 2; 0 = HDF5 compresses), argv[4] "shuffle".
 * Writes wide.nwb; values follow formulas the pytest side recomputes with numpy.
 */
import {
  addProcessingModule,
  writeNwbFile,
  writeTable,
  writeTimeSeries
} from '../../../src/nwb';
import type {
  IArrayStream,
  NumericArray,
  NumericDtype
} from '../../../src/nwb';
import { metadata, outDir, run } from './common';

const workers = Number(process.argv[3] ?? 2);
const shuffle = process.argv[4] === 'shuffle';
export const TABLE_ROWS = [8_192, 150_000, 200_000];

/** Value i of the int64 column: negative and beyond 2^53 too (the pytest side agrees). */
function int64At(i: number): bigint {
  return BigInt(i) * 3n - 7n + (i % 2 === 0 ? 0n : 1n << 60n);
}

/** [rows, ...tail] values, value at flat index k = f(k), as `dtype`. */
function values(dtype: NumericDtype, count: number): NumericArray {
  switch (dtype) {
    case 'int16':
      return Int16Array.from(
        { length: count },
        (_, k) => ((k * 7) % 60001) - 30000
      );
    case 'float32':
      return Float32Array.from({ length: count }, (_, k) => k / 8 - 100);
    case 'uint64':
      return BigUint64Array.from(
        { length: count },
        (_, k) => BigInt(k) * 1_000_003n
      );
    default:
      throw new Error(dtype);
  }
}

const SERIES: {
  name: string;
  dtype: NumericDtype;
  shape: number[];
  chunks: number[];
}[] = [
  {
    name: 'RawNarrowChunks',
    dtype: 'int16',
    shape: [3000, 384],
    chunks: [1365, 64]
  },
  { name: 'Cube', dtype: 'float32', shape: [50, 5, 7], chunks: [4, 2, 3] },
  { name: 'Wide64', dtype: 'uint64', shape: [1000, 10], chunks: [100, 3] }
];

/** The array in slices of `rows` rows (the last one shorter). */
function* sliced(
  all: NumericArray,
  rowItems: number,
  rows: number
): Generator<NumericArray> {
  for (let at = 0; at < all.length; at += rows * rowItems) {
    yield all.slice(at, at + rows * rowItems);
  }
}

async function main(): Promise<void> {
  await writeNwbFile(
    `${outDir}/wide.nwb`,
    metadata('wide'),
    async nwb => {
      const module = addProcessingModule(nwb, 'wide', 'large tables');
      for (const rows of TABLE_ROWS) {
        await writeTable(module, {
          name: `rows${rows}`,
          description: `a table of ${rows} rows`,
          columns: [
            {
              name: 'signed',
              description: 'int64 values',
              values: BigInt64Array.from({ length: rows }, (_, i) => int64At(i))
            },
            {
              name: 'unsigned',
              description: 'uint64 values',
              values: BigUint64Array.from(
                { length: rows },
                (_, i) => BigInt(i) * 5n
              )
            }
          ]
        });
      }
      for (const s of SERIES) {
        const all = values(
          s.dtype,
          s.shape.reduce((a, b) => a * b, 1)
        );
        const tail = s.shape.slice(1);
        const rowItems = tail.reduce((a, b) => a * b, 1);
        for (const [suffix, slices] of [
          ['', [all]],
          ['Streamed', sliced(all, rowItems, 777 % s.shape[0] || 7)]
        ] as const) {
          const data: IArrayStream = {
            dtype: s.dtype,
            tail,
            slices,
            chunks: s.chunks
          };
          await writeTimeSeries(nwb.acquisition, {
            name: `${s.name}${suffix}`,
            description: `chunks [${s.chunks}] of [${s.shape}]`,
            data,
            unit: 'a.u.',
            timing: { rate: 1000 }
          });
        }
      }
    },
    {
      storage: {
        deflateWorkers: workers,
        shuffle,
        deflateStrategy: workers > 0 ? 'auto' : 'default'
      }
    }
  );
}

run(main);

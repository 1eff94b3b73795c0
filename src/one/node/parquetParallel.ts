/**
 * A `.pqt` read split by rows: this thread decodes the first piece while
 * worker threads decode the others from the same file, all writing numeric
 * columns into shared output arrays, so no piece is copied afterwards.
 * (pandas/pyarrow read with all cores too.)
 */
import type { AsyncBuffer, FileMetaData } from 'hyparquet';

import {
  columnKind,
  IParquetReadOptions,
  IRowSpan,
  selectRows,
  tableOf
} from '../parquet';
import type { IColumn, ITable } from '../tables';
import { ParquetWorkers, WorkerStoppedError } from './parquetPool';
import { decodeRows, IRowsResult, IRowsTask, SharedCtor } from './parquetRows';

/** Below this size one thread is faster than starting the pieces. */
export const PARALLEL_MIN_BYTES = 16 << 20;

/**
 * The share of the selected columns' bytes that are numeric. Text columns
 * come back from workers by structured clone, which costs more than decoding
 * them here (datasets.pqt of a 30 k-session cache: 1.4 s split vs 0.8 s).
 */
export function numericShare(
  metadata: FileMetaData,
  columns?: string[]
): number {
  const numeric = new Set(
    metadata.schema
      .slice(1)
      .filter(el => !el.num_children && columnKind(el)[1])
      .map(el => el.name)
  );
  let all = 0;
  let typed = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const name = chunk.meta_data?.path_in_schema[0] ?? '';
      if (columns && !columns.includes(name)) {
        continue;
      }
      const size = Number(chunk.meta_data?.total_uncompressed_size ?? 0);
      all += size;
      typed += numeric.has(name) ? size : 0;
    }
  }
  return all ? typed / all : 0;
}

/** `span` cut into `n` pieces of (nearly) equal row counts. */
function equalPieces(span: IRowSpan, n: number): IRowSpan[] {
  const out: IRowSpan[] = [];
  for (let i = 0; i < n; i++) {
    const first = span.first + Math.floor((span.count * i) / n);
    const next = span.first + Math.floor((span.count * (i + 1)) / n);
    if (next > first) {
      out.push({ first, count: next - first });
    }
  }
  return out;
}

/**
 * Pieces for `threads` threads taking from one queue (so a slower thread
 * takes fewer): whole row groups when there are enough of them (a piece that
 * starts inside a row group reads the group's leading pages for nothing),
 * else equal cuts.
 */
export function plan(
  metadata: FileMetaData,
  span: IRowSpan,
  threads: number
): IRowSpan[] {
  const end = span.first + span.count;
  const bounds = [span.first];
  let row = 0;
  for (const group of metadata.row_groups) {
    row += Number(group.num_rows);
    if (row > span.first && row < end) {
      bounds.push(row);
    }
  }
  bounds.push(end);
  if (bounds.length - 1 < 2 * threads) {
    return equalPieces(span, 2 * threads);
  }
  return bounds
    .slice(1)
    .map((next, i) => ({ first: bounds[i], count: next - bounds[i] }));
}

export async function readParquetInParallel(
  path: string,
  file: AsyncBuffer,
  metadata: FileMetaData,
  options: IParquetReadOptions,
  workers: ParquetWorkers
): Promise<ITable> {
  const { span, wanted } = selectRows(metadata, path, options);
  const targets: Record<string, SharedArrayBuffer> = {};
  for (const el of wanted) {
    const Ctor = columnKind(el)[1] as SharedCtor | null;
    if (Ctor) {
      targets[el.name] = new SharedArrayBuffer(
        span.count * Ctor.BYTES_PER_ELEMENT
      );
    }
  }
  const parts = plan(metadata, span, workers.size + 1);
  const tasks: IRowsTask[] = parts.map(part => ({
    path,
    rowStart: part.first,
    rowEnd: part.first + part.count,
    columns: wanted.map(el => el.name),
    targets,
    outputRow: part.first - span.first
  }));
  const results: IRowsResult[] = new Array(tasks.length);
  let next = 0;
  let failed = false;
  // Each thread takes the next piece until none are left. A worker that
  // stops (not the file's fault) has its piece done here instead.
  const onWorker = async () => {
    while (next < tasks.length && !failed) {
      const k = next++;
      results[k] = await workers.run(tasks[k], metadata).catch(err => {
        if (err instanceof WorkerStoppedError) {
          return decodeRows(tasks[k], file, metadata);
        }
        throw err;
      });
    }
  };
  const here = async () => {
    while (next < tasks.length && !failed) {
      const k = next++;
      results[k] = await decodeRows(tasks[k], file, metadata);
    }
  };
  const threads = [
    ...Array.from({ length: workers.size }, onWorker),
    here()
  ].map(p =>
    p.catch(err => {
      failed = true;
      throw err;
    })
  );
  // Every thread settles before the caller closes the file under them.
  const settled = await Promise.allSettled(threads);
  const failure = settled.find(r => r.status === 'rejected');
  if (failure) {
    throw (failure as PromiseRejectedResult).reason;
  }
  const columns = wanted.map((el): IColumn => {
    const [dtype, Ctor] = columnKind(el) as [
      IColumn['dtype'],
      SharedCtor | null
    ];
    const shared = targets[el.name];
    if (Ctor && results.every(r => !(el.name in r.values))) {
      return { name: el.name, dtype, values: new Ctor(shared) };
    }
    // Text and dates, or integers with nulls in some piece (then objects, as
    // a one-thread read gives): pieces in row order.
    const values: unknown[] = new Array(span.count);
    parts.forEach((part, i) => {
      const at = part.first - span.first;
      const piece: ArrayLike<unknown> =
        results[i].values[el.name] ??
        new Ctor!(shared, at * Ctor!.BYTES_PER_ELEMENT, part.count);
      for (let k = 0; k < part.count; k++) {
        values[at + k] = piece[k];
      }
    });
    return { name: el.name, dtype: Ctor ? 'object' : dtype, values };
  });
  return tableOf(metadata, span, columns);
}

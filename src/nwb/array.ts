/** Numeric datasets, written whole or streamed in slices with bounded memory. */
import { chunkShape, chunkShapeProblem, rowsPerWrite } from './chunks';
import { checkAbort, IStorageOptions, IWriteContext } from './context';
import {
  allocate,
  dtypeOf,
  h5Dtype,
  itemSize,
  NumericArray,
  NumericDtype,
  toTypedArray
} from './dtype';
import { diskFullOr, NwbAbortError, NwbWriteError } from './errors';
import type { Dataset, Group } from './h5';
import { streamDeferred } from './fast/chunk-writer';

/** An in-memory array; `shape` defaults to 1-D. Plain numbers need an explicit `dtype`. */
export interface IArrayData {
  values: NumericArray | number[];
  dtype?: NumericDtype;
  shape?: number[];
}

/**
 * A large array delivered in slices along its first axis (e.g. raw ephys, spike times).
 * Each slice holds whole rows of `tail` (row-major). Only one write buffer is held. A slice
 * is copied before the next one is requested, so a source may refill one buffer.
 */
export interface IArrayStream {
  dtype: NumericDtype;
  tail: number[];
  slices: AsyncIterable<NumericArray> | Iterable<NumericArray>;
  /** Expected number of rows if known (sizes the chunks). */
  rows?: number;
  /** Explicit chunk shape (else from storage.chunkBytes). */
  chunks?: number[];
}

export type ArraySource = NumericArray | IArrayData | IArrayStream;

export function isStream(source: ArraySource): source is IArrayStream {
  return (source as IArrayStream).slices !== undefined;
}

export function normalize(source: NumericArray | IArrayData): {
  values: NumericArray;
  dtype: NumericDtype;
  shape: number[];
} {
  if (ArrayBuffer.isView(source)) {
    return { values: source, dtype: dtypeOf(source), shape: [source.length] };
  }
  const dtype =
    source.dtype ??
    (Array.isArray(source.values) ? undefined : dtypeOf(source.values));
  if (!dtype) {
    throw new TypeError('a plain number array needs an explicit dtype');
  }
  const values = toTypedArray(source.values, dtype);
  return { values, dtype, shape: source.shape ?? [values.length] };
}

/** Chunks are compressed on worker threads and indexed after HDF5 closes the file. */
function parallel(storage: IStorageOptions): boolean {
  return storage.deflateWorkers > 0 && storage.gzipLevel > 0;
}

function filterArgs(storage: IStorageOptions): {
  compression?: number;
  compression_opts?: number[];
} {
  if (storage.gzipLevel > 0) {
    return { compression: 1, compression_opts: [storage.gzipLevel] };
  }
  if (storage.shuffle) {
    return { compression: 2, compression_opts: [] };
  }
  return {};
}

/** Writes a numeric dataset named `name` in `group`; returns it. */
export async function writeArray(
  ctx: IWriteContext,
  group: Group,
  name: string,
  source: ArraySource
): Promise<Dataset> {
  const where = `${group.path}/${name}`.replace('//', '/');
  try {
    if (isStream(source)) {
      return await writeStream(ctx, group, name, source);
    }
    const { values, dtype, shape } = normalize(source);
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== values.length) {
      throw new NwbWriteError(
        ctx.fsPath,
        where,
        `shape [${shape}] needs ${count} values but ${values.length} were given`
      );
    }
    const bytes = values.length * itemSize(dtype);
    const chunked = bytes >= ctx.storage.minChunkedBytes && count > 0;
    if (chunked && parallel(ctx.storage)) {
      const slices = [values];
      const tail = shape.slice(1);
      return await writeStream(ctx, group, name, {
        dtype,
        tail,
        slices,
        rows: shape[0]
      });
    }
    return group.create_dataset({
      name,
      data: values,
      shape,
      dtype: h5Dtype(dtype),
      ...(chunked
        ? {
            chunks: chunkShape(
              shape.slice(1),
              itemSize(dtype),
              shape[0],
              ctx.storage.chunkBytes
            ),
            ...filterArgs(ctx.storage)
          }
        : {})
    });
  } catch (err) {
    if (err instanceof NwbWriteError || err instanceof NwbAbortError) {
      throw err;
    }
    const full = diskFullOr(err, ctx.fsPath, where, `${ctx.fsPath}.part`);
    if (full !== err) {
      throw full;
    }
    throw new NwbWriteError(ctx.fsPath, where, (err as Error).message, {
      cause: err
    });
  }
}

async function writeStream(
  ctx: IWriteContext,
  group: Group,
  name: string,
  source: IArrayStream
): Promise<Dataset> {
  const where = `${group.path}/${name}`;
  const rowItems = source.tail.reduce((a, b) => a * b, 1);
  const chunks =
    source.chunks ??
    chunkShape(
      source.tail,
      itemSize(source.dtype),
      source.rows,
      ctx.storage.chunkBytes
    );
  const problem = chunkShapeProblem(chunks, source.tail);
  if (problem) {
    throw new NwbWriteError(ctx.fsPath, where, problem);
  }
  const ds = group.create_dataset({
    name,
    data: allocate(source.dtype, 0),
    shape: [0, ...source.tail],
    maxshape: [null, ...source.tail],
    dtype: h5Dtype(source.dtype),
    chunks,
    ...filterArgs(ctx.storage)
  });
  if (parallel(ctx.storage)) {
    await streamDeferred(ctx, ds, source, chunks);
    return ds;
  }
  // Rows are gathered into whole chunks so HDF5 compresses each chunk once.
  const bufRows = rowsPerWrite(
    chunks[0],
    rowItems * itemSize(source.dtype),
    ctx.storage.writeBytes
  );
  const buf = allocate(source.dtype, bufRows * rowItems);
  let filled = 0;
  let written = 0;
  const flush = (): void => {
    if (filled === 0) {
      return;
    }
    const rows = filled / rowItems;
    ds.resize([written + rows, ...source.tail]);
    ds.write_slice(
      [[written, written + rows], ...source.tail.map((): [] => [])],
      buf.subarray(0, filled)
    );
    written += rows;
    filled = 0;
  };
  for await (const slice of source.slices) {
    checkAbort(ctx);
    if (dtypeOf(slice) !== source.dtype) {
      throw new NwbWriteError(
        ctx.fsPath,
        where,
        `a slice has dtype ${dtypeOf(slice)}, expected ${source.dtype}`
      );
    }
    if (slice.length % rowItems !== 0) {
      throw new NwbWriteError(
        ctx.fsPath,
        where,
        `a slice of ${slice.length} values is not whole rows of [${source.tail}]`
      );
    }
    let at = 0;
    while (at < slice.length) {
      const n = Math.min(slice.length - at, buf.length - filled);
      (buf as Float64Array).set(
        (slice as Float64Array).subarray(at, at + n),
        filled
      );
      filled += n;
      at += n;
      if (filled === buf.length) {
        flush();
      }
    }
  }
  flush();
  return ds;
}

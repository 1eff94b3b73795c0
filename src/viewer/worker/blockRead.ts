import type { H5Slice, IH5DatasetInfo, IH5Source } from '../model/source';

/** Thrown when a read is cancelled between two blocks. */
export class ReadCancelled extends Error {
  constructor(path: string) {
    super(`Reading ${path} was cancelled.`);
    this.name = 'ReadCancelled';
  }
}

export interface IBlockReadOptions {
  /** Target bytes per block (default 4 MiB). */
  blockBytes?: number;
  /** Called after each block, and given the chance to yield to the event loop. */
  afterBlock?: (done: number, total: number) => Promise<void>;
  /** Checked before each block. */
  isCancelled?: () => boolean;
}

type NumericArray = {
  length: number;
  set(a: ArrayLike<number | bigint>, offset?: number): void;
};

/** Full `[start, stop)` bounds of a slice over a dataset shape. */
export function normaliseSlice(
  shape: number[],
  slice: H5Slice = []
): [number, number][] {
  return shape.map((n, d) => {
    const [start, stop] = slice[d] ?? [null, null];
    const from = Math.max(0, Math.min(n, start ?? 0));
    return [from, Math.max(from, Math.min(n, stop ?? n))];
  });
}

/**
 * Read a numeric slice in blocks along the first dimension so a long read
 * reports progress and can be cancelled; small or non-numeric reads go in
 * one call.
 */
export async function readInBlocks(
  source: IH5Source,
  info: IH5DatasetInfo,
  slice: H5Slice | undefined,
  options: IBlockReadOptions = {}
): Promise<unknown> {
  const shape = info.shape;
  const numeric = info.typeClass === 'integer' || info.typeClass === 'float';
  if (!shape || shape.length === 0 || !numeric) {
    return source.read(info.path, slice);
  }
  const bounds = normaliseSlice(shape, slice);
  const rowBytes = bounds
    .slice(1)
    .reduce((n, [a, b]) => n * (b - a), info.itemSize);
  const [first, last] = bounds[0];
  const rows = last - first;
  const rowsPerBlock = Math.max(
    1,
    Math.floor((options.blockBytes ?? 4 << 20) / Math.max(1, rowBytes))
  );
  if (rows <= rowsPerBlock) {
    return source.read(info.path, bounds);
  }
  const parts: NumericArray[] = [];
  for (let start = first; start < last; start += rowsPerBlock) {
    if (options.isCancelled?.()) {
      throw new ReadCancelled(info.path);
    }
    const stop = Math.min(last, start + rowsPerBlock);
    parts.push(
      (await source.read(info.path, [
        [start, stop],
        ...bounds.slice(1)
      ])) as NumericArray
    );
    await options.afterBlock?.(stop - first, rows);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const Ctor = (
    parts[0] as unknown as { constructor: new (n: number) => NumericArray }
  ).constructor;
  const out = new Ctor(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part as unknown as ArrayLike<number>, offset);
    offset += part.length;
  }
  return out;
}

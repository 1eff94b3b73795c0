/**
 * One mtscomp chunk decoded off the main thread: what the main thread sends (the chunk's
 * compressed bytes, transferred) and what comes back (its row-major samples, transferred).
 * Shared by the pool (mtscompPool.ts) and its worker (mtscompWorker.ts).
 */
import { inflateSync } from 'node:zlib';

import { CorruptFileError } from '../errors';
import { decodeRows, IMtscompLayout } from '../mtscomp';

export interface IDecodeTask {
  /** The `.cbin`, for errors. */
  path: string;
  layout: IMtscompLayout;
  index: number;
  rows: number;
  /** Bytes the chunk must inflate to. */
  bytes: number;
  compressed: ArrayBuffer;
}

export interface IDecodeResult {
  /** The row-major samples' buffer (of the layout's dtype). */
  samples: ArrayBuffer;
}

/** Inflates and decodes one chunk; a damaged chunk throws CorruptFileError naming it. */
export function decodeTask(task: IDecodeTask): IDecodeResult {
  let inflated: Uint8Array;
  try {
    // One byte more than needed: a chunk that inflates too long is caught below, not cut.
    inflated = inflateSync(new Uint8Array(task.compressed), {
      maxOutputLength: task.bytes + 1
    });
  } catch (err) {
    throw new CorruptFileError(
      task.path,
      `chunk ${task.index} is not a valid zlib stream (${(err as Error).message})`
    );
  }
  if (inflated.length !== task.bytes) {
    throw new CorruptFileError(
      task.path,
      `chunk ${task.index} inflates to ${inflated.length}${inflated.length > task.bytes ? '+' : ''} bytes instead of ${task.bytes}`
    );
  }
  const samples = decodeRows(task.layout, task.rows, inflated);
  return { samples: samples.buffer as ArrayBuffer };
}

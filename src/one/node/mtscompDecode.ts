/**
 * One mtscomp chunk decoded off the main thread: what the main thread sends (the chunk's
 * compressed bytes, transferred) and what comes back (its row-major samples, transferred).
 * Shared by the pool (mtscompPool.ts) and its worker (mtscompWorker.ts).
 */
import { inflateSync } from 'node:zlib';

import {
  SampleDigest,
  type ISegmentDigest
} from '../../convert/fidelity/digest';
import { CorruptFileError } from '../errors';
import { decodeRows, IMtscompLayout, type SampleArray } from '../mtscomp';

export interface IDecodeTask {
  /** The `.cbin`, for errors. */
  path: string;
  layout: IMtscompLayout;
  index: number;
  rows: number;
  /** Bytes the chunk must inflate to. */
  bytes: number;
  compressed: ArrayBuffer;
  /**
   * Keep only these channels, in this order (e.g. a probe's electrodes rows), and digest
   * them: the raw conversion's per-sample work then runs on the decode threads too.
   */
  pick?: number[];
}

export interface IDecodeResult {
  /** The row-major samples' buffer (of the layout's dtype; the picked channels with `pick`). */
  samples: ArrayBuffer;
  /** With `pick`: the fidelity digest of the picked samples, as a segment to append in order. */
  digest?: ISegmentDigest;
}

/** Rows × `pick.length` samples: each row's channels `pick`, in that order. */
export function pickChannels(
  data: SampleArray,
  nChannels: number,
  pick: readonly number[]
): SampleArray {
  const rows = data.length / nChannels;
  const Ctor = data.constructor as new (n: number) => SampleArray;
  const out = new Ctor(rows * pick.length);
  const width = pick.length;
  for (let r = 0; r < rows; r++) {
    const from = r * nChannels;
    const to = r * width;
    for (let c = 0; c < width; c++) {
      out[to + c] = data[from + pick[c]];
    }
  }
  return out;
}

/** The picked samples and their digest segment (see SampleDigest.append). */
export function pickAndDigest(
  data: SampleArray,
  nChannels: number,
  pick: readonly number[]
): { data: SampleArray; digest: ISegmentDigest } {
  const picked = pickChannels(data, nChannels, pick);
  const digest = SampleDigest.segment();
  digest.update(picked);
  return { data: picked, digest: digest.state };
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
  if (task.pick) {
    const { data, digest } = pickAndDigest(
      samples,
      task.layout.nChannels,
      task.pick
    );
    return { samples: data.buffer as ArrayBuffer, digest };
  }
  return { samples: samples.buffer as ArrayBuffer };
}

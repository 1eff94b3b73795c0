/**
 * mtscomp chunks decoded on worker threads, read ahead: the same chunks in the same order as
 * the one-thread decoder, a bounded number in flight, and failures (a damaged chunk, a thread
 * that dies) that end the stream with a clear error, leave nothing running and no rejection
 * unobserved (vitest fails a test file on an unhandled rejection).
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mtscompCompress } from '../../../src/one/generate/mtscomp';

import { requireWorker } from '../../../src/node/workerPool';
import { SampleDigest } from '../../../src/convert/fidelity/digest';
import { CorruptFileError } from '../../../src/one/errors';
import { decodeRows, IMtscompLayout } from '../../../src/one/mtscomp';
import { CbinFile, IChunkOptions } from '../../../src/one/node/mtscompFile';
import type {
  IDecodeResult,
  IDecodeTask
} from '../../../src/one/node/mtscompDecode';
import {
  MtscompDecoders,
  WorkerStoppedError
} from '../../../src/one/node/mtscompPool';

const DIR = resolve(__dirname, '../../../../shared/fixtures/generated-mtscomp');
const RAW = readFileSync(join(DIR, 'spikeglx_like_385ch.ap.bin'));
const RAW_SHA1 = createHash('sha1').update(RAW).digest('hex');
const TMP = mkdtempSync(join(tmpdir(), 'mtscomp-workers-'));
/** The 385-channel fixture's 600 samples in 12 chunks, F order, time and spatial diffs. */
const CBIN = join(TMP, 'many_chunks.ap.cbin');

beforeAll(() => {
  const raw = new Int16Array(RAW.buffer, RAW.byteOffset, RAW.byteLength / 2);
  const { cbin, chText } = mtscompCompress(raw, 385, {
    sampleRate: 30000,
    chunkDuration: 50 / 30000,
    doSpatialDiff: true
  });
  writeFileSync(CBIN, cbin);
  writeFileSync(CBIN.replace(/\.cbin$/, '.ch'), chText);
});

/** Counts the chunks being decoded at once. */
class CountingDecoders extends MtscompDecoders {
  now = 0;
  most = 0;
  async decode(task: IDecodeTask): Promise<IDecodeResult> {
    this.now++;
    this.most = Math.max(this.most, this.now);
    try {
      return await super.decode(task);
    } finally {
      this.now--;
    }
  }
}

const decoders = new CountingDecoders(2);
afterAll(async () => {
  await decoders.close();
  rmSync(TMP, { recursive: true, force: true });
});

async function decodeAll(path: string, options: IChunkOptions) {
  const file = await CbinFile.open(path);
  const hash = createHash('sha1');
  const order: number[] = [];
  try {
    for await (const chunk of file.chunks(0, undefined, options)) {
      order.push(chunk.index);
      hash.update(
        new Uint8Array(
          chunk.data.buffer,
          chunk.data.byteOffset,
          chunk.data.byteLength
        )
      );
    }
  } finally {
    await file.close();
  }
  return { order, sha1: hash.digest('hex') };
}

/** The decode as written in the format's definition: row-major, spatial diff undone, then time. */
function naive(layout: IMtscompLayout, rows: number, stored: Float64Array) {
  const c = layout.nChannels;
  const out = new Float64Array(rows * c);
  for (let s = 0; s < rows; s++) {
    for (let ch = 0; ch < c; ch++) {
      out[s * c + ch] =
        stored[layout.chunkOrder === 'C' ? s * c + ch : ch * rows + s];
    }
  }
  return out;
}

describe('mtscomp decode on worker threads', () => {
  it('undoes the diffs of every layout like the row-major definition', () => {
    const rows = 131; // not a multiple of the transpose block
    const c = 7;
    for (const chunkOrder of ['C', 'F'] as const) {
      for (const doTimeDiff of [false, true]) {
        for (const doSpatialDiff of [false, true]) {
          for (const dtype of ['int16', 'float32'] as const) {
            const layout = {
              dtype,
              nChannels: c,
              chunkOrder,
              doTimeDiff,
              doSpatialDiff
            };
            const Ctor = dtype === 'int16' ? Int16Array : Float32Array;
            const stored = new Ctor(rows * c);
            for (let i = 0; i < stored.length; i++) {
              stored[i] =
                dtype === 'int16'
                  ? ((i * 7919) % 65536) - 32768 // wraps when summed
                  : Math.fround(Math.sin(i) * 1000.1);
            }
            const want = new Ctor(
              naive(layout, rows, Float64Array.from(stored))
            );
            if (doSpatialDiff) {
              for (let s = 0; s < rows; s++) {
                for (let ch = 1; ch < c; ch++) {
                  want[s * c + ch] = want[s * c + ch] + want[s * c + ch - 1];
                }
              }
            }
            if (doTimeDiff) {
              for (let i = c; i < rows * c; i++) {
                want[i] = want[i] + want[i - c];
              }
            }
            const got = decodeRows(layout, rows, new Uint8Array(stored.buffer));
            expect(
              Buffer.compare(Buffer.from(got.buffer), Buffer.from(want.buffer)),
              `${chunkOrder} time=${doTimeDiff} spatial=${doSpatialDiff} ${dtype}`
            ).toBe(0);
          }
        }
      }
    }
  });

  it('gives the same chunks in the same order as the one-thread decoder', async () => {
    const alone = await decodeAll(CBIN, { decoders: null });
    expect(alone.sha1).toBe(RAW_SHA1);
    expect(alone.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const readAhead of [1, 3, 8]) {
      decoders.most = 0;
      const threaded = await decodeAll(CBIN, { decoders, readAhead });
      expect(threaded).toEqual(alone);
      // Bounded memory: never more chunks decoding than asked for.
      expect(decoders.most).toBeLessThanOrEqual(readAhead);
      expect(decoders.most).toBe(Math.min(readAhead, alone.order.length));
    }
  });

  it('lets the caller stop early, its file then closable', async () => {
    const file = await CbinFile.open(CBIN);
    let seen = 0;
    for await (const chunk of file.chunks(0, undefined, {
      decoders,
      readAhead: 4
    })) {
      seen += chunk.stop - chunk.start > 0 ? 1 : 0;
      break;
    }
    expect(seen).toBe(1);
    // Every read ahead has settled: nothing reads the handle after this close.
    expect(decoders.now).toBe(0);
    await file.close();
  });

  it('ends the stream with CorruptFileError naming the damaged chunk', async () => {
    const cbin = join(TMP, 'damaged.ap.cbin');
    copyFileSync(CBIN.replace(/\.cbin$/, '.ch'), join(TMP, 'damaged.ap.ch'));
    const bytes = readFileSync(CBIN);
    const ch = JSON.parse(readFileSync(CBIN.replace(/\.cbin$/, '.ch'), 'utf8'));
    // The middle of chunk 5's deflate stream.
    const at = Math.floor((ch.chunk_offsets[5] + ch.chunk_offsets[6]) / 2);
    bytes[at] ^= 0xff;
    bytes[at + 1] ^= 0x5a;
    writeFileSync(cbin, bytes);
    const order: number[] = [];
    const file = await CbinFile.open(cbin);
    const consume = async () => {
      for await (const chunk of file.chunks(0, undefined, {
        decoders,
        readAhead: 4
      })) {
        order.push(chunk.index);
      }
    };
    await expect(consume()).rejects.toThrow(CorruptFileError);
    await expect(consume()).rejects.toThrow(/damaged\.ap\.cbin: chunk 5 /);
    // Every chunk before the damaged one, twice, and none after it.
    expect(order).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect(decoders.now).toBe(0);
    await file.close();
    // The decoders still work for the next file.
    expect((await decodeAll(CBIN, { decoders })).sha1).toBe(RAW_SHA1);
  });

  it('rejects every chunk in flight when a decode thread dies', async () => {
    const dying = new MtscompDecoders(
      2,
      requireWorker(
        import.meta.url,
        './no-bundle.mjs',
        './dyingMtscompWorker.ts'
      )
    );
    const order: number[] = [];
    const file = await CbinFile.open(CBIN);
    try {
      const consume = async () => {
        for await (const chunk of file.chunks(0, undefined, {
          decoders: dying,
          readAhead: 6
        })) {
          order.push(chunk.index);
        }
      };
      await expect(consume()).rejects.toThrow(WorkerStoppedError);
      order.length = 0;
      await expect(consume()).rejects.toThrow(
        /the mtscomp decode thread stopped \(exit code 7\)/
      );
      // Chunks after the dead one are never handed out, whatever was decoded ahead.
      expect(Math.max(-1, ...order)).toBeLessThan(2);
      // The next file gets new threads (and here meets the same fate at chunk 2).
      order.length = 0;
      await expect(consume()).rejects.toThrow(WorkerStoppedError);
      expect(Math.max(-1, ...order)).toBeLessThan(2);
    } finally {
      await file.close();
      await dying.close();
    }
  });
});

describe('channels picked and digested where decoded (raw conversion)', () => {
  /** A probe's electrodes order: not sorted, not every channel (the sync channel left out). */
  const pick = Array.from({ length: 384 }, (_, i) => (i * 37) % 384);

  async function picked(options: IChunkOptions) {
    const file = await CbinFile.open(CBIN);
    const digest = new SampleDigest();
    const parts: Int16Array[] = [];
    try {
      for await (const chunk of file.chunks(0, undefined, {
        ...options,
        pick
      })) {
        digest.append(chunk.digest!);
        parts.push(chunk.data as Int16Array);
      }
    } finally {
      await file.close();
    }
    return { digest: digest.value, parts };
  }

  it('gives the picked samples of the raw file and their digest, on threads and here', async () => {
    // Independent of the decoder: the fixture's own row-major samples, picked by index.
    const raw = new Int16Array(RAW.buffer, RAW.byteOffset, RAW.byteLength / 2);
    const rows = raw.length / 385;
    const want = new Int16Array(rows * pick.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < pick.length; c++) {
        want[r * pick.length + c] = raw[r * 385 + pick[c]];
      }
    }
    const wantDigest = new SampleDigest();
    wantDigest.update(want);
    for (const options of [{ decoders }, { decoders: null }]) {
      const got = await picked(options);
      expect(got.parts.length).toBe(12);
      const all = new Int16Array(want.length);
      let at = 0;
      for (const part of got.parts) {
        all.set(part, at);
        at += part.length;
      }
      expect(at).toBe(want.length);
      expect(Buffer.from(all.buffer).equals(Buffer.from(want.buffer))).toBe(
        true
      );
      expect(got.digest).toBe(wantDigest.value);
    }
  });
});

/**
 * Single-thread throughput of each stage of our raw AP path, for raw_bench.py's CPU bound:
 *
 *   node_modules/.bin/tsx bench/convert/raw_stages.ts CBIN RAWIND_NPY RAW_NWB SCRATCH_DIR [CHUNKS]
 *
 * On the first CHUNKS mtscomp chunks of CBIN (10 by default), one chunk at a time, on this
 * thread only, each stage timed apart (CPU time of the process, and wall time):
 *   decode     read the chunk + inflate + undo diffs + transpose (src/one/node/mtscompDecode.ts,
 *              what the decode threads run)
 *   pick       channels picked into electrodes order + the sample digest (pickAndDigest,
 *              which the decode threads run after decoding; src/one/node/mtscompDecode.ts)
 *   deflate    byte shuffle + gzip 4 of the writer's chunks (rows × channels of the written
 *              dataset), strategy chosen on the first chunk like `deflateStrategy: 'auto'`
 *   write      the compressed chunks appended to a file in SCRATCH_DIR (page cache, no fsync)
 *   readback   the same rows read back from RAW_NWB through HDF5 (h5wasm's H5Dread: inflate +
 *              unshuffle in wasm, src/convert/session/readRows.ts) + digest, like the check
 * Prints one JSON line: per stage the decompressed bytes (of the written int16 series, except
 * decode: of the .cbin's channels) and seconds.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SampleDigest } from '../../src/convert/fidelity/digest';
import { pickAndDigest } from '../../src/one/node/mtscompDecode';
import { readRows } from '../../src/convert/session/readRows';
import { Group, h5Ready, h5wasm } from '../../src/nwb/h5';
import { deflateChunk, shuffleBytes } from '../../src/nwb/fast/deflate';
import { chunkByteLength, parseMtscompHeader } from '../../src/one/mtscomp';
import { decodeTask } from '../../src/one/node/mtscompDecode';
import { decodeNpy } from '../../src/one/npy';

const [cbin, rawInd, rawNwb, scratch, chunksArg = '10'] = process.argv.slice(2);
if (!cbin || !rawInd || !rawNwb || !scratch) {
  process.stderr.write(
    'usage: raw_stages.ts CBIN RAWIND_NPY RAW_NWB SCRATCH_DIR [CHUNKS]\n'
  );
  process.exit(2);
}

interface IStage {
  bytes: number;
  cpu: number;
  wall: number;
}
const stages: Record<string, IStage> = {};
function timed<T>(name: string, bytes: number, run: () => T): T {
  const stage = (stages[name] ??= { bytes: 0, cpu: 0, wall: 0 });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const out = run();
  const cpu = process.cpuUsage(cpu0);
  stage.wall += (performance.now() - wall0) / 1000;
  stage.cpu += (cpu.user + cpu.system) / 1e6;
  stage.bytes += bytes;
  return out;
}

async function main() {
  const ch = cbin.replace(/\.cbin$/, '.ch');
  const header = parseMtscompHeader(readFileSync(ch, 'utf8'), ch);
  const nChunks = Math.min(Number(chunksArg), header.chunkBounds.length - 1);
  const rows = header.chunkBounds[nChunks];
  await h5Ready();
  const file = new (h5wasm().File)(rawNwb, 'r');
  const name = (file.get('acquisition') as Group)
    .keys()
    .find(k => /^ElectricalSeries.*AP$/.test(k));
  if (!name) {
    throw new Error(`${rawNwb} has no /acquisition/ElectricalSeries…AP`);
  }
  const ds = file.get(`acquisition/${name}/data`) as unknown as Parameters<
    typeof readRows
  >[0] & { shape: number[]; metadata: { chunks: number[] | null } };
  const width = ds.shape[1];
  const chunkRows = ds.metadata.chunks?.[0] ?? 1365;
  // The written series' columns: the file's channels in channels.rawInd order.
  const channels = Array.from(
    decodeNpy(new Uint8Array(readFileSync(rawInd)), rawInd).data as ArrayLike<
      number | bigint
    >,
    Number
  );
  if (channels.length !== width) {
    throw new Error(
      `${rawInd} names ${channels.length} channels, ${name} has ${width}`
    );
  }
  const fd = openSync(cbin, 'r');
  const sinkPath = join(scratch, 'raw_stages.write.tmp');
  const sink = openSync(sinkPath, 'w');
  let sinkAt = 0;
  const digest = new SampleDigest();
  let strategy: 'default' | 'rle' | 'probe' = 'probe';
  let pending = new Int16Array(0); // rows not yet a whole writer chunk
  const shuffled = new Uint8Array(chunkRows * width * 2);
  const deflateRows = (block: Int16Array) => {
    const bytes = new Uint8Array(
      block.buffer,
      block.byteOffset,
      block.byteLength
    );
    const z = timed('deflate', bytes.length, () => {
      const s = shuffleBytes(bytes, 2, shuffled.subarray(0, bytes.length));
      const out = deflateChunk(s, 4, strategy, 2);
      if (strategy === 'probe') {
        strategy = out.strategy;
      }
      return out;
    });
    timed('write', bytes.length, () => {
      for (const part of z.parts) {
        sinkAt += writeSync(sink, part, 0, part.length, sinkAt);
      }
    });
  };
  try {
    for (let k = 0; k < nChunks; k++) {
      const offset = header.chunkOffsets[k];
      const length = header.chunkOffsets[k + 1] - offset;
      const n = header.chunkBounds[k + 1] - header.chunkBounds[k];
      const decoded = timed('decode', chunkByteLength(header, k), () => {
        const compressed = new Uint8Array(length);
        readSync(fd, compressed, 0, length, offset);
        const { samples } = decodeTask({
          path: cbin,
          layout: header,
          index: k,
          rows: n,
          bytes: chunkByteLength(header, k),
          compressed: compressed.buffer
        });
        return new Int16Array(samples);
      });
      // The converter's own pick + digest (what each decode thread runs after decoding).
      const picked = timed('pick', n * width * 2, () => {
        const one = pickAndDigest(decoded, header.nChannels, channels);
        digest.append(one.digest);
        return one.data as Int16Array;
      });
      const all = new Int16Array(pending.length + picked.length);
      all.set(pending);
      all.set(picked, pending.length);
      let at = 0;
      for (; at + chunkRows * width <= all.length; at += chunkRows * width) {
        deflateRows(all.subarray(at, at + chunkRows * width));
      }
      pending = all.slice(at);
    }
    if (pending.length > 0) {
      deflateRows(pending);
    }
    const check = new SampleDigest();
    const piece = chunkRows * 4;
    for (let from = 0; from < rows; from += piece) {
      const to = Math.min(rows, from + piece);
      timed('readback', (to - from) * width * 2, () =>
        check.update(readRows(ds, from, to) as Int16Array)
      );
    }
    if (check.value !== digest.value) {
      throw new Error(
        `the read-back of ${rawNwb} rows [0, ${rows}) differs from the decode of ${cbin}: ${check.value} vs ${digest.value}`
      );
    }
  } finally {
    closeSync(fd);
    closeSync(sink);
    rmSync(sinkPath, { force: true });
    file.close();
  }
  process.stdout.write(
    JSON.stringify({
      chunks: nChunks,
      rows,
      width,
      chunkRows,
      strategy,
      compressedBytes: sinkAt,
      stages
    }) + '\n'
  );
}

main().catch(err => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

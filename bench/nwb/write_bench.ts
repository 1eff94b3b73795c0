/**
 * Node side of bench/nwb/write_bench.py (which bundles it with esbuild): writes the
 * raw-like int16 array and the ragged spike times from the .bin inputs with the TypeScript
 * NWB writer, then prints one JSON line (seconds, peak RSS). Usage:
 *   node bench/out/write_bench.mjs <raw.bin> <channels> <spikes.bin> <counts.bin> <out.nwb> <level> <workers> <shuffle 0|1>
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  statSync
} from 'node:fs';
import { addUnits, writeNwbFile, writeTimeSeries } from '../../src/nwb';
import type { NumericArray } from '../../src/nwb';

const [
  rawPath,
  channelsArg,
  spikesPath,
  countsPath,
  out,
  levelArg,
  workersArg,
  shuffleArg
] = process.argv.slice(2);
const channels = Number(channelsArg);
const CHUNK_ROWS = 32768;
const SPIKE_CHUNK = 1_000_000;

/** Reads `path` in slices of `items` values, refilling one buffer (the writer copies slices). */
function* slices<T extends NumericArray>(
  path: string,
  itemBytes: number,
  items: number,
  make: (b: ArrayBuffer) => T
): Generator<T> {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(items * itemBytes);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) {
        return;
      }
      yield make(n === buf.length ? buf.buffer : buf.buffer.slice(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const rows = statSync(rawPath).size / 2 / channels;
  const raw = readFileSync(countsPath);
  const counts = Array.from(
    new BigUint64Array(
      raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)
    ),
    Number
  );
  await writeNwbFile(
    out,
    {
      identifier: 'bench',
      sessionDescription: 'write benchmark',
      sessionStartTime: '2024-01-01T00:00:00+00:00'
    },
    async nwb => {
      await writeTimeSeries(nwb.acquisition, {
        name: 'ElectricalSeriesAP',
        description: 'raw-like int16',
        data: {
          dtype: 'int16',
          tail: [channels],
          rows,
          chunks: [CHUNK_ROWS, channels],
          slices: slices(
            rawPath,
            2,
            CHUNK_ROWS * channels,
            b => new Int16Array(b)
          )
        },
        unit: 'volts',
        timing: { rate: 30000 }
      });
      await addUnits(nwb, {
        spikeTimesResolution: 1 / 30000,
        spikeTimes: {
          counts,
          values: {
            dtype: 'float64',
            tail: [],
            chunks: [SPIKE_CHUNK],
            slices: slices(spikesPath, 8, SPIKE_CHUNK, b => new Float64Array(b))
          }
        }
      });
    },
    {
      storage: {
        gzipLevel: Number(levelArg),
        deflateWorkers: Number(workersArg),
        shuffle: shuffleArg === '1',
        writeBytes: 64 << 20
      }
    }
  );
  const fd = openSync(out, 'r');
  fsyncSync(fd);
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, peakMiB }) + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.name}: ${err.message}\n`);
  process.exitCode = 1;
});

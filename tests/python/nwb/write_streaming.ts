/**
 * Streamed writes: a [rows, 8] int16 series and ragged spike times appended in slices of
 * awkward sizes, with small chunks so many chunks are written. Modes (argv[3]):
 *   ok     writes streamed.nwb (gzip level argv[4], default 4; argv[5] deflate worker
 *          threads, default 0; argv[6] "shuffle" to byte-shuffle before gzip; argv[7]
 *          "inplace" to finish the file around the workers' chunk file)
 *   abort  cancels through an AbortSignal after 3 slices
 *   fail   the data source throws after 3 slices
 * Values follow formulas that the pytest side recomputes with numpy.
 */
import { addUnits, writeNwbFile, writeTimeSeries } from '../../../src/nwb';
import type { NumericArray } from '../../../src/nwb';
import { metadata, outDir, run } from './common';

const mode = process.argv[3] ?? 'ok';
const level = Number(process.argv[4] ?? 4);
const workers = Number(process.argv[5] ?? 0);
const shuffle = process.argv[6] === 'shuffle';
// argv[7] "inplace": the file is finished around the chunk file (no copy of the chunks).
const inPlace = process.argv[7] === 'inplace';
const ROWS = 50_000;
const CHANNELS = 8;
const SLICE = 7_777;
const UNITS = 40;

function* raw(onSlice: (i: number) => void): Generator<NumericArray> {
  for (let start = 0, n = 0; start < ROWS; start += SLICE, n++) {
    onSlice(n);
    const rows = Math.min(SLICE, ROWS - start);
    const out = new Int16Array(rows * CHANNELS);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < CHANNELS; c++) {
        out[r * CHANNELS + c] = (((start + r) * 31 + c * 17) % 2001) - 1000;
      }
    }
    yield out;
  }
}

/** Unit u has (u * 37) % 50 spikes at u + k / 1000 s (unit 0 and others are empty). */
const counts = Array.from({ length: UNITS }, (_, u) => (u * 37) % 50);

async function* spikes(): AsyncGenerator<NumericArray> {
  for (let u = 0; u < UNITS; u++) {
    yield Float64Array.from({ length: counts[u] }, (_, k) => u + k / 1000);
  }
}

async function main(): Promise<void> {
  const controller = new AbortController();
  const onSlice = (n: number): void => {
    if (n === 3 && mode === 'abort') {
      controller.abort();
    }
    if (n === 3 && mode === 'fail') {
      throw new Error('the data source broke');
    }
  };
  await writeNwbFile(
    `${outDir}/streamed.nwb`,
    metadata('streamed'),
    async nwb => {
      await writeTimeSeries(nwb.acquisition, {
        name: 'RawLike',
        description: 'int16 raw-like data streamed in slices',
        data: {
          dtype: 'int16',
          tail: [CHANNELS],
          slices: raw(onSlice),
          rows: ROWS
        },
        unit: 'volts',
        conversion: 2.34375e-6,
        timing: { rate: 30000 }
      });
      await addUnits(nwb, {
        spikeTimes: {
          counts,
          values: { dtype: 'float64', tail: [], slices: spikes() }
        },
        spikeTimesResolution: 1 / 30000
      });
    },
    {
      signal: controller.signal,
      storage: {
        gzipLevel: level,
        deflateWorkers: workers,
        shuffle,
        // With workers: 4 KiB chunks make 196 chunks, a two-level chunk B-tree (64 per node).
        chunkBytes: workers > 0 ? 4 * 1024 : 16 * 1024,
        chunksInPlaceFromBytes: inPlace ? 0 : Infinity,
        writeBytes: 64 * 1024
      }
    }
  );
}

run(main);

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IUnitsLayout } from '../../../src/viewer/spikes/unitSpikes';

/** hdmf's chunk for a long float64 column (524 288 values, 4 MiB), as in pynwb files. */
export const HDMF_CHUNK = 524_288;

export interface ISpikeTrainsFile {
  path: string;
  layout: IUnitsLayout;
  /** Session length (s): every spike is in `[0, end)`. */
  end: number;
  /** Bytes of `spike_times` in the file. */
  storageBytes: number;
  remove: () => void;
}

/**
 * Write a Units-like pair of datasets — `spike_times` (float64, chunked as
 * hdmf does) and `spike_times_index` — with `units` trains of random
 * lengths, each sorted and spread over the whole session, as real sorted
 * units are. Seeded, so sizes are the same on every run.
 */
export async function writeSpikeTrainsFile(
  units: number,
  spikes: number,
  end = 9000
): Promise<ISpikeTrainsFile> {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const weights = Array.from({ length: units }, () => 0.2 + random());
  const sum = weights.reduce((a, b) => a + b, 0);
  const ends = new Int32Array(units);
  let total = 0;
  weights.forEach((w, u) => {
    total = u === units - 1 ? spikes : total + Math.round((w / sum) * spikes);
    ends[u] = total;
  });
  const times = new Float64Array(spikes);
  for (let u = 0; u < units; u++) {
    const a = u === 0 ? 0 : ends[u - 1];
    // Evenly spread with jitter: sorted without a sort.
    const step = end / Math.max(1, ends[u] - a);
    for (let i = a; i < ends[u]; i++) {
      times[i] = (i - a + random()) * step;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'spike-trains-'));
  const path = join(dir, 'units.h5');
  const file = new h5wasm.File(path, 'w');
  file.create_group('units');
  file.create_dataset({
    name: 'units/spike_times',
    data: times,
    chunks: [HDMF_CHUNK]
  });
  file.create_dataset({ name: 'units/spike_times_index', data: ends });
  file.close();
  return {
    path,
    layout: {
      spikeTimesPath: '/units/spike_times',
      indexPath: '/units/spike_times_index',
      units
    },
    end,
    storageBytes: Math.ceil(spikes / HDMF_CHUNK) * HDMF_CHUNK * 8,
    remove: () => rmSync(dir, { recursive: true, force: true })
  };
}

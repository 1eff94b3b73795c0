import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  SpikeTrains,
  type Reader
} from '../../../src/viewer/spikes/unitSpikes';
import { TrainWindows } from '../../../src/viewer/spikes/windowCache';
import { WorkerHandler } from '../../../src/viewer/worker/handler';
import type {
  IReadStats,
  WorkerResponse
} from '../../../src/viewer/worker/protocol';
import { openLazySample } from './lazySample';
import { writeSpikeTrainsFile, type ISpikeTrainsFile } from './spikeTrainsFile';

/**
 * What reading spike trains costs in bytes fetched, through the worker's
 * handler and page cache (default 128 KiB pages, 64 MiB) as in the browser.
 * The file's spike_times (44 MB, 4 MiB chunks) is larger than the cache,
 * and HDF5 reads a whole chunk even for one value.
 */
const UNITS = 300;
const SPIKES = 5_500_000;

let file: ISpikeTrainsFile;

beforeAll(async () => {
  file = await writeSpikeTrainsFile(UNITS, SPIKES);
}, 120000);

afterAll(() => file?.remove());

/** A reader through an in-process WorkerHandler, and the worker's counters. */
async function startWorker(): Promise<{
  read: Reader;
  stats: () => IReadStats;
  close: () => void;
}> {
  let opened: Awaited<ReturnType<typeof openLazySample>> | null = null;
  const waiting = new Map<number, (message: WorkerResponse) => void>();
  const handler = new WorkerHandler(
    async () => (opened = await openLazySample(file.path)),
    message => waiting.get(message.id)?.(message)
  );
  let id = 0;
  const call = (body: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const n = ++id;
      waiting.set(n, message => {
        if (message.kind === 'result') {
          resolve(message.value);
        } else if (message.kind === 'error') {
          reject(new Error(message.message));
        }
      });
      void handler.handle({ ...body, id: n } as never);
    });
  await call({
    op: 'open',
    args: { url: '', headers: {}, filename: 'units.h5' }
  });
  return {
    read: (path, slice) => call({ op: 'read', path, slice }),
    stats: () => opened!.stats(),
    close: () => opened?.close()
  };
}

/** Units in an order unrelated to the file's, as grouping by brain region gives. */
function shuffled(count: number): number[] {
  const order = Array.from({ length: count }, (_, u) => u);
  let seed = 11;
  for (let i = count - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

describe('bytes fetched to read spike trains', () => {
  it('reads a whole session of units in any order about once', async () => {
    const worker = await startWorker();
    try {
      const trains = new SpikeTrains(worker.read, file.layout);
      const order = shuffled(UNITS);
      const before = worker.stats().bytesFetched;
      const rows = await trains.window(order, 0, file.end);
      const fetched = worker.stats().bytesFetched - before;
      expect(rows.reduce((n, r) => n + r.length, 0)).toBe(SPIKES);
      // Each row is its own unit's train, in the order asked for.
      for (const k of [0, 1, 150, UNITS - 1]) {
        expect(rows[k]).toEqual(await trains.unit(order[k]));
      }
      expect(fetched).toBeLessThan(1.5 * file.storageBytes);
    } finally {
      worker.close();
    }
  }, 120000);

  it('reads a 10 s window of 100 scattered units without rereading chunks', async () => {
    const worker = await startWorker();
    try {
      const trains = new SpikeTrains(worker.read, file.layout);
      const before = worker.stats().bytesFetched;
      await trains.window(shuffled(UNITS).slice(0, 100), 0, 10);
      expect(worker.stats().bytesFetched - before).toBeLessThan(
        1.5 * file.storageBytes
      );
    } finally {
      worker.close();
    }
  }, 120000);

  it('redraws and zooms inside a window already read without fetching it again', async () => {
    const worker = await startWorker();
    try {
      const held = new TrainWindows(
        new SpikeTrains(worker.read, file.layout),
        8_000_000
      );
      const order = shuffled(UNITS);
      const whole = await held.window(order, 0, file.end);
      const once = worker.stats().bytesFetched;
      expect(once).toBeLessThan(1.5 * file.storageBytes);
      await held.window(order, 0, file.end);
      const zoomed = await held.window(order, 3600, 4044);
      expect(worker.stats().bytesFetched - once).toBeLessThan(0.05 * once);
      expect(zoomed[7]).toEqual(whole[7].filter(t => t >= 3600 && t < 4044));
    } finally {
      worker.close();
    }
  }, 120000);
});

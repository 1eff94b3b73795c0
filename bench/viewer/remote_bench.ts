/**
 * Remote viewer benchmark (not a timed test): open NWB files over HTTP
 * through range_server.py (20 ms added to every request) exactly as the
 * browser worker does — `openByFormat` → range reads by synchronous
 * XMLHttpRequest — and time:
 *   1. open → tree shown (metadata crawl + overview),
 *   2. the first 10 s raster of 100 units as the session raster view opens
 *      it (opening window from the first page's units, then the window).
 * Bytes and requests are counted at the server, whatever reader asked. For
 * HDF5 the chunk floor of the raster window (chunk_floor.py: the compressed
 * chunks of spike_times the window's spikes lie in) is printed beside.
 *
 *   node bench/viewer/run_remote_bench.mjs [--format hdf5|lindi|zarr]
 *     [--latency-ms 20] [--port 8931] FILE_OR_STORE...
 *
 * A format whose reader has not landed in openByFormat prints "reader not
 * available" for its row.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

import type { NwbFormat } from '../../src/viewer/model/format';
import { loadNwbFile } from '../../src/viewer/model/nwbFile';
import { findNode } from '../../src/viewer/model/tree';
import { rasterTraces } from '../../src/viewer/spikes/rasterPoints';
import { openingWindow } from '../../src/viewer/spikes/rasterWindow';
import { SpikeTrains, unitsLayout } from '../../src/viewer/spikes/unitSpikes';
import { openByFormat } from '../../src/viewer/worker/openByFormat';
import { installSyncXhr } from './syncHttp';

const UNITS = 100;
const WINDOW_S = 10;
const PYTHON = process.env.BENCH_PYTHON ?? '/work/main/.venv/bin/python';
const HERE = process.env.BENCH_DIR as string;

interface IServer {
  port: number;
  stats(): Promise<{ requests: number; bytes: number }>;
  stop(): void;
}

async function startServer(
  root: string,
  port: number,
  latencyMs: number
): Promise<IServer> {
  const child = spawn(
    PYTHON,
    [
      join(HERE, 'range_server.py'),
      root,
      '--port',
      String(port),
      '--latency-ms',
      String(latencyMs)
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  await new Promise<void>((ok, fail) => {
    child.once('exit', code => fail(new Error(`range server exited ${code}`)));
    child.stdout.once('data', () => ok());
  });
  return {
    port,
    stats: async () =>
      (await (await fetch(`http://127.0.0.1:${port}/__stats`)).json()) as {
        requests: number;
        bytes: number;
      },
    stop: () => child.kill()
  };
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.size;
  }
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

function chunkFloor(file: string, t0: number, t1: number): unknown {
  const run = spawnSync(
    PYTHON,
    [
      join(HERE, 'chunk_floor.py'),
      file,
      '--t0',
      String(t0),
      '--t1',
      String(t1),
      '--units',
      `0:${UNITS}`
    ],
    { encoding: 'utf8' }
  );
  return run.status === 0
    ? JSON.parse(run.stdout)
    : { error: run.stderr.trim().split('\n').pop() };
}

async function benchOne(
  file: string,
  format: NwbFormat,
  server: IServer
): Promise<Record<string, unknown>> {
  // A LINDI file holds the metadata; its chunks are read from the HDF5
  // original beside it (make_formats.py), so percentages are of both.
  const original = file.replace(/\.lindi\.(json|tar)$/, '.nwb');
  const withOriginal =
    format === 'lindi' && original !== file && existsSync(original);
  const size = sizeOf(file) + (withOriginal ? sizeOf(original) : 0);
  const row: Record<string, unknown> = { file, format, fileBytes: size };
  let last = await server.stats();
  let clock = performance.now();
  const mark = async (step: string, extra: Record<string, unknown> = {}) => {
    const now = await server.stats();
    const bytes = now.bytes - last.bytes;
    row[step] = {
      ms: Math.round(performance.now() - clock),
      bytes,
      requests: now.requests - last.requests,
      percentOfFile: Number(((100 * bytes) / size).toFixed(3)),
      ...extra
    };
    last = await server.stats();
    clock = performance.now();
  };
  let opened;
  try {
    opened = await openByFormat({
      url: `http://127.0.0.1:${server.port}/${encodeURIComponent(basename(file))}`,
      headers: {},
      filename: basename(file),
      format
    });
  } catch (error) {
    const message = String((error as Error).message ?? error);
    row.result = /cannot be opened by this version/.test(message)
      ? 'reader not available'
      : `failed: ${message}`;
    return row;
  }
  try {
    const model = await loadNwbFile(opened.source);
    await mark('tree', { objects: model.objects.length });
    const units = findNode(model.tree, '/units');
    const found = units ? unitsLayout(units) : { reason: 'no /units' };
    if ('reason' in found) {
      row.raster = found.reason;
      return row;
    }
    const read = (path: string, slice?: [number | null, number | null][]) =>
      opened.source.read(path, slice);
    const trains = new SpikeTrains(read, found.layout, path =>
      opened.source.info(path)
    );
    const page = Array.from(
      { length: Math.min(UNITS, found.layout.units) },
      (_, u) => u
    );
    const opening = await openingWindow(trains, WINDOW_S, page);
    const t0 = opening.start;
    const spikes = await trains.window(page, t0, t0 + WINDOW_S);
    const raster = rasterTraces([{ label: 'units', rows: spikes }], {
      t0,
      t1: t0 + WINDOW_S,
      pixels: 1000,
      budget: 40_000
    });
    await mark('firstRaster', {
      window: [t0, t0 + WINDOW_S],
      spikes: raster.total
    });
    if (format === 'hdf5') {
      row.floor = chunkFloor(file, t0, t0 + WINDOW_S);
    }
  } finally {
    opened.close();
  }
  return row;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : fallback;
  };
  const format = option('--format', 'hdf5') as NwbFormat;
  const latency = Number(option('--latency-ms', '20'));
  const port = Number(option('--port', '8931'));
  const files = args.map(f => resolve(f));
  if (!files.length) {
    throw new Error(
      'usage: run_remote_bench.mjs [--format hdf5|lindi|zarr] [--latency-ms 20] FILE...'
    );
  }
  const stopXhr = installSyncXhr(join(HERE, 'httpWorker.mjs'));
  const rows = [];
  try {
    for (const file of files) {
      const server = await startServer(dirname(file), port, latency);
      try {
        rows.push(await benchOne(file, format, server));
      } finally {
        server.stop();
      }
    }
  } finally {
    stopXhr();
  }
  process.stdout.write(
    JSON.stringify({ latencyMs: latency, format, rows }, null, 2) + '\n'
  );
}

void main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

/**
 * Viewer benchmark (not a timed test): open an NWB file the way the
 * browser worker does — h5wasm on a lazy file behind the page cache — and
 * time each step with the bytes it read from the "server":
 *   1. open → tree shown (metadata crawl, overview)
 *   2. first 10 s session raster of the first 100 units
 *   3. trial-aligned PSTH of one unit (when the file has trials)
 *   4. with --session-raster: every unit over the whole session, decimated
 *
 * The file system stands in for HTTP range requests, so the bytes are what
 * the worker would request; the times exclude network latency.
 *
 *   node bench/viewer/run_bench.mjs FILE.nwb [--page 262144] [--session-raster]
 *
 * A 2.4 GB IBL-like file (11 M spikes, 100 s of raw 384-channel data):
 * `python tests/python/viewer/make_session_nwb.py big.nwb --trials 3000
 * --units 600 --raw-seconds 100`.
 */
import { statSync } from 'node:fs';

import type { H5Slice } from '../../src/viewer/model/source';
import { loadNwbFile } from '../../src/viewer/model/nwbFile';
import { findNode } from '../../src/viewer/model/tree';
import { alignSpikes } from '../../src/viewer/spikes/align';
import { binEdges, groupPsth } from '../../src/viewer/spikes/psth';
import { groupTrials } from '../../src/viewer/spikes/trialGroups';
import { intervalTables, readTrials } from '../../src/viewer/spikes/trialsData';
import { SpikeTrains, unitsLayout } from '../../src/viewer/spikes/unitSpikes';
import { rasterTraces } from '../../src/viewer/spikes/rasterPoints';
import { openLazySample } from '../../tests/ts/viewer/lazySample';

/** The session raster view's marker budget and a typical plot width. */
const RASTER_BUDGET = 40_000;
const PLOT_PIXELS = 1000;

interface IStep {
  step: string;
  ms: number;
  bytes: number;
  requests: number;
  /** Dataset reads (h5wasm slices) the viewer code asked for. */
  datasetReads: number;
  percentOfFile: number;
  detail?: string;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find(a => !a.startsWith('--'));
  if (!file) {
    throw new Error('usage: viewer_bench.ts FILE.nwb [--page BYTES]');
  }
  const page = Number(args[args.indexOf('--page') + 1]) || undefined;
  const size = statSync(file).size;
  const opened = await openLazySample(
    file,
    page ? { pageSize: page, maxPages: 4096 } : undefined
  );
  const steps: IStep[] = [];
  // Dataset reads issued by the viewer code (each is one h5wasm slice).
  let reads = 0;
  let lastReads = 0;
  const read = (p: string, s?: H5Slice) => {
    reads++;
    return opened.source.read(p, s);
  };
  let last = opened.stats();
  let clock = performance.now();
  const mark = (step: string, detail?: string) => {
    const now = opened.stats();
    const bytes = now.bytesFetched - last.bytesFetched;
    steps.push({
      step,
      ms: Math.round(performance.now() - clock),
      bytes,
      requests: now.requests - last.requests,
      datasetReads: reads - lastReads,
      percentOfFile: Number(((100 * bytes) / size).toFixed(3)),
      detail
    });
    last = now;
    lastReads = reads;
    clock = performance.now();
  };
  try {
    const model = await loadNwbFile(opened.source);
    mark('open → tree shown', `${model.objects.length} neurodata objects`);
    const units = findNode(model.tree, '/units');
    const layout = units ? unitsLayout(units) : { reason: 'no /units' };
    if ('reason' in layout) {
      mark('raster skipped', layout.reason);
    } else {
      const trains = new SpikeTrains(read, layout.layout, path =>
        opened.source.info(path)
      );
      const visible = Array.from(
        { length: Math.min(100, layout.layout.units) },
        (_, u) => u
      );
      const spikes = await trains.window(visible, 0, 10);
      const first = rasterTraces([{ label: 'units', rows: spikes }], {
        t0: 0,
        t1: 10,
        pixels: PLOT_PIXELS,
        budget: RASTER_BUDGET
      });
      mark(
        'first 10 s raster (100 units)',
        `${first.total} spikes of ${layout.layout.units} units, ${first.shown} markers`
      );
      const tables = intervalTables(model);
      const trials = tables.length ? await readTrials(read, tables[0]) : null;
      if (trials && !('reason' in trials)) {
        const events =
          trials.times.get('stimOn_time') ?? trials.times.get('start_time')!;
        const aligned = alignSpikes(await trains.unit(1), events, -0.5, 1);
        const groups = groupTrials(trials.rows, t =>
          Number.isFinite(events[t])
        );
        groupPsth(aligned, groups, binEdges(-0.5, 1, 0.025));
        mark('trial raster + PSTH (unit 1)', `${trials.rows} trials`);
      }
      if (args.includes('--session-raster')) {
        // Every unit over the whole session, decimated to one marker per
        // pixel column per row as the session raster view does.
        const all = Array.from({ length: layout.layout.units }, (_, u) => u);
        const rows = await trains.window(all, -Infinity, Infinity);
        const end = rows.reduce((m, r) => Math.max(m, r[r.length - 1] ?? 0), 0);
        const whole = rasterTraces([{ label: 'units', rows }], {
          t0: 0,
          t1: end,
          pixels: PLOT_PIXELS,
          budget: RASTER_BUDGET
        });
        mark(
          `whole-session raster (${all.length} units, decimated)`,
          `${whole.total} spikes → ${whole.shown} markers`
        );
      }
    }
    const total = opened.stats();
    process.stdout.write(
      JSON.stringify(
        {
          file,
          fileBytes: size,
          steps,
          totalBytes: total.bytesFetched,
          totalPercent: Number(((100 * total.bytesFetched) / size).toFixed(3))
        },
        null,
        2
      ) + '\n'
    );
  } finally {
    opened.close();
  }
}

void main();

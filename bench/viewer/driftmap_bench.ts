/**
 * Driftmap benchmark (not a timed test): open an NWB file the way the
 * browser worker does (h5wasm on a lazy file behind the page cache, the
 * file system standing in for HTTP range requests) and time the driftmap
 * of the first probe as the view computes it (DriftmapReader + the
 * picture mapping), with the bytes fetched:
 *   1. open → tree shown
 *   2. first paint (the preview: one chunk in 16 of the probe's spikes)
 *   3. every spike of the probe binned (the last paint)
 *   4. a 60 s window (the shared window / a zoom): re-binned from the
 *      window's rows only
 * Times exclude drawing (one texture upload) and network latency.
 *
 *   node bench/viewer/run_driftmap_bench.mjs FILE.nwb [--cols 1000] [--rows 400]
 */
import { statSync } from 'node:fs';

import { driftPicture } from '../../src/viewer/driftmap/driftPicture';
import { DriftmapReader } from '../../src/viewer/driftmap/driftStream';
import { driftmapLayout } from '../../src/viewer/driftmap/layout';
import { loadNwbFile } from '../../src/viewer/model/nwbFile';
import { findNode } from '../../src/viewer/model/tree';
import { openLazySample } from '../../tests/ts/viewer/lazySample';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find(a => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!file) {
    throw new Error('usage: driftmap_bench.ts FILE.nwb [--cols N] [--rows N]');
  }
  const cols = option(args, '--cols', 1000);
  const rows = option(args, '--rows', 400);
  const size = statSync(file).size;
  const opened = await openLazySample(file, {
    pageSize: 16384,
    maxPages: 4096
  });
  const steps: Record<string, unknown>[] = [];
  let clock = performance.now();
  const start = opened.stats();
  let last = start;
  const mark = (step: string, detail: string, from = clock, base = last) => {
    const now = opened.stats();
    const bytes = now.bytesFetched - base.bytesFetched;
    steps.push({
      step,
      ms: Math.round(performance.now() - from),
      MB: Number((bytes / 1e6).toFixed(2)),
      percentOfFile: Number(((100 * bytes) / size).toFixed(2)),
      requests: now.requests - base.requests,
      detail
    });
    last = now;
  };
  try {
    const model = await loadNwbFile(opened.source);
    mark('open → tree shown', `${model.objects.length} objects`);
    const units = findNode(model.tree, '/units')!;
    const found = driftmapLayout(units);
    if ('reason' in found) {
      throw new Error(`no driftmap: ${found.reason}`);
    }
    const layout = found.layout;
    const read = (p: string, s?: [number | null, number | null][]) =>
      opened.source.read(p, s);
    const probeOf = layout.probePath
      ? Array.from((await read(layout.probePath)) as ArrayLike<unknown>, String)
      : null;
    const probe = probeOf?.[0];
    const keep = (u: number) => !probeOf || probeOf[u] === probe;
    const reader = new DriftmapReader(read, layout, p => opened.source.info(p));
    // From here on: what the view does when its tab opens.
    clock = performance.now();
    const base = opened.stats();
    let first = true;
    let paints = 0;
    const image = await reader.stream(
      { layout, keep, cols, rows, window: null },
      progress => {
        driftPicture(progress.image, 'max');
        paints++;
        if (first) {
          first = false;
          mark(
            'first paint (preview)',
            `${progress.read} of ${progress.total} spikes of ${probe ?? 'the table'} binned into ${cols}×${rows}`,
            clock,
            base
          );
        }
      }
    );
    mark(
      'every spike of the probe binned',
      `${image?.spikes} spikes, ${paints} paints`,
      clock,
      base
    );
    const t0 = (image!.seen.t0 + image!.seen.t1) / 2;
    clock = performance.now();
    const before = opened.stats();
    const windowed = await reader.stream(
      {
        layout,
        keep,
        cols,
        rows,
        window: { t0, t1: t0 + 60 },
        span: [image!.seen.t0, image!.seen.t1],
        depths: [image!.seen.d0, image!.seen.d1]
      },
      progress => driftPicture(progress.image, 'max', [t0, t0 + 60])
    );
    mark(
      '60 s window re-binned',
      `${windowed?.spikes ?? 0} spikes in ${t0.toFixed(0)}–${(t0 + 60).toFixed(0)} s`,
      clock,
      before
    );
    const total = opened.stats();
    console.log(
      JSON.stringify(
        {
          file,
          sizeMB: Number((size / 1e6).toFixed(1)),
          spikesInFile: units.children.find(c => c.name === 'spike_times')
            ?.shape?.[0],
          steps,
          totalMB: Number(
            ((total.bytesFetched - start.bytesFetched) / 1e6).toFixed(1)
          )
        },
        null,
        1
      )
    );
  } finally {
    opened.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

/**
 * Benchmark of #14's heavy views (not a timed test): open an NWB file the
 * way the browser worker does (h5wasm on a lazy file behind the page cache)
 * and time, with the bytes fetched from the "server":
 *   1. open → tree shown,
 *   2. first frame of the first ImageSeries (TwoPhotonSeries …), read as
 *      the frame view does (one frame slice),
 *   3. first traces of the first ElectricalSeries in an LFP container (or
 *      anywhere): a 10 s window of 16 channels decimated to 1000 px, as the
 *      trace view opens.
 *
 *   node bench/viewer/run_views_bench.mjs FILE.nwb
 *
 * Files: `python bench/viewer/make_views_nwb.py bench/out/views.nwb` (a 2.1 GB
 * TwoPhotonSeries and a 1 h 384-channel LFP, 9 GB in all).
 */
import { statSync } from 'node:fs';

import { frameSlice } from '../../src/viewer/images/geometry';
import { loadNwbFile } from '../../src/viewer/model/nwbFile';
import { walkTree } from '../../src/viewer/model/tree';
import type { H5Slice } from '../../src/viewer/model/source';
import { seriesFrames } from '../../src/viewer/views/imageSeriesView';
import {
  readSeriesWindow,
  seriesLayout
} from '../../src/viewer/series/seriesData';
import { dataSpan } from '../../src/viewer/series/timeAxis';
import { openLazySample } from '../../tests/ts/viewer/lazySample';

interface IStep {
  step: string;
  ms: number;
  bytes: number;
  requests: number;
  percentOfFile: number;
  detail?: string;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    throw new Error('usage: views_bench.ts FILE.nwb');
  }
  const size = statSync(file).size;
  const opened = await openLazySample(file);
  const steps: IStep[] = [];
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
      percentOfFile: Number(((100 * bytes) / size).toFixed(4)),
      detail
    });
    last = now;
    clock = performance.now();
  };
  const read = (p: string, s?: H5Slice) => opened.source.read(p, s);
  try {
    const model = await loadNwbFile(opened.source);
    mark('open → tree shown', `${model.objects.length} neurodata objects`);
    const nodes = [...walkTree(model.tree)];
    const movie = nodes.find(n => n.ancestry.includes('ImageSeries'));
    if (movie) {
      const found = await seriesFrames(opened.source, movie);
      if ('reason' in found) {
        mark('first frame skipped', found.reason);
      } else {
        const frame = (await read(
          found.dataPath,
          frameSlice(found.shape, found.layout, 0)
        )) as ArrayLike<number>;
        const g = found.layout.geometry;
        mark(
          `first frame of ${movie.path}`,
          `${found.layout.frames} frames of ${g.rows} × ${g.cols}, ${frame.length} values read`
        );
        await read(
          found.dataPath,
          frameSlice(found.shape, found.layout, found.layout.frames >> 1)
        );
        mark('a frame in the middle (slider jump)');
      }
    }
    const series =
      nodes.find(
        n => n.ancestry.includes('ElectricalSeries') && n.path.includes('/LFP/')
      ) ?? nodes.find(n => n.ancestry.includes('ElectricalSeries'));
    if (series) {
      const found = await seriesLayout(opened.source, series);
      if ('reason' in found) {
        mark('first traces skipped', found.reason);
      } else {
        const { first } = await dataSpan(found.layout.axis);
        const window = await readSeriesWindow(
          opened.source,
          found.layout,
          {
            t0: first,
            t1: first + 10,
            firstChannel: 0,
            channelCount: 16,
            pixels: 1000
          },
          read
        );
        mark(
          `first traces of ${series.path}`,
          `${window.traces.length} of ${found.layout.shape[1] ?? 1} channels, ${window.samples} samples of ${found.layout.shape[0]}`
        );
        await readSeriesWindow(
          opened.source,
          found.layout,
          {
            t0: first + 1800,
            t1: first + 1810,
            firstChannel: 368,
            channelCount: 16,
            pixels: 1000
          },
          read
        );
        mark('channels 368–383 at 30 min (paging)');
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
          totalPercent: Number(((100 * total.bytesFetched) / size).toFixed(4))
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

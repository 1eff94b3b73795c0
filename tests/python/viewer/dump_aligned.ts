/**
 * Oracle bridge for the trial-aligned view: `tsx dump_aligned.ts FILE REQUESTS_JSON`
 * prints what the view computes for each request (read through h5wasm, as in the browser),
 * as a JSON array. A request: `{ series, align, groupBy?, from, to, step?, column? }`; `step`
 * is the grid step of a sampled series (default: its sampling period) or the bin width of
 * events. Several requests share one start of tsx and one opening of the file.
 */
import { alignEvents } from '../../../src/viewer/aligned/alignedEvents';
import { alignSamples } from '../../../src/viewer/aligned/alignedSamples';
import { alignTarget } from '../../../src/viewer/aligned/alignTarget';
import { alignGrid, groupMeans } from '../../../src/viewer/aligned/resample';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import type { H5Slice } from '../../../src/viewer/model/source';
import { findNode } from '../../../src/viewer/model/tree';
import { binEdges, groupPsth } from '../../../src/viewer/spikes/psth';
import { groupTrials } from '../../../src/viewer/spikes/trialGroups';
import {
  intervalTables,
  readTrials
} from '../../../src/viewer/spikes/trialsData';
import { openSample } from '../../ts/viewer/openSample';

interface IRequest {
  series: string;
  align: string;
  groupBy?: string;
  from: number;
  to: number;
  step?: number;
  column?: number;
}

const list = (a: ArrayLike<number>) => Array.from(a);

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const requests = JSON.parse(json) as IRequest[];
  const { source, close } = await openSample(file);
  const results: Record<string, unknown>[] = [];
  const slices: { path: string; slice?: H5Slice }[] = [];
  const read = (path: string, slice?: H5Slice) => {
    slices.push({ path, slice });
    return source.read(path, slice);
  };
  try {
    const model = await loadNwbFile(source);
    for (const request of requests) {
      const node = findNode(model.tree, request.series)!;
      const target = await alignTarget(source, model, node);
      if ('reason' in target) {
        throw new Error(target.reason);
      }
      const trials = await readTrials(read, intervalTables(model)[0]);
      if ('reason' in trials) {
        throw new Error(trials.reason);
      }
      const events = trials.times.get(request.align)!;
      const groups = groupTrials(
        trials.rows,
        t => Number.isFinite(events[t]),
        request.groupBy ? trials.groups.get(request.groupBy) : undefined
      );
      slices.length = 0;
      let out: Record<string, unknown>;
      if (target.kind === 'samples') {
        const grid = alignGrid(
          request.from,
          request.to,
          request.step ?? target.period
        );
        const result = await alignSamples(
          target.layout,
          request.column ?? 0,
          events,
          grid,
          read,
          target.itemSize
        );
        out = {
          kind: 'samples',
          period: target.period,
          grid: list(grid),
          rows: result.rows.map(r => (r ? list(r) : null)),
          groups: groupMeans(result.rows, groups, grid.length).map(g => ({
            label: g.label,
            trials: g.trials,
            mean: list(g.mean),
            sem: list(g.sem),
            counts: list(g.counts),
            n: g.n
          })),
          bytes: result.bytes,
          reads: result.reads,
          samples: result.samples,
          nanEvents: result.nanEvents
        };
      } else {
        const result = await alignEvents(
          target.axis,
          target.stampsPath,
          events,
          request.from,
          request.to,
          read
        );
        const edges = binEdges(request.from, request.to, request.step ?? 0.025);
        out = {
          kind: 'events',
          edges: list(edges),
          aligned: result.aligned.map(list),
          groups: groupPsth(result.aligned, groups, edges).map(g => ({
            label: g.label,
            trials: g.trials,
            mean: list(g.mean),
            sem: list(g.sem),
            n: g.n
          })),
          bytes: result.bytes,
          nanEvents: result.nanEvents
        };
      }
      out.slices = [...slices];
      out.alignColumns = [...trials.times.keys()];
      out.groupColumns = [...trials.groups.keys()];
      results.push(out);
    }
    process.stdout.write(
      JSON.stringify(results, (_, v) =>
        typeof v === 'number' && !isFinite(v) ? String(v) : v
      )
    );
  } finally {
    close();
  }
}

void main();

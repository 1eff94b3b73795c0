/**
 * Oracle bridge for the spike views: `tsx dump_spikes.ts FILE REQUEST_JSON`
 * prints what the trial-aligned raster/PSTH, the session raster and the
 * units table would compute (read through h5wasm, as in the browser).
 * REQUEST_JSON: `{ units: [u…], align, groupBy, thenBy?, pre, post, bin, t0, t1 }`.
 */
import type { H5Slice } from '../../../src/viewer/model/source';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { alignSpikes } from '../../../src/viewer/spikes/align';
import { binEdges, groupPsth } from '../../../src/viewer/spikes/psth';
import {
  combineLabels,
  groupTrials
} from '../../../src/viewer/spikes/trialGroups';
import {
  intervalTables,
  readTrials,
  type ITrialsData
} from '../../../src/viewer/spikes/trialsData';
import { readUnitProperties } from '../../../src/viewer/spikes/unitProperties';
import {
  SpikeTrains,
  unitsLayout
} from '../../../src/viewer/spikes/unitSpikes';
import { openSample } from '../../ts/viewer/openSample';

interface IRequest {
  units: number[];
  align: string;
  groupBy: string;
  thenBy?: string;
  pre: number;
  post: number;
  bin: number;
  t0: number;
  t1: number;
}

async function alignedPsth(
  trains: SpikeTrains,
  trials: ITrialsData,
  request: IRequest,
  edges: Float64Array
): Promise<unknown[]> {
  const events = trials.times.get(request.align)!;
  const groups = groupTrials(
    trials.rows,
    t => Number.isFinite(events[t]),
    combineLabels(
      trials.groups.get(request.groupBy),
      request.thenBy ? trials.groups.get(request.thenBy) : undefined
    )
  );
  const result = [];
  for (const u of request.units) {
    const aligned = alignSpikes(
      await trains.unit(u),
      events,
      request.pre,
      request.post
    );
    result.push({
      unit: u,
      aligned: aligned.map(a => Array.from(a)),
      groups: groupPsth(aligned, groups, edges).map(g => ({
        label: g.label,
        trials: g.trials,
        mean: Array.from(g.mean),
        sem: Array.from(g.sem),
        n: g.n
      }))
    });
  }
  return result;
}

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const request = JSON.parse(json) as IRequest;
  const { source, close } = await openSample(file);
  const read = (p: string, s?: H5Slice) => source.read(p, s);
  try {
    const model = await loadNwbFile(source);
    const units = findNode(model.tree, '/units')!;
    const found = unitsLayout(units);
    if ('reason' in found) {
      process.stdout.write(JSON.stringify({ reason: found.reason }));
      return;
    }
    const trains = new SpikeTrains(read, found.layout);
    const tables = intervalTables(model);
    const trials = tables.length
      ? await readTrials(read, tables[0])
      : { reason: 'no intervals table' };
    const edges = binEdges(request.pre, request.post, request.bin);
    const psth =
      'reason' in trials
        ? []
        : await alignedPsth(trains, trials, request, edges);
    const window = await trains.window(request.units, request.t0, request.t1);
    const properties = await readUnitProperties(read, model, units);
    const out = {
      tables: tables.map(t => t.path),
      alignColumns: 'reason' in trials ? [] : [...trials.times.keys()],
      groupColumns: 'reason' in trials ? [] : [...trials.groups.keys()],
      edges: Array.from(edges),
      counts: Array.from(await trains.counts()),
      psth,
      window: window.map(w => Array.from(w)),
      properties: properties.map(p => ({ name: p.name, values: p.values }))
    };
    process.stdout.write(
      JSON.stringify(out, (_, v) =>
        typeof v === 'number' && !isFinite(v) ? String(v) : v
      )
    );
  } finally {
    close();
  }
}

void main();

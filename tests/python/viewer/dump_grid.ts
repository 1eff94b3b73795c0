/**
 * Oracle bridge for the raster grid and tuning curves: `tsx dump_grid.ts
 * FILE REQUEST_JSON` prints, per unit, the grid's cells (labels, trials,
 * spikes in the windows) and the tuning curve, computed by the functions
 * the views call (`unitGrid`, `unitTuning`), read through h5wasm as in the
 * browser. REQUEST_JSON: `{ units, align, rows, columns, pre, post,
 * tuning: { column, pre, post } }`.
 */
import type { H5Slice } from '../../../src/viewer/model/source';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import {
  intervalTables,
  readTrials
} from '../../../src/viewer/spikes/trialsData';
import {
  unitGrid,
  unitTuning
} from '../../../src/viewer/spikes/unitConditions';
import {
  SpikeTrains,
  unitsLayout
} from '../../../src/viewer/spikes/unitSpikes';
import { openSample } from '../../ts/viewer/openSample';

interface IRequest {
  units: number[];
  align: string;
  rows: string;
  columns: string;
  pre: number;
  post: number;
  tuning: { column: string; pre: number; post: number };
}

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const request = JSON.parse(json) as IRequest;
  const { source, close } = await openSample(file);
  const read = (p: string, s?: H5Slice) => source.read(p, s);
  try {
    const model = await loadNwbFile(source);
    const found = unitsLayout(findNode(model.tree, '/units')!);
    if ('reason' in found) {
      throw new Error(found.reason);
    }
    const trains = new SpikeTrains(read, found.layout);
    const trials = await readTrials(read, intervalTables(model)[0]);
    if ('reason' in trials) {
      throw new Error(trials.reason);
    }
    const units = [];
    for (const u of request.units) {
      const spikes = await trains.unit(u);
      const { grid, cellSpikes } = unitGrid(spikes, trials, request);
      const curve = unitTuning(spikes, trials, {
        align: request.align,
        ...request.tuning
      });
      units.push({
        unit: u,
        rowLabels: grid.rowLabels,
        columnLabels: grid.columnLabels,
        cells: grid.cells.map((c, k) => ({
          row: c.row,
          column: c.column,
          trials: c.trials,
          spikes: cellSpikes[k]
        })),
        tuning: curve
      });
    }
    process.stdout.write(
      JSON.stringify(
        { groupColumns: [...trials.groups.keys()], units },
        (_, v) => (typeof v === 'number' && !isFinite(v) ? String(v) : v)
      )
    );
  } finally {
    close();
  }
}

void main();

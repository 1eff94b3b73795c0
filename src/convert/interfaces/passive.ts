/**
 * Passive protocol → `/intervals/epochs` (task, passive) and
 * `/processing/passive_protocol` (passive_intervals, passive_task_replay, gabor_table).
 */
import { addEpochs, writeTimeIntervals } from '../../nwb/intervals';
import type { ITable } from '../../one/tables';
import {
  recomputeGaborColumn,
  recomputeReplay
} from '../fidelity/independent/passive';
import type {
  IArrayCheck,
  IDatasetNeed,
  IModalityInterface
} from '../modality';
import { ISessionContext, processingModule } from '../session/context';
import { DatasetContentError, requireFinite } from '../session/errors';
import { ALF } from './camera';
import { gaborRowsToKeep, replayEvents } from './passiveTables';

const PERIODS = '_ibl_passivePeriods.intervalsTable.csv';
const STIMS = '_ibl_passiveStims.table.csv';
const GABOR = '_ibl_passiveGabor.table.csv';
const NEEDS: IDatasetNeed[] = [
  { name: PERIODS, collection: ALF },
  { name: STIMS, collection: ALF, optional: true },
  { name: GABOR, collection: ALF, optional: true }
];
const MODULE = '/processing/passive_protocol';

function numeric(table: ITable, name: string, dataset: string): Float64Array {
  const c = table.columns.find(x => x.name === name);
  if (!c) {
    throw new DatasetContentError(dataset, `has no column ${name}`);
  }
  return Float64Array.from(c.values as ArrayLike<number>, Number);
}

/** [start, stop] of each period from the table with rows labelled start / stop. */
function periods(
  table: ITable,
  dataset: string
): Map<string, [number, number]> {
  const labels = table.columns.find(
    c => typeof (c.values as unknown[])[0] === 'string'
  );
  const rowOf = (label: string) => {
    const row = labels ? (labels.values as string[]).indexOf(label) : -1;
    if (row < 0) {
      throw new DatasetContentError(dataset, `has no "${label}" row`);
    }
    return row;
  };
  const [start, stop] = [rowOf('start'), rowOf('stop')];
  const out = new Map<string, [number, number]>();
  for (const c of table.columns) {
    if (c !== labels) {
      const v = c.values as ArrayLike<number>;
      out.set(c.name, [Number(v[start]), Number(v[stop])]);
    }
  }
  return out;
}

export const passiveInterface: IModalityInterface<ISessionContext> = {
  name: 'passive',
  title: 'Passive protocol',
  datasets: () => NEEDS,
  availability: ctx => ctx.data.index.availability(NEEDS),
  async write(ctx, progress) {
    const { data, ledger } = ctx;
    const src = (name: string) => data.dataset(ALF, name).relPath;
    const checks: IArrayCheck[] = [];
    const p = periods(await data.table(ALF, PERIODS), src(PERIODS));
    const protocol = p.get('passiveProtocol');
    if (!protocol) {
      throw new DatasetContentError(
        src(PERIODS),
        'has no passiveProtocol column'
      );
    }
    requireFinite(
      protocol,
      src(PERIODS),
      'the passive protocol start and stop'
    );
    const epochs = {
      start: Float64Array.of(0, protocol[0]),
      stop: Float64Array.of(protocol[0], protocol[1])
    };
    await addEpochs(ctx.nwb, {
      description: 'Task and passive-protocol epochs of the session.',
      startTime: epochs.start,
      stopTime: epochs.stop,
      columns: [
        {
          name: 'protocol_type',
          description: 'Kind of epoch.',
          text: ['task', 'passive']
        },
        {
          name: 'epoch_description',
          description: 'What happened in the epoch.',
          text: [
            'Decision-making task, from the session start to the passive protocol.',
            'Passive protocol: spontaneous activity, receptive field mapping and task replay.'
          ]
        }
      ]
    });
    checks.push(
      ledger.expect(
        `${src(PERIODS)}#passiveProtocol`,
        '/intervals/epochs/start_time',
        epochs.start,
        'task from 0, passive from its start'
      ),
      ledger.expect(
        `${src(PERIODS)}#passiveProtocol`,
        '/intervals/epochs/stop_time',
        epochs.stop,
        'task until the passive start'
      )
    );
    const module = processingModule(
      ctx,
      'passive_protocol',
      'Passive protocol after the task: spontaneous activity and task replay.'
    );
    // RFM is left out as in the release (upstream data quality issues).
    const names = ['spontaneousActivity', 'taskReplay'].filter(n => p.has(n));
    const intervals = {
      start: Float64Array.from(names, n => p.get(n)![0]),
      stop: Float64Array.from(names, n => p.get(n)![1])
    };
    requireFinite(intervals.start, src(PERIODS), 'a period start');
    await writeTimeIntervals(module, {
      name: 'passive_intervals',
      description: 'Periods of the passive protocol.',
      startTime: intervals.start,
      stopTime: intervals.stop,
      columns: [
        {
          name: 'protocol_name',
          description: 'Name of the period in the IBL passive protocol.',
          text: names
        }
      ]
    });
    checks.push(
      ledger.expect(
        src(PERIODS),
        `${MODULE}/passive_intervals/start_time`,
        intervals.start,
        'start row of each period'
      ),
      ledger.expect(
        src(PERIODS),
        `${MODULE}/passive_intervals/stop_time`,
        intervals.stop,
        'stop row of each period'
      )
    );
    progress(0.4);
    if (data.index.find(ALF, STIMS)) {
      const t = await data.table(ALF, STIMS);
      const columns = Object.fromEntries(
        t.columns.map(c => [c.name, numeric(t, c.name, src(STIMS))])
      );
      const events = replayEvents(columns);
      await writeTimeIntervals(module, {
        name: 'passive_task_replay',
        description:
          'Valve clicks, tones and noise bursts replayed during the passive protocol, one row per event.',
        startTime: events.start,
        stopTime: events.stop,
        columns: [
          {
            name: 'stim_type',
            description: 'valve, tone or noise.',
            text: events.stimType
          }
        ]
      });
      checks.push(
        ledger.expect(
          src(STIMS),
          `${MODULE}/passive_task_replay/start_time`,
          recomputeReplay(columns).start,
          '<type>On of every event, sorted'
        ),
        ledger.expect(
          src(STIMS),
          `${MODULE}/passive_task_replay/stop_time`,
          recomputeReplay(columns).stop,
          '<type>Off of every event, sorted by start'
        ),
        ledger.expect(
          src(STIMS),
          `${MODULE}/passive_task_replay/stim_type`,
          recomputeReplay(columns).stimType,
          'column prefix'
        )
      );
    }
    progress(0.7);
    if (data.index.find(ALF, GABOR)) {
      const t = await data.table(ALF, GABOR);
      const col = (name: string) => numeric(t, name, src(GABOR));
      const keep = gaborRowsToKeep(col('start'), col('stop'));
      const pick = (name: string) => Float64Array.from(keep, i => col(name)[i]);
      const rows = { start: pick('start'), stop: pick('stop') };
      const extra = ['position', 'contrast', 'phase'].map(name => ({
        name,
        values: pick(name)
      }));
      await writeTimeIntervals(module, {
        name: 'gabor_table',
        description:
          'Gabor patches shown during the task replay; rows overlapping the previous one by more than 1 ms are dropped.',
        startTime: rows.start,
        stopTime: rows.stop,
        columns: [
          {
            name: 'position',
            description: 'Azimuth of the Gabor patch, in degrees.',
            values: extra[0].values
          },
          {
            name: 'contrast',
            description: 'Contrast of the Gabor patch, 0 to 1.',
            values: extra[1].values
          },
          {
            name: 'phase',
            description: 'Phase of the Gabor patch, in radians.',
            values: extra[2].values
          }
        ]
      });
      const dropped = 'rows in chronological order (overlaps > 1 ms dropped)';
      checks.push(
        ledger.expect(
          `${src(GABOR)}#start`,
          `${MODULE}/gabor_table/start_time`,
          recomputeGaborColumn(
            col('start'),
            col('stop'),
            col('start'),
            'start'
          ),
          dropped
        ),
        ledger.expect(
          `${src(GABOR)}#stop`,
          `${MODULE}/gabor_table/stop_time`,
          recomputeGaborColumn(col('start'), col('stop'), col('stop'), 'stop'),
          dropped
        ),
        ...extra.map(e =>
          ledger.expect(
            `${src(GABOR)}#${e.name}`,
            `${MODULE}/gabor_table/${e.name}`,
            recomputeGaborColumn(
              col('start'),
              col('stop'),
              col(e.name),
              e.name
            ),
            dropped
          )
        )
      );
    }
    progress(1);
    return checks;
  }
};

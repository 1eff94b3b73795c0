/**
 * Passive protocol → `/intervals/epochs` (task, passive) and
 * `/processing/passive_protocol` (passive_intervals, passive_task_replay, gabor_table).
 */
import { addEpochs, writeTimeIntervals } from '../../../nwb/intervals';
import type { ITable } from '../../../one/tables';
import {
  InterfaceSkipped,
  noRowsReason,
  type IArrayCheck,
  type IDatasetNeed
} from '../../modality';
import {
  addNote,
  ISessionContext,
  processingModule,
  type ISessionInterface
} from '../../session/context';
import { DatasetContentError, requireFinite } from '../../session/errors';
import {
  GABOR,
  MODULE,
  STIMS,
  writeGaborTable,
  writeTaskReplay
} from './passiveStimuli';
import {
  collectionsWith,
  needsInTaskCollections,
  taskCollection
} from '../trials/taskCollections';

const PERIODS = '_ibl_passivePeriods.intervalsTable.csv';
const NEEDS: IDatasetNeed[] = [
  { name: PERIODS, collection: 'alf' },
  { name: STIMS, collection: 'alf', optional: true },
  { name: GABOR, collection: 'alf', optional: true }
];

/** The ALF objects of the passive protocol (ibllib extracts them together, to one collection). */
const PASSIVE_OBJECTS = ['passivePeriods', 'passiveStims', 'passiveGabor'];

/**
 * The collection of the passive protocol, found by its periods table: the
 * passiveChoiceWorld task's, by the experiment description, else `alf`.
 * Passive tables in another collection are left unread with a note (the file
 * has a place for one passive protocol).
 */
async function passiveCollection(ctx: ISessionContext): Promise<string> {
  const task = await taskCollection(ctx.data, 'passivePeriods', true);
  if (!task) {
    throw new InterfaceSkipped(`the session has no ${PERIODS}`);
  }
  const others = new Set(
    PASSIVE_OBJECTS.flatMap(o => collectionsWith(ctx.data.index, o))
  );
  others.delete(task.collection);
  for (const other of others) {
    addNote(
      ctx,
      'passive',
      `the passive tables of ${other} are not written: ${MODULE} holds one passive protocol, from ${task.collection}`
    );
  }
  return task.collection;
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

export const passiveInterface: ISessionInterface = {
  name: 'passive',
  title: 'Passive protocol',
  kind: 'processed',
  // `alf` before ~2023, the passiveChoiceWorld task's `alf/task_NN` since.
  datasets: () => needsInTaskCollections(NEEDS),
  availability: ctx =>
    collectionsWith(ctx.data.index, 'passivePeriods').length > 0
      ? { available: true }
      : {
          available: false,
          reason: `the session has no alf/${PERIODS} (nor in alf/task_NN) in its dataset records`
        },
  async write(ctx, progress) {
    const { data, ledger } = ctx;
    const collection = await passiveCollection(ctx);
    const src = (name: string) => data.dataset(collection, name).relPath;
    const checks: IArrayCheck[] = [];
    const periodsTable = await data.table(collection, PERIODS);
    if (periodsTable.numRows === 0) {
      throw new InterfaceSkipped(noRowsReason(src(PERIODS)));
    }
    // Sub-tables with no rows are left out (an empty table is never written).
    const leftOut = (dataset: string, table: string) =>
      addNote(
        ctx,
        'passive',
        `${noRowsReason(dataset)}: ${MODULE}/${table} not written`
      );
    const p = periods(periodsTable, src(PERIODS));
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
    if (names.length === 0) {
      addNote(
        ctx,
        'passive',
        `${src(PERIODS)} has no spontaneousActivity or taskReplay period: ${MODULE}/passive_intervals not written`
      );
    } else {
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
    }
    progress(0.4);
    if (data.index.find(collection, STIMS)) {
      checks.push(...(await writeTaskReplay(ctx, module, leftOut, collection)));
    }
    progress(0.7);
    if (data.index.find(collection, GABOR)) {
      checks.push(...(await writeGaborTable(ctx, module, leftOut, collection)));
    }
    progress(1);
    return checks;
  }
};

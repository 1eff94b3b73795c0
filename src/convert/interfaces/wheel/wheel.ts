/** Wheel → `/processing/wheel`: position (irregular timestamps) and movement intervals. */
import type { INwbObject } from '../../../nwb/context';
import { writeTimeIntervals } from '../../../nwb/intervals';
import { writeSpatialSeries, writeTimeSeries } from '../../../nwb/timeseries';
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
import {
  requireAscending,
  requireFinite,
  requireSameLength
} from '../../session/errors';
import {
  collectionsWith,
  needsInTaskCollections,
  taskCollection
} from '../trials/taskCollections';
import { interpolateRegular, velocityFiltered } from './wheelSmoothing';

/** The release's regular grid for the smoothed traces. */
const SMOOTHED_HZ = 1000;

const POSITION = '_ibl_wheel.position.npy';
const TIMESTAMPS = '_ibl_wheel.timestamps.npy';
const MOVES = '_ibl_wheelMoves.intervals.npy';
const PEAKS = '_ibl_wheelMoves.peakAmplitude.npy';

const NEEDS: IDatasetNeed[] = [
  { name: POSITION, collection: 'alf' },
  { name: TIMESTAMPS, collection: 'alf' },
  { name: MOVES, collection: 'alf', optional: true },
  { name: PEAKS, collection: 'alf', optional: true }
];

export const wheelInterface: ISessionInterface = {
  name: 'wheel',
  title: 'Wheel position and movements',
  kind: 'processed',
  // `alf` before ~2023, the task's `alf/task_NN` since (read from the experiment description).
  datasets: () => needsInTaskCollections(NEEDS),
  availability: ctx =>
    collectionsWith(ctx.data.index, 'wheel').length > 0
      ? { available: true }
      : {
          available: false,
          reason:
            'the session has no alf/_ibl_wheel.position.npy, alf/_ibl_wheel.timestamps.npy (nor in alf/task_NN) in its dataset records'
        },
  async write(ctx, progress) {
    const { data, ledger } = ctx;
    const task = await taskCollection(data, 'wheel', false);
    if (!task) {
      throw new InterfaceSkipped('the session has no wheel object');
    }
    // Only the main task's wheel has a place in /processing/wheel: say what is left unread.
    for (const other of task.others) {
      addNote(
        ctx,
        'wheel',
        `the wheel of ${other} is not written: /processing/wheel holds the main task's wheel, from ${task.collection}`
      );
    }
    const { collection } = task;
    const position = await data.numbers(collection, POSITION);
    const times = await data.numbers(collection, TIMESTAMPS);
    const src = (name: string) => data.dataset(collection, name).relPath;
    requireSameLength(
      { dataset: src(POSITION), length: position.length },
      { dataset: src(TIMESTAMPS), length: times.length }
    );
    if (times.length === 0) {
      throw new InterfaceSkipped(noRowsReason(src(TIMESTAMPS)));
    }
    requireFinite(times, src(TIMESTAMPS));
    requireAscending(times, src(TIMESTAMPS), 'wheel timestamps');
    const module = processingModule(
      ctx,
      'wheel',
      'Wheel position and detected wheel movements.'
    );
    await writeSpatialSeries(module, {
      name: 'WheelPosition',
      description:
        'Absolute unwrapped angle of the wheel from its initial position, counter-clockwise positive; 1024-tick rotary encoder read in X4 mode (4096 counts per revolution), wheel diameter 6.2 cm.',
      data: position,
      unit: 'radians',
      referenceFrame:
        'Initial angle at the start of the session is 0; counter-clockwise is positive.',
      timing: { timestamps: times }
    });
    const checks: IArrayCheck[] = [
      ledger.expect(
        src(POSITION),
        '/processing/wheel/WheelPosition/data',
        position
      ),
      ledger.expect(
        src(TIMESTAMPS),
        '/processing/wheel/WheelPosition/timestamps',
        times
      )
    ];
    checks.push(
      ...(await writeSmoothed(ctx, module, position, times, src(POSITION)))
    );
    progress(0.6);
    if (data.index.find(collection, MOVES)) {
      checks.push(...(await writeMoves(ctx, module, collection)));
    }
    progress(1);
    return checks;
  }
};

/** `WheelMovementIntervals` (+ peak_amplitude); none, with a note, when no movement was detected. */
async function writeMoves(
  ctx: ISessionContext,
  module: INwbObject,
  collection: string
): Promise<IArrayCheck[]> {
  const { data, ledger } = ctx;
  const src = (name: string) => data.dataset(collection, name).relPath;
  const moves = await data.numbers(collection, MOVES, 2);
  const n = moves.length / 2;
  const peaks = data.index.find(collection, PEAKS)
    ? await data.numbers(collection, PEAKS)
    : undefined;
  if (peaks) {
    requireSameLength(
      { dataset: src(MOVES), length: n },
      { dataset: src(PEAKS), length: peaks.length }
    );
  }
  if (n === 0) {
    // A session can have no detected movement; an empty table is never written.
    addNote(
      ctx,
      'wheel',
      `${noRowsReason(src(MOVES))}: WheelMovementIntervals not written`
    );
    return [];
  }
  requireFinite(moves, src(MOVES));
  const start = Float64Array.from({ length: n }, (_, i) => moves[2 * i]);
  const stop = Float64Array.from({ length: n }, (_, i) => moves[2 * i + 1]);
  const at = '/processing/wheel/WheelMovementIntervals';
  const checks = [
    ledger.expect(`${src(MOVES)}[:,0]`, `${at}/start_time`, start),
    ledger.expect(`${src(MOVES)}[:,1]`, `${at}/stop_time`, stop)
  ];
  const columns = [];
  if (peaks) {
    columns.push({
      name: 'peak_amplitude',
      description:
        'Absolute peak amplitude of the movement relative to its onset position, in radians.',
      values: peaks
    });
    checks.push(ledger.expect(src(PEAKS), `${at}/peak_amplitude`, peaks));
  }
  await writeTimeIntervals(module, {
    name: 'WheelMovementIntervals',
    description:
      'Detected wheel movements: at least 0.012 rad within 200 ms; movements under 50 ms dropped, merged when less than 100 ms apart.',
    startTime: start,
    stopTime: stop,
    columns
  });
  return checks;
}

/** 1 kHz interpolated position, filtered velocity and acceleration (brainbox), as the release writes them. */
async function writeSmoothed(
  ctx: ISessionContext,
  module: INwbObject,
  position: Float64Array,
  times: Float64Array,
  source: string
): Promise<IArrayCheck[]> {
  const grid = interpolateRegular(times, position, SMOOTHED_HZ);
  if (grid.values.length <= 27) {
    return []; // too short for the zero-phase filter's padding: nothing to smooth
  }
  const { velocity, acceleration } = velocityFiltered(grid.values, SMOOTHED_HZ);
  const timing = { rate: SMOOTHED_HZ, startingTime: grid.start };
  await writeSpatialSeries(module, {
    name: 'WheelPositionSmoothed',
    description:
      'Wheel position linearly interpolated onto a 1 kHz grid (interpolated, not filtered, as in the IBL release).',
    data: grid.values,
    unit: 'radians',
    referenceFrame:
      'Initial angle at the start of the session is 0; counter-clockwise is positive.',
    timing
  });
  await writeTimeSeries(module, {
    name: 'WheelVelocitySmoothed',
    description:
      'Wheel velocity: derivative of the 1 kHz position after an 8th-order zero-phase Butterworth low-pass at 20 Hz.',
    data: velocity,
    unit: 'radians/s',
    timing
  });
  await writeTimeSeries(module, {
    name: 'WheelAccelerationSmoothed',
    description:
      'Wheel acceleration: derivative of the smoothed wheel velocity.',
    data: acceleration,
    unit: 'radians/s^2',
    timing
  });
  const at = '/processing/wheel';
  return [
    ctx.ledger.expect(
      source,
      `${at}/WheelPositionSmoothed/data`,
      grid.values,
      'linear interpolation at 1 kHz'
    ),
    ctx.ledger.expect(
      source,
      `${at}/WheelVelocitySmoothed/data`,
      velocity,
      '1 kHz, Butterworth 8th order 20 Hz zero-phase, derivative'
    ),
    ctx.ledger.expect(
      source,
      `${at}/WheelAccelerationSmoothed/data`,
      acceleration,
      'derivative of the velocity'
    )
  ];
}

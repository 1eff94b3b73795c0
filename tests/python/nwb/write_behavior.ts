/**
 * ProcessingModule with Position / CompassDirection / BehavioralTimeSeries / PupilTracking /
 * BehavioralEvents, trials / epochs / custom TimeIntervals, a DynamicTable with ragged
 * columns, and an external-file ImageSeries.
 */
import { writeFileSync } from 'node:fs';
import {
  addBehaviorContainer,
  addEpochs,
  addIntervals,
  addProcessingModule,
  addTrials,
  writeExternalImageSeries,
  writeSpatialSeries,
  writeTable,
  writeTimeIntervals,
  writeTimeSeries,
  writeNwbFile
} from '../../../src/nwb';
import { metadata, outDir, run, writeExpected } from './common';

// Irregular on purpose: regular timestamps should be written as a rate instead.
const t = Float64Array.from(
  { length: 40 },
  (_, i) => 1 + i / 30 + (i % 4) * 0.002
);
const xy = Float64Array.from(
  { length: 80 },
  (_, i) => (i % 2 ? 0.01 : 0.02) * i
);
const start = Float64Array.from([1, 3, 6]);
const stop = Float64Array.from([2.5, 5.5, 8]);

async function main(): Promise<void> {
  // The movie must exist next to the file: nwbinspector checks external_file paths.
  writeFileSync(`${outDir}/behavior_VideoLeftCamera.mp4`, 'not a real movie');
  await writeNwbFile(
    `${outDir}/behavior.nwb`,
    metadata('behavior'),
    async nwb => {
      const wheel = addProcessingModule(nwb, 'wheel', 'wheel data');
      const compass = addBehaviorContainer(wheel, 'CompassDirection');
      await writeSpatialSeries(compass, {
        name: 'WheelPositionSeries',
        description: 'wheel angle',
        data: Float64Array.from(t, v => v * 2),
        unit: 'radians',
        referenceFrame: 'initial angle 0, counter-clockwise positive',
        timing: { timestamps: t }
      });
      const behavior = addProcessingModule(nwb, 'behavior', 'behavioral data');
      const position = addBehaviorContainer(behavior, 'Position');
      await writeSpatialSeries(position, {
        name: 'NosePosition',
        description: 'nose x, y',
        data: { values: xy, shape: [40, 2] },
        referenceFrame: 'top-left corner of the video frame',
        timing: { timestamps: t }
      });
      const bts = addBehaviorContainer(behavior, 'BehavioralTimeSeries');
      await writeTimeSeries(bts, {
        name: 'WheelVelocity',
        description: 'wheel velocity',
        data: Float64Array.from(t, v => Math.cos(v)),
        unit: 'rad/s',
        timing: { rate: 1000, startingTime: 1 }
      });
      const pupil = addBehaviorContainer(
        behavior,
        'PupilTracking',
        'LeftPupilTracking'
      );
      await writeTimeSeries(pupil, {
        name: 'LeftPupilDiameter',
        description: 'pupil diameter',
        data: Float64Array.from(t, v => 10 + v),
        unit: 'px',
        timing: { timestamps: t }
      });
      const events = addBehaviorContainer(behavior, 'BehavioralEvents');
      await writeTimeSeries(events, {
        name: 'RewardVolume',
        description: 'reward volume at each reward',
        data: Float64Array.from([1.5, 3, 1.5]),
        unit: 'uL',
        timing: { timestamps: Float64Array.from([2, 4, 7]) }
      });
      await writeTimeIntervals(wheel, {
        name: 'WheelMovementIntervals',
        description: 'detected wheel movements',
        startTime: start,
        stopTime: stop,
        columns: [
          {
            name: 'peak_amplitude',
            description: 'peak amplitude (rad)',
            values: Float64Array.from([0.1, -0.2, NaN])
          }
        ]
      });
      await writeTable(behavior, {
        name: 'LickTable',
        description: 'licks per trial',
        columns: [
          {
            name: 'lick_times',
            description: 'lick times in s',
            ragged: { rows: [[1.1, 1.2], [], [6.5]], dtype: 'float64' }
          },
          {
            name: 'tongue',
            description: 'detecting camera',
            ragged: { text: [['left', 'right'], [], ['λ']] }
          },
          {
            name: 'trial',
            description: 'trial number',
            values: Uint16Array.from([0, 1, 2])
          }
        ],
        ids: [10, 11, 12]
      });
      await addTrials(nwb, {
        description: 'behavioral trials',
        startTime: start,
        stopTime: stop,
        tags: [['easy'], [], ['hard', 'probe']],
        columns: [
          {
            name: 'choice',
            description: 'wheel choice',
            text: ['clockwise', 'none', 'counter_clockwise']
          },
          {
            name: 'contrast',
            description: 'stimulus contrast (%)',
            values: Float64Array.from([100, 6.25, 0])
          }
        ]
      });
      await addEpochs(nwb, {
        description: 'task and passive periods',
        startTime: Float64Array.from([0]),
        stopTime: Float64Array.from([9]),
        columns: [
          { name: 'protocol_type', description: 'protocol', text: ['task'] }
        ]
      });
      await addIntervals(nwb, {
        name: 'passive_intervals',
        description: 'passive protocol periods',
        startTime: Float64Array.from([9, 12]),
        stopTime: Float64Array.from([12, 15]),
        columns: [
          {
            name: 'protocol_name',
            description: 'name',
            text: ['spontaneous', 'replay']
          }
        ]
      });
      await writeExternalImageSeries(nwb.acquisition, {
        name: 'VideoLeftCamera',
        description: 'left camera video',
        externalFile: ['./behavior_VideoLeftCamera.mp4'],
        timing: { timestamps: t }
      });
    }
  );
}

run(async () => {
  await main();
  writeExpected('behavior', { t: Array.from(t), xy: Array.from(xy) });
});

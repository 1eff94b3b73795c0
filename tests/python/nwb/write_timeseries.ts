/** NWBFile metadata + Subject, and TimeSeries by rate, by timestamps and by shared timestamps. */
import { writeNwbFile, writeTimeSeries } from '../../../src/nwb';
import { metadata, outDir, run, writeExpected } from './common';

const times = Float64Array.from(
  { length: 50 },
  (_, i) => 0.5 + i * 0.02 + (i % 3) * 0.001
);
const wheel = Float64Array.from(times, t => Math.sin(t));
const lick = Float32Array.from(times, t => Math.cos(t));
const twoD = Int16Array.from({ length: 200 * 3 }, (_, i) => (i * 7) % 1000);

async function main(): Promise<void> {
  await writeNwbFile(
    `${outDir}/timeseries.nwb`,
    metadata('timeseries'),
    async nwb => {
      const first = await writeTimeSeries(nwb.acquisition, {
        name: 'WheelPositionRaw',
        description: 'wheel position, irregular',
        data: wheel,
        unit: 'radians',
        conversion: 0.5,
        offset: 0.25,
        resolution: 0.0015,
        continuity: 'continuous',
        timing: { timestamps: times }
      });
      await writeTimeSeries(nwb.acquisition, {
        name: 'LickPiezo',
        description: 'lick piezo, same clock as the wheel',
        data: lick,
        unit: 'volts',
        timing: { timestamps: first }
      });
      await writeTimeSeries(nwb.acquisition, {
        name: 'Regular2D',
        description: 'regular three-channel signal',
        data: { values: twoD, shape: [200, 3] },
        unit: 'a.u.',
        conversion: 2.34375e-6,
        timing: { rate: 1000, startingTime: 1.25 }
      });
    }
  );
}

run(async () => {
  await main();
  writeExpected('timeseries', {
    times: Array.from(times),
    wheel: Array.from(wheel),
    lick: Array.from(lick),
    twoD: Array.from(twoD)
  });
});

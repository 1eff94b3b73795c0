/** Device, ElectrodeGroup, electrodes table, ElectricalSeries and Units. */
import {
  addDevice,
  addElectrodeGroup,
  addElectrodes,
  addUnits,
  writeElectricalSeries,
  writeNwbFile
} from '../../../src/nwb';
import { metadata, outDir, run, writeExpected } from './common';

const nChannels = 4;
const nSamples = 3000;
const raw = new Int16Array(nSamples * nChannels).map(
  (_, i) => ((i * 37) % 200) - 100
);
const spikeTimes = [
  Float64Array.from([0.1, 0.25, 1.5]),
  Float64Array.from([]),
  Float64Array.from([0.01, 2.0])
];
const waveform = new Float32Array(3 * 5).map((_, i) => i * 1e-6);

async function main(): Promise<void> {
  await writeNwbFile(
    `${outDir}/ecephys.nwb`,
    metadata('ecephys'),
    async nwb => {
      const device = addDevice(nwb, {
        name: 'Probe00',
        description: 'Neuropixels 1.0 probe',
        serialNumber: '18005102151',
        model: {
          name: 'Neuropixels 1.0',
          manufacturer: 'IMEC',
          modelNumber: 'PRB_1_4_0480_1',
          description: 'Neuropixels 1.0 silicon probe, 384 channels'
        }
      });
      const shank = addElectrodeGroup(nwb, {
        name: 'Probe00Shank0',
        description: 'shank 0 of probe 00',
        location: 'CA1',
        device
      });
      const electrodes = await addElectrodes(nwb, {
        location: ['CA1', 'CA1', 'DG', 'DG'],
        group: [shank, shank, shank, shank],
        columns: [
          {
            name: 'rel_x',
            description: 'x on the probe (um)',
            values: Float32Array.from([16, 48, 0, 32])
          },
          {
            name: 'rel_y',
            description: 'y on the probe (um)',
            values: Float32Array.from([0, 0, 20, 20])
          },
          {
            name: 'channel_name',
            description: 'SpikeGLX channel',
            text: ['AP0', 'AP1', 'AP2', 'AP3']
          }
        ]
      });
      await writeElectricalSeries(nwb.acquisition, {
        name: 'ElectricalSeriesAP',
        description: 'raw AP band',
        data: { values: raw, shape: [nSamples, nChannels] },
        conversion: 2.34375e-6,
        timing: { rate: 30000, startingTime: 0.5 },
        electrodes: { table: electrodes, rows: [0, 1, 2, 3] }
      });
      await addUnits(nwb, {
        description: 'sorted units',
        spikeTimes,
        spikeTimesResolution: 1 / 30000,
        electrodes: { table: electrodes, rows: [[0, 1], [2], [3, 2, 1]] },
        electrodeGroup: [shank, shank, shank],
        obsIntervals: [
          [[0, 3]],
          [
            [0, 1],
            [2, 3]
          ],
          [[0, 3]]
        ],
        waveformMean: { values: waveform, shape: [3, 5], samplingRate: 30000 },
        columns: [
          {
            name: 'cluster_id',
            description: 'kilosort cluster id',
            values: Int32Array.from([7, 11, 42])
          },
          {
            name: 'label',
            description: 'kilosort label',
            text: ['good', 'mua', 'noise']
          }
        ]
      });
    }
  );
}

run(async () => {
  await main();
  writeExpected('ecephys', {
    raw: Array.from(raw),
    rawShape: [nSamples, nChannels],
    spikeTimes: spikeTimes.map(a => Array.from(a)),
    waveform: Array.from(waveform)
  });
});

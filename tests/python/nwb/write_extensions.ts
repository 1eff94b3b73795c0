/** Extension types: ndx-pose (Skeletons, PoseEstimation), ndx-events (Events), ndx-ibl. */
import {
  addDevice,
  addIblMetadata,
  addProcessingModule,
  writeEvents,
  writeNwbFile,
  writePoseEstimation,
  writeSkeletons
} from '../../../src/nwb';
import { metadata, outDir, run, writeExpected } from './common';

const frames = 30;
const times = Float64Array.from(
  { length: frames },
  (_, i) => 2 + i / 60 + (i % 5) * 1e-3
);
const nose = Float64Array.from(
  { length: frames * 2 },
  (_, i) => (i % 2 ? 200 : 100) + i / 7
);
const paw = Float32Array.from(
  { length: frames * 2 },
  (_, i) => (i % 2 ? 50 : 80) - i / 9
);
const likelihood = Float32Array.from(
  { length: frames },
  (_, i) => (i % 10) / 10
);
const licks = Float64Array.from([2.01, 2.2, 2.45, 3.1]);

async function main(): Promise<void> {
  const meta = metadata('extensions');
  meta.subject = {
    subjectId: 'KS091',
    species: 'Mus musculus',
    sex: 'M',
    dateOfBirth: '2023-12-01T00:00:00+00:00',
    ibl: {
      uuid: 'b57c1934-f9a1-4dc4-a474-e2cb4acdf918',
      nickname: 'KS091',
      url: 'https://openalyx.internationalbrainlab.org/subjects/KS091',
      responsibleUser: 'Doe, Jane',
      lab: 'cortexlab',
      projects: ['ibl_neuropixel_brainwide_01'],
      expectedWaterMl: 0.75,
      remainingWaterMl: 0.25,
      alive: true
    }
  };
  await writeNwbFile(`${outDir}/extensions.nwb`, meta, async nwb => {
    addIblMetadata(nwb, '2025-05-06');
    const camera = addDevice(nwb, {
      name: 'LeftCamera',
      description: 'left camera, 60 Hz'
    });
    const pose = addProcessingModule(nwb, 'pose_estimation', 'pose from video');
    const [skeleton] = await writeSkeletons(pose, [
      {
        name: 'LeftCameraSkeleton',
        nodes: ['NoseTip', 'LeftPaw'],
        edges: [[0, 1]],
        subject: { ctx: nwb.ctx, path: '/general/subject' }
      }
    ]);
    await writePoseEstimation(pose, {
      name: 'LeftCamera',
      description: 'Lightning Pose on the left camera',
      timing: { timestamps: times },
      skeleton,
      devices: [camera],
      originalVideos: ['./extensions_VideoLeftCamera.mp4'],
      scorer: 'LP ensemble',
      sourceSoftware: { name: 'Lightning Pose', version: '1.7.0' },
      series: [
        {
          name: 'PoseEstimationSeriesNoseTip',
          description: 'nose tip',
          data: { values: nose, shape: [frames, 2] },
          confidence: likelihood,
          confidenceDefinition: 'ensemble likelihood',
          referenceFrame: '(0,0) is the top-left corner of the frame'
        },
        {
          name: 'PoseEstimationSeriesLeftPaw',
          description: 'left paw',
          data: { values: paw, shape: [frames, 2] },
          confidence: likelihood,
          referenceFrame: '(0,0) is the top-left corner of the frame'
        }
      ]
    });
    const lick = addProcessingModule(nwb, 'lick_times', 'lick detection');
    await writeEvents(lick, {
      name: 'EventsLickTimes',
      description: 'lick times from tongue keypoints',
      timestamps: licks,
      resolution: 1 / 60
    });
  });
}

run(async () => {
  await main();
  writeExpected('extensions', {
    times: Array.from(times),
    nose: Array.from(nose),
    paw: Array.from(paw),
    likelihood: Array.from(likelihood),
    licks: Array.from(licks)
  });
});

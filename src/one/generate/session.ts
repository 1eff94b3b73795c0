/**
 * Writes every ALF dataset of one generated session under its session folder
 * (`lab/Subjects/subject/date/NNN`). Pure generators live in their own modules;
 * this file only decides names, dtypes and collections.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { placeChannels, IRegion } from './atlas';
import { ISession } from './catalogue';
import { writeNpy } from './npyWriter';
import { encodeTable, TableColumn } from './parquetTable';
import { generatePassive, passiveCsvFiles } from './passive';
import { writeProbe } from './probeFiles';
import { Rng } from './rng';
import { ISizePreset } from './sizes';
import { writeRawEphys } from './rawEphys';
import { writeNidqSync } from './nidqSync';
import { writeMovie } from './movie';
import { makeClusters } from './spikes';
import { generateTrials, ITrials } from './trials';
import {
  CameraView,
  cameraTimes,
  lickTimes,
  motionEnergy,
  poseColumns,
  pupilDiameter
} from './video';
import { generateWheel } from './wheel';

export interface ISessionContext {
  seed: number;
  outDir: string;
  size: ISizePreset;
  tree: Map<string, IRegion>;
  metaTemplate: string;
  /** Also write each camera's raw movie (needs ffmpeg; see movie.ts). */
  movies?: boolean;
}

/** Folder of a session relative to the cache root. */
export function sessionPath(s: ISession): string {
  return [
    s.lab,
    'Subjects',
    s.subject.nickname,
    s.date,
    String(s.number).padStart(3, '0')
  ].join('/');
}

const TABLE_COLUMNS = [
  'goCue_times',
  'response_times',
  'choice',
  'stimOn_times',
  'contrastLeft',
  'contrastRight',
  'feedback_times',
  'feedbackType',
  'rewardVolume',
  'probabilityLeft',
  'firstMovement_times'
] as const;

function writeTrials(alf: string, trials: ITrials): void {
  const n = trials.stimOn_times.length;
  const columns: TableColumn[] = [
    {
      name: 'intervals_0',
      kind: 'float64',
      values: trials.intervals.filter((_, i) => i % 2 === 0)
    },
    {
      name: 'intervals_1',
      kind: 'float64',
      values: trials.intervals.filter((_, i) => i % 2 === 1)
    }
  ];
  for (const name of TABLE_COLUMNS) {
    const values = trials[name];
    columns.push(
      values instanceof BigInt64Array
        ? { name, kind: 'int64', values }
        : { name, kind: 'float64', values }
    );
  }
  fs.writeFileSync(
    path.join(alf, '_ibl_trials.table.pqt'),
    encodeTable(columns)
  );
  // the legacy per-attribute files, as older sessions and SessionLoader fallbacks have them
  for (const [name, values] of Object.entries(trials) as [
    keyof ITrials,
    Float64Array | BigInt64Array
  ][]) {
    const file = path.join(alf, `_ibl_trials.${name}.npy`);
    if (values instanceof BigInt64Array) {
      writeNpy(file, '<i8', values);
    } else {
      const pairs = name === 'intervals' || name === 'intervals_bpod';
      writeNpy(file, '<f8', values, pairs ? [n, 2] : [n]);
    }
  }
}

function writeCameras(
  eid: string,
  alf: string,
  ctx: ISessionContext,
  trials: ITrials,
  end: number
): void {
  for (const view of ['left', 'right', 'body'] as CameraView[]) {
    const r = new Rng(ctx.seed, eid, 'video', view);
    const times = cameraTimes(r, view, 0, end);
    const cam = `${view}Camera`;
    writeNpy(path.join(alf, `_ibl_${cam}.times.npy`), '<f8', times);
    if (ctx.movies) {
      // one movie frame per camera time, as on the rig
      writeMovie(
        path.join(
          path.dirname(alf),
          'raw_video_data',
          `_iblrig_${cam}.raw.mp4`
        ),
        view,
        times.length
      );
    }
    if (ctx.size.poseCameras.includes(view)) {
      const pose = poseColumns(r, view, times.length);
      // Lightning Pose for the face cameras, the older DLC table for the body camera,
      // so a cache holds both formats the converter accepts
      const file =
        view === 'body'
          ? `_ibl_${cam}.dlc.pqt`
          : `_ibl_${cam}.lightningPose.pqt`;
      fs.writeFileSync(
        path.join(alf, file),
        encodeTable(
          pose.map(c => ({ name: c.name, kind: 'float64', values: c.values }))
        )
      );
    }
    if (view !== 'body') {
      const pupil = pupilDiameter(r, times, trials);
      fs.writeFileSync(
        path.join(alf, `_ibl_${cam}.features.pqt`),
        encodeTable([
          { name: 'pupilDiameter_raw', kind: 'float64', values: pupil.raw },
          {
            name: 'pupilDiameter_smooth',
            kind: 'float64',
            values: pupil.smooth
          }
        ])
      );
    }
    writeNpy(
      path.join(alf, `${cam}.ROIMotionEnergy.npy`),
      '<f8',
      motionEnergy(r, times, trials)
    );
    const roi = view === 'body' ? [100, 80, 120, 60] : [120, 100, 300, 250]; // w, h, x, y in px
    writeNpy(
      path.join(alf, `${view}ROIMotionEnergy.position.npy`),
      '<i8',
      BigInt64Array.from(roi, BigInt)
    );
  }
}

/** Write the session; returns the number of trials, correct trials and spikes. */
export function writeSession(
  ctx: ISessionContext,
  s: ISession
): { nTrials: number; nCorrect: number; nSpikes: number } {
  const root = path.join(ctx.outDir, sessionPath(s));
  const alf = path.join(root, 'alf');
  fs.mkdirSync(alf, { recursive: true });
  const taskEnd = ctx.size.taskSeconds;
  const end = taskEnd + ctx.size.passiveSeconds;
  const trials = generateTrials(
    new Rng(ctx.seed, s.eid, 'trials'),
    1.0,
    taskEnd
  );
  writeTrials(alf, trials);

  const wheel = generateWheel(
    new Rng(ctx.seed, s.eid, 'wheel'),
    trials,
    0.5,
    end
  );
  writeNpy(path.join(alf, '_ibl_wheel.position.npy'), '<f8', wheel.position);
  writeNpy(
    path.join(alf, '_ibl_wheel.timestamps.npy'),
    '<f8',
    wheel.timestamps
  );
  const nMoves = wheel.movePeakAmplitude.length;
  writeNpy(
    path.join(alf, '_ibl_wheelMoves.intervals.npy'),
    '<f8',
    wheel.moveIntervals,
    [nMoves, 2]
  );
  writeNpy(
    path.join(alf, '_ibl_wheelMoves.peakAmplitude.npy'),
    '<f8',
    wheel.movePeakAmplitude
  );
  writeNpy(
    path.join(alf, 'licks.times.npy'),
    '<f8',
    lickTimes(new Rng(ctx.seed, s.eid, 'licks'), trials, 0, end)
  );
  writeCameras(s.eid, alf, ctx, trials, end);

  const passive = generatePassive(
    new Rng(ctx.seed, s.eid, 'passive'),
    taskEnd + 1,
    end
  );
  for (const [name, text] of Object.entries(passiveCsvFiles(passive))) {
    fs.writeFileSync(path.join(alf, name), text);
  }

  let nSpikes = 0;
  const description: object[] = [];
  s.probes.forEach((probe, k) => {
    const label = `${s.eid}/${probe.name}`;
    const rng = new Rng(ctx.seed, label, 'layout');
    const channels = placeChannels(rng, ctx.tree);
    const clusters = makeClusters(rng, channels, ctx.size.clustersPerProbe);
    const dir = path.join(alf, probe.name, 'pykilosort');
    nSpikes += writeProbe({
      seed: ctx.seed,
      label,
      dir,
      channels,
      clusters,
      start: 0,
      end
    });

    const base = writeRawEphys({
      dir: path.join(root, 'raw_ephys_data', probe.name),
      index: k,
      session: s,
      serial: probe.serial,
      rng: new Rng(ctx.seed, label, 'raw'),
      lfRng: new Rng(ctx.seed, label, 'raw', 'lf'),
      channels,
      clusters,
      size: ctx.size,
      metaTemplate: ctx.metaTemplate
    });
    description.push({
      label: probe.name,
      model: probe.model,
      serial: Number(probe.serial),
      raw_file_name: `raw_ephys_data/${probe.name}/${base}.cbin`
    });
  });
  if (s.probes.length > 0) {
    // The camera times are the first draw of each camera's stream (writeCameras).
    const camera = (view: CameraView) =>
      cameraTimes(new Rng(ctx.seed, s.eid, 'video', view), view, 0, end);
    writeNidqSync(path.join(root, 'raw_ephys_data'), {
      cameras: {
        left: camera('left'),
        right: camera('right'),
        body: camera('body')
      },
      trials,
      wheelTimestamps: wheel.timestamps,
      end
    });
  }
  fs.writeFileSync(
    path.join(alf, 'probes.description.json'),
    JSON.stringify(description, null, 2) + '\n'
  );

  const nTrials = trials.stimOn_times.length;
  const nCorrect = trials.feedbackType.filter(f => f === 1n).length;
  return { nTrials, nCorrect, nSpikes };
}

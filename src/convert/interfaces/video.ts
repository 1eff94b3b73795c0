/**
 * Raw videos → `/acquisition/Video<View>Camera`: ImageSeries with external
 * `.mp4` files, as the release's raw file holds them. The movie is copied
 * next to the NWB file (`<prefix>_ecephys+image/<prefix>_Video<View>Camera.mp4`,
 * DANDI's layout) and referenced by a relative path; frame times are the
 * session-clock `_ibl_<view>Camera.times.npy`.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { writeExternalImageSeries } from '../../nwb/image';
import {
  committed,
  provisional,
  provisionalFolder,
  removeFolderIfEmpty,
  removeStale,
  removeTemp
} from '../outputFiles';
import type { IArrayCheck, IDatasetNeed } from '../modality';
import type { ISessionInterface, ISessionPlan } from '../session/context';
import { camerasPassingQc } from '../session/qcPolicy';
import {
  DatasetContentError,
  requireAscending,
  requireFinite
} from '../session/errors';
import { ALF, CAMERA_VIEWS, CameraView, timesName, titleCase } from './camera';

export const RAW_VIDEO = 'raw_video_data';

export function videoName(view: CameraView): string {
  return `_iblrig_${view}Camera.raw.mp4`;
}

/** Where the movies of one output go, and what was copied (removed if the conversion fails). */
export interface IVideoPlacement {
  /** Absolute folder for the movies. */
  folder: string;
  /** File name prefix, e.g. `sub-KS074_ses-<eid>`. */
  prefix: string;
  /** Movies copied so far (absolute paths). */
  copied: string[];
  /** Replace movies already there. */
  overwrite?: boolean;
  /** This run made `folder` (so it may remove it again, when empty). */
  createdFolder?: boolean;
}

/**
 * The movie folder for an output file: DANDI names (`sub-X_ses-Y_…`) give
 * `sub-X_ses-Y_ecephys+image/`, any other name `<stem>_image/`.
 */
export function videoPlacement(
  output: string,
  overwrite = false
): IVideoPlacement {
  const stem = basename(output).replace(/\.nwb$/, '');
  const dandi = /^(sub-[^_]+_ses-[^_]+)_/.exec(stem);
  const prefix = dandi ? dandi[1] : stem;
  const folder = join(
    dirname(output),
    dandi ? `${prefix}_ecephys+image` : `${prefix}_image`
  );
  return { folder, prefix, copied: [], overwrite };
}

/** Remove the movies a failed conversion copied (and their folder if this run made it and it
 * is left empty: other files there are not ours). */
export async function removeCopiedVideos(
  placement: IVideoPlacement
): Promise<void> {
  removeTemp(placement.copied.splice(0));
  if (placement.createdFolder) {
    removeFolderIfEmpty(placement.folder);
  }
}

/** The .nwb that references the movies took its final name: they are published with it. */
export function keepCopiedVideos(placement: IVideoPlacement): void {
  placement.copied.forEach(committed);
  committed(placement.folder);
}

function views(ctx: ISessionPlan): CameraView[] {
  return CAMERA_VIEWS.filter(
    view =>
      ctx.data.index.has({ name: videoName(view), collection: RAW_VIDEO }) &&
      ctx.data.index.has({ name: timesName(view), collection: ALF })
  );
}

async function md5Of(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Copy `source` to `target` through a `.part` name. An existing different
 * target is never replaced silently. Both names are listed as this run's
 * (outputFiles.provisional) before they exist, so a second signal, which exits
 * at once, removes whatever of them is there, and nothing that was there before.
 */
async function placeMovie(
  source: string,
  target: string,
  placement: IVideoPlacement
): Promise<void> {
  const existing = await stat(target).catch(() => null);
  if (existing && !placement.overwrite) {
    throw new DatasetContentError(
      target,
      'a movie of that name is already next to the output; choose another output name or allow overwrite'
    );
  }
  if ((await mkdir(placement.folder, { recursive: true })) !== undefined) {
    placement.createdFolder = true;
    provisionalFolder(placement.folder);
  }
  const part = `${target}.part`;
  // A stale copy of a killed run, or a link planted there, goes; the copy is then created
  // exclusively (never written through a link).
  removeStale(part);
  placement.copied.push(part);
  provisional(part);
  await copyFile(source, part, constants.COPYFILE_EXCL);
  if (!existing) {
    provisional(target); // listed before the rename: a signal just after it finds it
  }
  await rename(part, target);
  committed(part);
  // A movie replaced with --overwrite is listed once ours (before, it was the user's).
  provisional(target);
  placement.copied[placement.copied.indexOf(part)] = target;
}

export const rawVideoInterface: ISessionInterface = {
  name: 'video',
  title: 'Raw videos (external files)',
  kind: 'raw',
  datasets: () =>
    CAMERA_VIEWS.flatMap<IDatasetNeed>(view => [
      { name: videoName(view), collection: RAW_VIDEO, optional: true },
      { name: timesName(view), collection: ALF, optional: true }
    ]),
  availability: ctx =>
    views(ctx).length > 0
      ? { available: true }
      : {
          available: false,
          reason: `the session has no ${RAW_VIDEO}/_iblrig_<view>Camera.raw.mp4 with its alf/_ibl_<view>Camera.times.npy`
        },
  async write(ctx, progress, signal) {
    const placement = ctx.videos;
    if (!placement) {
      throw new Error(
        'raw videos need a place next to the output (convertSession sets it)'
      );
    }
    const checks: IArrayCheck[] = [];
    const found = camerasPassingQc(ctx, 'video', views(ctx));
    for (const [i, view] of found.entries()) {
      signal.throwIfAborted();
      const record = ctx.data.dataset(RAW_VIDEO, videoName(view));
      const source = await ctx.data.path(RAW_VIDEO, videoName(view));
      const times = await ctx.data.numbers(ALF, timesName(view));
      const timesSource = ctx.data.dataset(ALF, timesName(view)).relPath;
      requireFinite(times, timesSource, 'a frame time');
      requireAscending(times, timesSource, 'frame times');
      const file = `${placement.prefix}_Video${titleCase(view)}Camera.mp4`;
      const target = join(placement.folder, file);
      await placeMovie(source, target, placement);
      const name = `Video${titleCase(view)}Camera`;
      await writeExternalImageSeries(ctx.nwb.acquisition, {
        name,
        description: `Raw video of the ${view} camera, stored as an external movie file; frame times are on the session clock.`,
        externalFile: [`./${basename(placement.folder)}/${file}`],
        startingFrame: [0],
        timing: { timestamps: times }
      });
      // The copy must be the dataset: its md5 (from the dataset record when Alyx gave one) and size.
      const [copied, original] = await Promise.all([
        stat(target),
        stat(source)
      ]);
      const expected = record.record.hash ?? (await md5Of(source, signal));
      const actual = await md5Of(target, signal);
      checks.push(
        {
          source: record.relPath,
          target: `${basename(placement.folder)}/${file}`,
          transform: 'copied next to the NWB file (external_file)',
          elements: copied.size,
          equal: actual === expected && copied.size === original.size,
          detail:
            actual === expected
              ? undefined
              : `md5 ${actual} of the copy, ${expected} expected`
        },
        ctx.ledger.expect(timesSource, `/acquisition/${name}/timestamps`, times)
      );
      progress((i + 1) / found.length);
    }
    return checks;
  }
};

/**
 * Bare session folders: the ALF files of a session copied without ONE's cache
 * tables or REST cache, as a rig or a colleague hands them over. Their
 * metadata comes the way the CLI's own message says: `ibl2nwb metadata` and
 * the start time filled in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { IQuirkBuild } from '../types';

export interface IBareSession {
  lab: string;
  subject: string;
  date: string; // YYYY-MM-DD
  number?: number;
}

/** Copy `from` (a session folder) to `<root>/<lab>/Subjects/<subject>/<date>/<NNN>`. */
export function bareCopy(from: string, root: string, s: IBareSession): string {
  const folder = path.join(
    root,
    s.lab,
    'Subjects',
    s.subject,
    s.date,
    String(s.number ?? 1).padStart(3, '0')
  );
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  fs.cpSync(from, folder, { recursive: true });
  return folder;
}

/**
 * `ibl2nwb metadata FOLDER -o meta.json`, then what a user preparing a DANDI
 * upload fills in where no Alyx record is at hand: the start time, and the
 * subject's species and birth date (nwbinspector and DANDI require them).
 */
export function bareMetadata(
  folder: string,
  metaFile: string,
  date: string
): NonNullable<IQuirkBuild['prepare']>[number] {
  const birth = new Date(Date.parse(`${date}T00:00:00Z`) - 120 * 86400000);
  return {
    args: ['metadata', folder, '-o', metaFile],
    fill: {
      file: metaFile,
      set: {
        'NWBFile.session_start_time': `${date}T09:30:00+00:00`,
        'Subject.species': 'Mus musculus',
        'Subject.date_of_birth': birth.toISOString().slice(0, 10)
      }
    }
  };
}

export interface IBareCase {
  folder: string;
  output: string;
  prepare: NonNullable<IQuirkBuild['prepare']>;
  /** `convert FOLDER -o OUT --metadata meta.json [extra]` */
  args(...extra: string[]): string[];
}

/**
 * A generated session copied as a bare folder (`<dir>/bare/<lab>/Subjects/…`),
 * under its own session path or `as`, with the metadata document to convert it.
 */
export function bareCase(
  dir: string,
  sessionFolder: string,
  s: IBareSession,
  output: string
): IBareCase {
  const folder = bareCopy(sessionFolder, path.join(dir, 'bare'), s);
  const meta = path.join(dir, 'meta.json');
  return {
    folder,
    output,
    prepare: [bareMetadata(folder, meta, s.date)],
    args: (...extra) => [folder, '-o', output, '--metadata', meta, ...extra]
  };
}

/** The bare path parts of a generated session. */
export function barePath(s: {
  lab: string;
  subject: { nickname: string };
  date: string;
}): IBareSession {
  return { lab: s.lab, subject: s.subject.nickname, date: s.date };
}

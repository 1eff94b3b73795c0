/**
 * The metadata document of a session from what is on this machine (or an Alyx server):
 * Alyx records where there are any, else the cache tables and the rig's task settings.
 * Shared by `ibl2nwb metadata` and `convert` (without --metadata), so both say the same
 * about the same session. A start time is never invented: without an Alyx record it comes
 * from the task settings and the lab's time zone, else the field stays empty for the user.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { sessionPathOfRecord } from '../one/cache';
import type { ISessionRecord } from '../one/cache';
import {
  gatherRecords,
  IGatheredRecords,
  INwbMetadata,
  metadataFromAlyx,
  RestLookup
} from './metadata';
import { taskSettingsStart } from './metadata/taskSettings';

export interface ILocalMetadata {
  document: INwbMetadata;
  found: IGatheredRecords['found'];
  /** Where session_start_time came from; 'none': the user must fill it. */
  startTime: 'alyx' | 'task settings' | 'none';
  /** What to tell the user about fields left empty, by JSON pointer. */
  hints: Record<string, string>;
}

/** The session folder of a cache-table session (padded number, else unpadded). */
export function sessionFolderOf(
  cacheDir: string,
  session: ISessionRecord
): string {
  const padded = join(cacheDir, sessionPathOfRecord(session));
  const plain = join(padded, '..', String(session.number));
  return existsSync(padded) || !existsSync(plain) ? padded : plain;
}

export async function buildMetadata(
  lookup: RestLookup,
  eid: string,
  table: ISessionRecord | null,
  options: { alyx?: string; sessionDir?: string } = {}
): Promise<ILocalMetadata> {
  const { records, found } = await gatherRecords(
    lookup,
    eid,
    table,
    options.alyx
  );
  const hints: Record<string, string> = {};
  let startTime: ILocalMetadata['startTime'] = 'alyx';
  if (!found.session) {
    // The tables know the day only: midnight would be a wrong start time, not a guess.
    const settings = options.sessionDir
      ? await taskSettingsStart(options.sessionDir)
      : null;
    const timeZone = records.lab?.timezone?.trim();
    if (settings && timeZone) {
      // metadataFromAlyx attaches the lab's offset, as for an Alyx start time.
      records.session.start_time = settings.local;
      startTime = 'task settings';
    } else {
      startTime = 'none';
      hints['/NWBFile/session_start_time'] = settings
        ? `the task settings (${settings.file}) give ${settings.local} in the lab's local time; ` +
          'add its UTC offset, e.g. ' +
          `${settings.local.slice(0, 19)}+01:00`
        : 'no Alyx record or task settings give it: fill in when the session started, ' +
          `with the UTC offset, e.g. ${records.session.start_time.slice(0, 10)}T09:00:00+01:00`;
    }
  }
  const document = metadataFromAlyx(records);
  if (startTime === 'none') {
    delete (document.NWBFile as Partial<INwbMetadata['NWBFile']>)
      .session_start_time;
  }
  return { document, found, startTime, hints };
}

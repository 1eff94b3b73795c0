/**
 * The data source options shared by commands: a local ONE cache folder (`--cache`), a
 * session folder given as the session, or a remote Alyx (`--alyx` with a login), as in
 * Python ONE. `openSource` is the one place that turns them into a SessionSource.
 */
import { gatherRecords } from '../convert/metadata';
import { LocalOne } from '../one/node/localOne';
import { LocalSource } from '../one/node/localSource';
import { isSessionFolder, sessionFolderRoot } from '../one/node/sessionFolder';
import { AlyxClient } from '../one/remote/alyx';
import { AlyxSource } from '../one/remote/node/alyxSource';
import { FileRestCache } from '../one/remote/node/restCache';
import type { ISessionSource } from '../one/source';
import { UsageError } from './io';

export const SOURCE_OPTIONS = {
  cache: { type: 'string', short: 'c' },
  alyx: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' }
} as const;

export const SOURCE_HELP = `Data source (one of):
  -c, --cache DIR      a ONE cache folder (sessions.pqt, datasets.pqt and ALF files)
  --alyx URL           an Alyx server, e.g. https://openalyx.internationalbrainlab.org
    --user NAME          login name (or $ALYX_LOGIN)
    --password PASS      password (or $ALYX_PASSWORD, which keeps it out of shell history)
    --token TOKEN        an Alyx token instead of a password (or $ALYX_TOKEN)
  With --alyx, --cache is where downloads and ONE's REST cache go.
`;

export interface ISourceValues {
  cache?: string;
  alyx?: string;
  user?: string;
  password?: string;
  token?: string;
}

/** How a local cache's tables are opened: `search --serve` passes one that keeps caches open. */
export type LocalOpener = (
  values: ISourceValues,
  command: string,
  options: { sessionsOnly?: boolean }
) => Promise<LocalOne>;

export const openLocal: LocalOpener = (values, command, options) => {
  const cache = requireCache(values, command);
  return LocalOne.open(cache, cache, options);
};

function requireCache(values: ISourceValues, command: string): string {
  if (!values.cache) {
    throw new UsageError(
      'say where the data is: --cache DIR or --alyx URL',
      command
    );
  }
  return values.cache;
}

export interface IOpenSourceOptions {
  /**
   * The session argument of the command: a session folder's path opens that folder (no
   * --cache needed; not with --alyx).
   */
  session?: string;
  /** Do not ask for --cache here (the command says what it needs itself). */
  cacheOptional?: boolean;
  /** Opens a local cache's tables (default: read them from disk). */
  opener?: LocalOpener;
}

/** The source the options name: a remote Alyx, a session folder, or a local ONE cache. */
export function openSource(
  values: ISourceValues,
  command: string,
  options: IOpenSourceOptions = {}
): ISessionSource<LocalOne> {
  if (values.alyx) {
    return alyxSource(values, command);
  }
  const { session, opener = openLocal } = options;
  if (session !== undefined && isSessionFolder(session)) {
    return new LocalSource(
      values.cache ?? sessionFolderRoot(session),
      undefined,
      session
    );
  }
  if (!values.cache && options.cacheOptional) {
    return new LocalSource(undefined); // the command says what is missing
  }
  const cache = requireCache(values, command);
  return new LocalSource(cache, tables =>
    opener({ ...values, cache }, command, tables)
  );
}

/** A remote source, for commands only Alyx can serve (download). */
export function openRemoteSource(
  values: ISourceValues,
  command: string
): AlyxSource {
  if (!values.alyx) {
    throw new UsageError('--alyx URL is required for this command', command);
  }
  return alyxSource(values, command);
}

function alyxSource(values: ISourceValues, command: string): AlyxSource {
  return new AlyxSource(
    openRemote(values, command),
    values.cache,
    // Warm ONE's REST cache with the subject, lab and insertion records the metadata needs.
    async (lookup, eid) => {
      await gatherRecords(lookup, eid, null, values.alyx);
    }
  );
}

export function openRemote(values: ISourceValues, command: string): AlyxClient {
  if (!values.alyx) {
    throw new UsageError('--alyx URL is required for this command', command);
  }
  const env = process.env;
  return new AlyxClient({
    baseUrl: values.alyx,
    username: values.user ?? env.ALYX_LOGIN,
    password: values.password ?? env.ALYX_PASSWORD,
    token: values.token ?? env.ALYX_TOKEN,
    restCache: values.cache ? new FileRestCache(values.cache) : undefined
  });
}

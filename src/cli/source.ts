/**
 * The data source options shared by commands: a local ONE cache folder
 * (`--cache`) or a remote Alyx (`--alyx` with a login), as in Python ONE.
 */
import { LocalOne } from '../one/node/localOne';
import { AlyxClient } from '../one/remote/alyx';
import { FileRestCache } from '../one/remote/node/restCache';
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

export function openLocal(
  values: ISourceValues,
  command: string,
  options: { sessionsOnly?: boolean; session?: string } = {}
): Promise<LocalOne> {
  if (!values.cache) {
    throw new UsageError(
      'say where the data is: --cache DIR or --alyx URL',
      command
    );
  }
  return options.session
    ? LocalOne.openForSession(values.cache, options.session)
    : LocalOne.open(values.cache, values.cache, options);
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

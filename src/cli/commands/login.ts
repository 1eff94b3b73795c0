import { parseArgs } from 'node:util';

import { HttpStatusError, RemoteError } from '../../one/remote/errors';
import { ICliIO, jsonLine, UsageError } from '../io';
import { openRemote } from '../source';

export const LOGIN_HELP = `Usage: ibl2nwb login --alyx URL --user NAME [--json]

Log in to an Alyx server (POST /auth-token) and print the token, as ONE does
before its first query. Give the password with $ALYX_PASSWORD (kept out of the
command line and shell history) or --password. Use the token afterwards with
--token TOKEN or $ALYX_TOKEN on search, info, metadata and convert.
  --alyx URL           the Alyx server, e.g. https://openalyx.internationalbrainlab.org
  --user NAME          login name (or $ALYX_LOGIN)
  --password PASS      password (or $ALYX_PASSWORD)
  --json               print {"user", "token"} as one JSON line; on failure
                       {"type": "error", "kind", "status", "message"}
`;

export async function login(argv: string[], io: ICliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      alyx: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      json: { type: 'boolean' }
    }
  });
  if (!values.alyx) {
    throw new UsageError('--alyx URL says which server to log in to', 'login');
  }
  // A token from the environment must not stand in for the password here.
  const client = openRemote({ ...values, token: undefined }, 'login');
  if (!client.username) {
    throw new UsageError('--user NAME (or $ALYX_LOGIN) is required', 'login');
  }
  if (
    values.password === undefined &&
    process.env.ALYX_PASSWORD === undefined
  ) {
    throw new UsageError(
      'give the password with $ALYX_PASSWORD (or --password)',
      'login'
    );
  }
  let token: string;
  try {
    token = await client.login(io.signal);
  } catch (error) {
    if (values.json) {
      jsonLine(io, {
        type: 'error',
        kind: error instanceof Error ? error.name : 'Error',
        status: error instanceof HttpStatusError ? error.status : null,
        transient: error instanceof RemoteError ? error.transient : false,
        message: error instanceof Error ? error.message : String(error)
      });
    }
    throw error;
  }
  if (values.json) {
    jsonLine(io, { user: client.username, token });
  } else {
    io.out(`${token}\n`);
    io.err(
      `Logged in to ${client.baseUrl} as ${client.username}; pass the token with --token or $ALYX_TOKEN.\n`
    );
  }
  return 0;
}

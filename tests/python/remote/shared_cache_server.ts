/**
 * The local Alyx for the shared-cache pytest, driven over stdin: one JSON command per line,
 * one JSON answer per line on stdout. Commands:
 *   {"op": "faults", "rules": [{"path": "/public/…", "regex"?: true, "times"?: n, "fault": {…}}]}
 *   {"op": "requests"}  → {"requests": [{method, path, range}, …]} (data files only)
 * The first line printed is {"url", "dataUrl"} once the server listens.
 *
 *   tsx tests/python/remote/shared_cache_server.ts --cache DIR --user U --password P
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import type { IFaultRule } from '../../../tools/alyx-server/faults';
import { startAlyxServer } from '../../../tools/alyx-server/server';

interface IRuleJson extends Omit<IFaultRule, 'path'> {
  path: string;
  regex?: boolean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cache: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' }
    }
  });
  const server = await startAlyxServer({
    users: { [values.user!]: values.password! },
    cacheFolders: [values.cache!],
    fixturesDir: null
  });
  const say = (value: unknown) =>
    process.stdout.write(`${JSON.stringify(value)}\n`);
  say({ url: server.url, dataUrl: server.dataUrl });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', line => {
    const command = JSON.parse(line);
    if (command.op === 'faults') {
      server.faults.add(
        ...(command.rules as IRuleJson[]).map(({ regex, path, ...rule }) => ({
          ...rule,
          path: regex ? new RegExp(path) : path
        }))
      );
      say({ ok: true });
    } else if (command.op === 'requests') {
      say({
        requests: server.requests
          .filter(r => r.path.startsWith('/public/'))
          .map(({ method, path, range }) => ({ method, path, range }))
      });
    } else {
      say({ error: `unknown op ${command.op}` });
    }
  });
  // The test closes stdin (or kills us) when done.
  lines.on('close', () => server.close().then(() => process.exit(0)));
}

main().catch(error => {
  process.stderr.write(`shared_cache_server: ${error?.stack ?? error}\n`);
  process.exit(1);
});

/**
 * Start the test Alyx server from the command line (for the Python oracle and
 * for trying the client by hand):
 *
 *   node_modules/.bin/tsx tools/alyx-server/run.ts --user test --password secret \
 *     --cache /path/to/one_cache [--cache …] [--port 0] [--page-size 250] [--no-fixtures]
 *
 * Prints one JSON line `{"url": …, "dataUrl": …, "port": …}` once listening;
 * stops on SIGTERM / SIGINT.
 */
import { resolve } from 'node:path';

import { startAlyxServer } from './server';

function parseArgs(argv: string[]): Map<string, string[]> {
  const args = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    const value =
      argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')
        ? argv[++i]
        : 'true';
    args.set(key, [...(args.get(key) ?? []), value]);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const one = (key: string, fallback: string) => args.get(key)?.[0] ?? fallback;
  const fixturesDir = args.has('no-fixtures')
    ? null
    : one('fixtures', resolve(__dirname, '../../../shared/fixtures'));
  const server = await startAlyxServer({
    users: { [one('user', 'test_user')]: one('password', 'test_password') },
    cacheFolders: args.get('cache') ?? [],
    fixturesDir,
    port: Number(one('port', '0')),
    pageSize: Number(one('page-size', '250'))
  });
  process.stdout.write(
    `${JSON.stringify({ url: server.url, dataUrl: server.dataUrl, port: server.port })}\n`
  );
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(
    `alyx-server: ${error instanceof Error ? error.stack : error}\n`
  );
  process.exit(1);
});

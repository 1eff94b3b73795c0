/**
 * The local Alyx test server (tools/alyx-server) for tests that drive it from
 * another process (pytest, the galata remote spec), with fault injection
 * controlled through stdin:
 *
 *   node_modules/.bin/tsx tests/python/server/alyx_with_faults.ts --user u --password p \
 *     --cache DIR [--port 0] [--fixtures DIR]
 *
 * Prints one JSON line `{"url", "dataUrl", "port"}` once listening, then reads
 * one JSON command per stdin line and answers each with `{"ok": true}`:
 *   {"faults": [{"path": "/public/", "pattern": "spikes\\.times", "method": "GET",
 *                "times": 1, "fault": {"kind": "drop"}}]}   (pattern = a RegExp source)
 *   {"clear": true}     remove every fault
 *   {"expire": true}    invalidate every token (as if they expired)
 *   {"requests": true}  answer with the paths requested so far
 * Stops on SIGTERM / SIGINT or when stdin closes.
 */
import { createInterface } from 'node:readline';

import type { Fault, IFaultRule } from '../../../tools/alyx-server/faults';
import { startAlyxServer } from '../../../tools/alyx-server/server';

interface IRuleJson {
  path?: string;
  pattern?: string;
  method?: string;
  times?: number;
  fault: Fault;
}

function option(name: string, fallback?: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  const server = await startAlyxServer({
    users: { [option('user', 'test_user')!]: option('password', 'secret')! },
    cacheFolders: process.argv
      .map((arg, i) => (arg === '--cache' ? process.argv[i + 1] : null))
      .filter((dir): dir is string => dir !== null),
    fixturesDir: option('fixtures') ?? null,
    port: Number(option('port', '0'))
  });
  process.stdout.write(
    `${JSON.stringify({ url: server.url, dataUrl: server.dataUrl, port: server.port })}\n`
  );
  let stopping = false;
  const stop = () => {
    if (!stopping) {
      stopping = true;
      void server.close().then(() => process.exit(0));
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', line => {
    if (!line.trim()) {
      return;
    }
    const command = JSON.parse(line) as {
      faults?: IRuleJson[];
      clear?: boolean;
      expire?: boolean;
      requests?: boolean;
    };
    if (command.clear) {
      server.faults.clear();
    }
    if (command.expire) {
      server.expireTokens();
    }
    if (command.faults) {
      server.faults.add(
        ...command.faults.map((rule): IFaultRule => ({
          path: rule.pattern ? new RegExp(rule.pattern) : (rule.path ?? '/'),
          method: rule.method,
          times: rule.times,
          fault: rule.fault
        }))
      );
    }
    process.stdout.write(
      `${JSON.stringify({
        ok: true,
        ...(command.requests
          ? { requests: server.requests.map(r => `${r.method} ${r.path}`) }
          : {})
      })}\n`
    );
  });
  lines.on('close', stop);
}

main().catch(error => {
  process.stderr.write(
    `alyx_with_faults: ${error instanceof Error ? error.stack : error}\n`
  );
  process.exit(1);
});

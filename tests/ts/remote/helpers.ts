/** Shared set-up of the remote tests: a sample ONE cache served by the local Alyx. */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import { AlyxClient, IAlyxClientOptions } from '../../../src/one/remote/alyx';
import {
  IAlyxServer,
  IAlyxServerOptions,
  startAlyxServer
} from '../../../tools/alyx-server/server';
import {
  ISampleDataset,
  ISampleSession,
  writeSampleCache
} from './sampleCache';

export const FIXTURES = resolve(__dirname, '../../../../shared/fixtures');
export const USER = 'test_user';
export const PASSWORD = 'test_password';

export interface IRemoteSetup {
  server: IAlyxServer;
  sessions: ISampleSession[];
  datasets: ISampleDataset[];
  /** A fresh scratch folder (removed by `close`). */
  scratch: string;
  client(options?: Partial<IAlyxClientOptions>): AlyxClient;
  /** The CLI options that log in to this server (`--alyx URL --user … --password …`). */
  loginArgs(): string[];
  close(): Promise<void>;
}

export async function startRemote(
  options: Partial<IAlyxServerOptions> = {}
): Promise<IRemoteSetup> {
  const scratch = mkdtempSync(join(tmpdir(), 'ibl-remote-'));
  const cache = join(scratch, 'served');
  const { sessions, datasets } = writeSampleCache(cache);
  const server = await startAlyxServer({
    users: { [USER]: PASSWORD },
    cacheFolders: [cache],
    fixturesDir: FIXTURES,
    ...options
  });
  return {
    server,
    sessions,
    datasets,
    scratch,
    client: (more = {}) =>
      new AlyxClient({
        baseUrl: server.url,
        username: USER,
        password: PASSWORD,
        timeoutMs: 5000,
        retryDelayMs: 5,
        ...more
      }),
    loginArgs: () => [
      '--alyx',
      server.url,
      '--user',
      USER,
      '--password',
      PASSWORD
    ],
    close: async () => {
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  };
}

/** Every file under `root`, as sorted relative paths (hidden folders skipped). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) {
        continue;
      }
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else {
        out.push(relative(root, path).split('\\').join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Our remote client driven by the Python oracle: reads a JSON list of
 * operations (argv[2]) and prints their results as one JSON array.
 */
import { AlyxClient } from '../../../src/one/remote/alyx';
import { ISessionFilters } from '../../../src/one/remote/filters';
import { downloadSession } from '../../../src/one/remote/node/downloadSession';
import { FileRestCache } from '../../../src/one/remote/node/restCache';

interface IOperation {
  op: 'search' | 'list' | 'download' | 'detail';
  baseUrl: string;
  username?: string;
  password?: string;
  /** Use ONE's REST cache in this folder. */
  restCacheDir?: string;
  filters?: ISessionFilters;
  eid?: string;
  cacheDir?: string;
  datasets?: string[];
}

async function run(op: IOperation): Promise<unknown> {
  const client = new AlyxClient({
    baseUrl: op.baseUrl,
    username: op.username,
    password: op.password,
    retries: 0,
    timeoutMs: 10000,
    restCache: op.restCacheDir ? new FileRestCache(op.restCacheDir) : undefined
  });
  switch (op.op) {
    case 'search':
      return (await client.searchSessions(op.filters ?? {})).map(s => s.id);
    case 'list':
      return (await client.sessionDatasets(op.eid!))
        .map(r => r.rel_path)
        .sort();
    case 'detail':
      return client.sessionDetail(op.eid!);
    case 'download':
      return (
        await downloadSession(client, op.eid!, {
          cacheDir: op.cacheDir!,
          datasets: op.datasets
        })
      ).map(r => r.path);
  }
}

async function main(): Promise<void> {
  const operations = JSON.parse(process.argv[2]) as IOperation[];
  const results: unknown[] = [];
  for (const op of operations) {
    try {
      results.push({ ok: await run(op) });
    } catch (error) {
      results.push({
        error: (error as Error).name,
        message: (error as Error).message
      });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});

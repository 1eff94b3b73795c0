import { parseArgs } from 'node:util';

import { ICliIO, jsonLine, UsageError } from '../io';
import { openRemoteSource, SOURCE_HELP, SOURCE_OPTIONS } from '../source';

export const DOWNLOAD_HELP = `Usage: ibl2nwb download <eid> --alyx URL --cache DIR [--dataset GLOB ...] [--json]

Download a session's datasets into a ONE cache folder (Python ONE's layout): files
already there with the right size and md5 are kept, interrupted downloads resume.
Several processes may download into one cache folder at once: each file is fetched by
one of them, the others wait for it (IBL2NWB_CLAIM_WAIT_S, default 600 s without progress).
  --dataset GLOB          only datasets whose path or name matches (repeatable)
  --collection GLOB       only datasets in matching collections (e.g. 'alf/probe00/*')
  --json                  progress and results as JSON lines

${SOURCE_HELP}`;

export async function download(argv: string[], io: ICliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...SOURCE_OPTIONS,
      dataset: { type: 'string', multiple: true },
      collection: { type: 'string' },
      json: { type: 'boolean' }
    }
  });
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one session eid', 'download');
  }
  if (!values.cache) {
    throw new UsageError('--cache DIR says where to download to', 'download');
  }
  const source = openRemoteSource(values, 'download');
  let lastPrinted = 0;
  const results = await source.download(positionals[0], {
    datasets: values.dataset,
    collection: values.collection,
    signal: io.signal,
    // Another process (a batch shard, a second download) is fetching this file into the same
    // cache: say so, or a wait would look like a hang.
    onWait: wait => {
      if (values.json) {
        jsonLine(io, { type: 'waiting', ...wait });
      } else {
        io.err(
          `waiting for ${wait.dataset}: ${wait.owner} is downloading it (claim ${wait.claimPath})\n`
        );
      }
    },
    onProgress: event => {
      if (values.json) {
        // At most ~10 lines a second: progress is for people and the sidebar, not a log.
        const now = Date.now();
        if (now - lastPrinted >= 100 || event.bytes === event.total) {
          lastPrinted = now;
          jsonLine(io, { type: 'progress', ...event });
        }
      }
    }
  });
  const downloaded = results.filter(r => r.status === 'downloaded');
  if (values.json) {
    jsonLine(io, {
      type: 'done',
      files: results.map(r => ({
        path: r.path,
        status: r.status,
        bytes: r.bytes
      }))
    });
  } else {
    for (const r of results) {
      io.out(
        `${r.status === 'downloaded' ? 'downloaded' : 'present   '}  ${r.path}\n`
      );
    }
    io.out(
      `${downloaded.length} downloaded, ${results.length - downloaded.length} already present.\n`
    );
  }
  return 0;
}

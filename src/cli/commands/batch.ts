import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { QC_POLICY_PRESETS } from '../../convert/session/qcPolicy';
import { revisionProblem } from '../../convert/session/revisionPin';
import { InvalidQueryError } from '../../one/errors';
import { dandiName, parseEidList, parseShard, shardOf } from '../batchPlan';
import { EXIT } from '../exitCodes';
import { ICliIO, jsonLine, UsageError } from '../io';
import { openSource } from '../source';

export const BATCH_HELP = `Usage: ibl2nwb batch EIDS.txt --cache DIR -o OUTDIR [--jobs N] [--shard i/N] [options]

Convert many sessions (one eid per line in EIDS.txt; '#' starts a comment) into
OUTDIR/sub-<subject>/sub-<subject>_ses-<eid>_desc-processed_behavior+ecephys.nwb.
Sessions whose file already exists are skipped, so a batch can simply be re-run;
a failed session is recorded in OUTDIR/batch-<shard>.jsonl and the batch goes on.
  --jobs N          conversions at once on this machine (default 1; each is its own process)
  --shard i/N       only every N-th session starting at i (0 <= i < N), for SLURM or
                    Kubernetes array jobs: e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT
  --metadata-dir D  use D/<eid>.json as the metadata of a session when it exists
  --modalities A,B  only these interfaces
  --qc-policy P     release|none: QC gates (as convert)
  --revision REV    read each dataset at its last ALF revision on or before REV (as convert)
  --json            one JSON line per finished session
Exit code 0 when every session of the shard is converted or skipped, 1 if any failed,
130 when cancelled (the conversion under way cleans up).
`;

interface IOutcome {
  eid: string;
  status: 'converted' | 'skipped' | 'failed';
  output?: string;
  error?: string;
  seconds: number;
}

/** Run `ibl2nwb convert` in a child process (its own wasm heap; a crash stays contained). */
function convertInChild(
  args: string[],
  signal: AbortSignal
): Promise<{ code: number; stderr: string }> {
  const cli = process.env.IBL2NWB_CLI ?? process.argv[1];
  return new Promise(resolve => {
    const child = spawn(process.execPath, [cli, 'convert', ...args], {
      stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    child.on('close', code => {
      signal.removeEventListener('abort', stop);
      resolve({ code: code ?? 1, stderr });
    });
  });
}

export async function batch(argv: string[], io: ICliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      cache: { type: 'string', short: 'c' },
      output: { type: 'string', short: 'o' },
      jobs: { type: 'string', short: 'j' },
      shard: { type: 'string' },
      'metadata-dir': { type: 'string' },
      modalities: { type: 'string' },
      revision: { type: 'string' },
      'qc-policy': { type: 'string' },
      json: { type: 'boolean' }
    }
  });
  if (positionals.length !== 1 || !values.cache || !values.output) {
    throw new UsageError('give EIDS.txt, --cache DIR and -o OUTDIR', 'batch');
  }
  const jobs = Number(values.jobs ?? 1);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new UsageError(
      `--jobs must be a whole number >= 1, not "${values.jobs}"`,
      'batch'
    );
  }
  let shard: [number, number] = [0, 1];
  try {
    shard = values.shard ? parseShard(values.shard) : shard;
  } catch (error) {
    throw new UsageError((error as Error).message, 'batch');
  }
  const revisionError =
    values.revision !== undefined ? revisionProblem(values.revision) : null;
  if (revisionError) {
    throw new UsageError(`--revision: ${revisionError}`, 'batch');
  }
  const qcPolicy = values['qc-policy'];
  if (qcPolicy !== undefined && !(qcPolicy in QC_POLICY_PRESETS)) {
    throw new UsageError(
      `--qc-policy must be ${Object.keys(QC_POLICY_PRESETS).join(' or ')}, not "${qcPolicy}"`,
      'batch'
    );
  }
  const eids = shardOf(
    parseEidList(await readFile(positionals[0], 'utf8')),
    ...shard
  );
  const source = openSource({ cache: values.cache }, 'batch');
  // Unreadable cache tables end the batch before it starts; an unknown eid fails that session only.
  const lookUp = (eid: string) =>
    source.session(eid).catch((error: unknown) => {
      if (error instanceof InvalidQueryError) {
        return error;
      }
      throw error;
    });
  if (eids.length > 0) {
    await lookUp(eids[0]);
  }
  await mkdir(values.output, { recursive: true });
  const log = join(values.output, `batch-${shard[0]}-of-${shard[1]}.jsonl`);

  const outcomes: IOutcome[] = [];
  const record = async (outcome: IOutcome) => {
    outcomes.push(outcome);
    await appendFile(
      log,
      JSON.stringify({ ...outcome, time: new Date().toISOString() }) + '\n'
    );
    if (values.json) {
      jsonLine(io, outcome);
    } else {
      io.out(
        `${outcome.status.padEnd(9)} ${outcome.eid}${outcome.error ? `: ${outcome.error}` : ''}\n`
      );
    }
  };

  const convertOne = async (eid: string) => {
    const t0 = Date.now();
    const seconds = () => (Date.now() - t0) / 1000;
    const session = await lookUp(eid);
    if (session instanceof Error) {
      return record({
        eid,
        status: 'failed',
        error: session.message,
        seconds: seconds()
      });
    }
    const output = join(
      values.output!,
      dandiName(session.subject, session.eid)
    );
    if (existsSync(output)) {
      return record({ eid, status: 'skipped', output, seconds: 0 });
    }
    await mkdir(dirname(output), { recursive: true });
    const args = [eid, '--cache', values.cache!, '-o', output];
    const metadata = values['metadata-dir']
      ? join(values['metadata-dir'], `${eid}.json`)
      : undefined;
    if (metadata && existsSync(metadata)) {
      args.push('--metadata', metadata);
    }
    if (values.modalities) {
      args.push('--modalities', values.modalities);
    }
    if (values.revision !== undefined) {
      args.push('--revision', values.revision);
    }
    if (values['qc-policy'] !== undefined) {
      args.push('--qc-policy', values['qc-policy']);
    }
    const { code, stderr } = await convertInChild(args, io.signal);
    // The child's one error line (its advice may follow it).
    const lines = stderr.trim().split('\n');
    const said = lines.filter(l => l.startsWith('ibl2nwb convert: '));
    return record(
      code === 0
        ? { eid, status: 'converted', output, seconds: seconds() }
        : {
            eid,
            status: 'failed',
            error:
              said[said.length - 1] ||
              lines[lines.length - 1] ||
              `exit code ${code}`,
            seconds: seconds()
          }
    );
  };

  // A small pool: `jobs` workers take the next session until none is left.
  let next = 0;
  const worker = async () => {
    while (next < eids.length && !io.signal.aborted) {
      await convertOne(eids[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(jobs, eids.length) }, worker)
  );
  const count = (status: IOutcome['status']) =>
    outcomes.filter(o => o.status === status).length;
  const summary = `${count('converted')} converted, ${count('skipped')} skipped, ${count('failed')} failed (log: ${log})`;
  io.err(summary + '\n');
  if (io.signal.aborted) {
    return EXIT.cancelled;
  }
  return count('failed') > 0 ? EXIT.failure : EXIT.ok;
}

import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { QC_POLICY_PRESETS } from '../../convert/session/qcPolicy';
import { revisionProblem } from '../../convert/session/revisionPin';
import { InvalidQueryError } from '../../one/errors';
import { dandiName, parseEidList, parseShard, shardOf } from '../batchPlan';
import { errorEvent } from '../errorEvent';
import { EXIT } from '../exitCodes';
import { ICliIO, jsonLine, UsageError } from '../io';
import { openSource, SOURCE_HELP, SOURCE_OPTIONS } from '../source';
import { convertInChild, IChildOutcome } from './batchChild';
import {
  BatchStatus,
  hostName,
  IBatchRecord,
  logName,
  taskName,
  writePlan
} from './batchLog';
import { batchStatus, BATCH_STATUS_HELP } from './batchStatus';

export const BATCH_HELP = `Usage: ibl2nwb batch EIDS.txt --cache DIR -o OUTDIR [--jobs N] [--shard i/N] [options]
       ibl2nwb batch status OUTDIR [--eids EIDS.txt] [--json]

Convert many sessions (one eid per line in EIDS.txt; '#' starts a comment) into
OUTDIR/sub-<subject>/sub-<subject>_ses-<eid>_desc-processed_behavior+ecephys.nwb.
Sessions whose file already exists are skipped, so a batch can simply be re-run.
Each finished session is a line of OUTDIR/batch-<i>-of-<N>.jsonl (converted, skipped,
failed with the error's code and message and the end of convert's output, or cancelled);
a failed session does not stop the batch. OUTDIR/batch-plan.json keeps the whole list.
  --jobs N          conversions at once on this machine (default 1; each is its own process)
  --shard i/N       only every N-th session starting at i (0 <= i < N), for SLURM or
                    Kubernetes array jobs: e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT
  --metadata-dir D  use D/<eid>.json as the metadata of a session when it exists
  --modalities A,B  only these interfaces
  --qc-policy P     release|none: QC gates (as convert)
  --revision REV    read each dataset at its last ALF revision on or before REV (as convert)
  --json            one JSON line per finished session
${SOURCE_HELP}Exit code 0 when every session of the shard is converted or skipped, 1 if any failed,
130 when cancelled (the conversion under way cleans up and is logged as cancelled).

${BATCH_STATUS_HELP}`;

export async function batch(argv: string[], io: ICliIO): Promise<number> {
  if (argv[0] === 'status') {
    return batchStatus(argv.slice(1), io);
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...SOURCE_OPTIONS,
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
  const planned = parseEidList(await readFile(positionals[0], 'utf8'));
  const eids = shardOf(planned, ...shard);
  const source = openSource(values, 'batch');
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
  await writePlan(values.output, {
    eids: planned,
    shards: shard[1],
    list: resolve(positionals[0])
  });
  const log = join(values.output, logName(shard));
  const where = {
    shard: `${shard[0]}/${shard[1]}`,
    host: hostName(),
    ...(taskName() ? { task: taskName() } : {})
  };

  const outcomes: IBatchRecord[] = [];
  const record = async (
    eid: string,
    started: number,
    outcome: { status: BatchStatus } & Partial<IBatchRecord>
  ) => {
    const line: IBatchRecord = {
      eid,
      ...outcome,
      ...where,
      started: new Date(started).toISOString(),
      time: new Date().toISOString(),
      seconds: (Date.now() - started) / 1000
    };
    outcomes.push(line);
    await appendFile(log, JSON.stringify(line) + '\n');
    if (values.json) {
      jsonLine(io, line);
    } else {
      io.out(
        `${line.status.padEnd(9)} ${eid}${line.error ? `: ${line.error}` : ''}\n`
      );
    }
  };

  const convertOne = async (eid: string) => {
    const started = Date.now();
    const session = await lookUp(eid);
    if (session instanceof Error) {
      const { event } = errorEvent(session, 'batch');
      return record(eid, started, {
        status: 'failed',
        error: session.message,
        code: event.code
      });
    }
    const output = join(
      values.output!,
      dandiName(session.subject, session.eid)
    );
    if (existsSync(output)) {
      return record(eid, started, { status: 'skipped', output });
    }
    await mkdir(dirname(output), { recursive: true });
    const args = [eid, '--cache', values.cache!, '-o', output];
    if (values.alyx) {
      args.push('--alyx', values.alyx);
    }
    if (values.user) {
      args.push('--user', values.user);
    }
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
    const child = await convertInChild(args, io.signal, secrets(values));
    return record(eid, started, outcomeOf(child, output));
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
  const count = (status: BatchStatus) =>
    outcomes.filter(o => o.status === status).length;
  const cancelled = count('cancelled')
    ? `, ${count('cancelled')} cancelled`
    : '';
  const summary = `${count('converted')} converted, ${count('skipped')} skipped, ${count('failed')} failed${cancelled} (log: ${log})`;
  io.err(summary + '\n');
  if (io.signal.aborted) {
    return EXIT.cancelled;
  }
  return count('failed') > 0 ? EXIT.failure : EXIT.ok;
}

/** Credentials given on the command line reach the child by environment, not argv (ps shows argv). */
function secrets(values: {
  password?: string;
  token?: string;
}): Record<string, string> {
  return {
    ...(values.password !== undefined
      ? { ALYX_PASSWORD: values.password }
      : {}),
    ...(values.token !== undefined ? { ALYX_TOKEN: values.token } : {})
  };
}

/** The log line of a finished convert child: converted, cancelled (exit 130) or failed with why. */
export function outcomeOf(
  child: IChildOutcome,
  output: string
): { status: BatchStatus } & Partial<IBatchRecord> {
  if (child.exit === 0) {
    return { status: 'converted', output };
  }
  const { error = {}, tail } = child;
  const said = error.message ?? lastOwnLine(tail);
  const detail = {
    ...(error.code ? { code: error.code } : {}),
    ...(error.dataset ? { dataset: error.dataset } : {}),
    ...(error.advice ? { advice: error.advice } : {}),
    exit: child.exit,
    tail
  };
  if (child.exit === EXIT.cancelled) {
    return {
      status: 'cancelled',
      error: said ?? 'cancelled',
      ...detail,
      code: 'CANCELLED'
    };
  }
  const killed = child.signal
    ? `convert was killed by ${child.signal}${child.signal === 'SIGKILL' ? ' (out of memory, or a time limit?)' : ''}`
    : undefined;
  return {
    status: 'failed',
    error: said ?? killed ?? `convert ended with exit code ${child.exit}`,
    ...detail
  };
}

/** The child's own `ibl2nwb convert: …` line, without the prefix (its advice may follow it). */
function lastOwnLine(tail: string[]): string | undefined {
  const own = tail.filter(l => l.startsWith('ibl2nwb convert: '));
  return own.length
    ? own[own.length - 1].slice('ibl2nwb convert: '.length)
    : undefined;
}

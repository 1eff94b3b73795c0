/**
 * `ibl2nwb batch status OUTDIR`: done / failed (with the reason) / pending per session of a batch,
 * read from what the batch left in OUTDIR (batch-plan.json, batch-<i>-of-<N>.jsonl, the NWB
 * files). Read-only; safe to run while array tasks are still writing.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

import { parseEidList } from '../batchPlan';
import { formatTable, ICliIO, jsonLine, UsageError } from '../io';
import { IBatchPlan, IBatchRecord, LOG_PATTERN, PLAN_FILE } from './batchLog';
import {
  countStates,
  ILoggedRecord,
  ISessionStatus,
  sessionStates
} from './batchStatusModel';

export const BATCH_STATUS_HELP = `ibl2nwb batch status OUTDIR [--eids EIDS.txt] [--json]
  Per session of the batch whose -o folder is OUTDIR: done (its NWB file), failed (the
  error code and message, the end of convert's output) or pending (not started, or
  interrupted). The sessions are those of OUTDIR/batch-plan.json (written when a batch
  starts) or of --eids, and any in the logs. --json: one line
  {"type":"batch-status","out","counts":{"done","failed","pending"},"sessions":[...]}.
  Exit code 0 whatever the sessions' states; 2 if OUTDIR holds no batch.
`;

const OUTPUT_NAME = /_ses-(.+)_desc-processed_behavior\+ecephys\.nwb$/;

export async function batchStatus(argv: string[], io: ICliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { eids: { type: 'string' }, json: { type: 'boolean' } }
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      'give the batch output folder: OUTDIR',
      'batch status'
    );
  }
  const out = positionals[0];
  if (!(await stat(out).catch(() => null))?.isDirectory()) {
    throw new UsageError(
      `${out} is not a folder: give the -o folder of an ibl2nwb batch`,
      'batch status'
    );
  }
  const warnings: string[] = [];
  const names = await readdir(out);
  const plan = names.includes(PLAN_FILE)
    ? await readPlan(join(out, PLAN_FILE), warnings)
    : undefined;
  const listed = values.eids
    ? parseEidList(await readFile(values.eids, 'utf8'))
    : undefined;
  const records = await readLogs(out, names, warnings);
  if (!plan && !listed && records.length === 0) {
    throw new UsageError(
      `${out} holds no batch: neither ${PLAN_FILE} nor batch-<i>-of-<N>.jsonl (give the -o folder of ibl2nwb batch, or --eids)`,
      'batch status'
    );
  }
  const sessions = sessionStates({
    planned: listed ?? plan?.eids ?? [],
    shards: listed ? undefined : plan?.shards,
    records,
    outputs: await findOutputs(out, names)
  });
  const counts = countStates(sessions);
  if (values.json) {
    jsonLine(io, { type: 'batch-status', out, counts, sessions, warnings });
  } else {
    io.out(humanTable(out, sessions));
    io.out(
      `${counts.done} done, ${counts.failed} failed, ${counts.pending} pending (${out})\n`
    );
    for (const warning of warnings) {
      io.err(`ibl2nwb batch status: ${warning}\n`);
    }
  }
  return 0;
}

async function readPlan(
  path: string,
  warnings: string[]
): Promise<IBatchPlan | undefined> {
  try {
    const plan = JSON.parse(await readFile(path, 'utf8')) as IBatchPlan;
    if (
      Array.isArray(plan.eids) &&
      plan.eids.every(e => typeof e === 'string')
    ) {
      return plan;
    }
  } catch {
    // reported below
  }
  warnings.push(
    `${path} is not a batch plan; its sessions are not listed (give --eids)`
  );
  return undefined;
}

/** Every line of every shard's log; a line that is not a record is skipped and said. */
async function readLogs(
  out: string,
  names: string[],
  warnings: string[]
): Promise<ILoggedRecord[]> {
  const records: ILoggedRecord[] = [];
  for (const name of names.filter(n => LOG_PATTERN.test(n)).sort()) {
    const log = join(out, name);
    const lines = (await readFile(log, 'utf8')).split('\n');
    lines.forEach((line, k) => {
      if (!line.trim()) {
        return;
      }
      const record = parseRecord(line);
      if (record) {
        records.push({ record, log });
      } else {
        warnings.push(
          `${log} line ${k + 1} is not a batch record (a task killed while writing it?); ignored`
        );
      }
    });
  }
  return records;
}

function parseRecord(line: string): IBatchRecord | undefined {
  try {
    const record = JSON.parse(line) as IBatchRecord;
    const ok =
      typeof record.eid === 'string' &&
      ['converted', 'skipped', 'failed', 'cancelled'].includes(record.status);
    // Logs of batches before `time` was kept as the end time still parse.
    return ok ? { ...record, time: String(record.time ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/** eid → the NWB file batch wrote for it: OUTDIR/sub-<subject>/…_ses-<eid>_desc-processed_behavior+ecephys.nwb */
async function findOutputs(
  out: string,
  names: string[]
): Promise<Map<string, string>> {
  const outputs = new Map<string, string>();
  for (const name of names.filter(n => n.startsWith('sub-')).sort()) {
    const folder = join(out, name);
    const files = await readdir(folder).catch(() => [] as string[]);
    for (const file of files) {
      const eid = OUTPUT_NAME.exec(file)?.[1];
      if (eid) {
        outputs.set(eid, join(folder, file));
      }
    }
  }
  return outputs;
}

function humanTable(out: string, sessions: ISessionStatus[]): string {
  const rows = sessions.map(s => [
    s.eid,
    s.state,
    s.shard ?? '',
    s.state === 'done'
      ? relative(out, s.output!)
      : [s.code, s.reason].filter(Boolean).join(': ')
  ]);
  return formatTable(['EID', 'STATE', 'SHARD', 'DETAIL'], rows);
}

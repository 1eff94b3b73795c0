/**
 * What `ibl2nwb batch` leaves in OUTDIR for `batch status` (and for people): one JSON line per
 * finished session in batch-<i>-of-<N>.jsonl (one file per shard, so array tasks never write
 * the same file), and batch-plan.json, the whole list of sessions the batch was started with,
 * so sessions of shards that have not run yet show as pending.
 */
import { hostname } from 'node:os';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type BatchStatus = 'converted' | 'skipped' | 'failed' | 'cancelled';

/** One line of batch-<i>-of-<N>.jsonl. */
export interface IBatchRecord {
  eid: string;
  status: BatchStatus;
  /** The NWB file (converted, skipped; as the batch was given -o). */
  output?: string;
  /** Why it failed: the convert error's message (or what killed it). */
  error?: string;
  /** The convert error event's code (CONTRACTS §2), e.g. DATASET_INVALID. */
  code?: string;
  dataset?: string;
  advice?: string;
  /** The convert child's exit code (null: killed by a signal). */
  exit?: number | null;
  /** The last lines of the convert child's stderr (failed and cancelled sessions). */
  tail?: string[];
  /** `i/N` */
  shard: string;
  /** The host and, under SLURM or Kubernetes, the array task that ran it. */
  host: string;
  task?: string;
  started: string;
  /** When it ended (ISO time). */
  time: string;
  seconds: number;
}

/** batch-plan.json */
export interface IBatchPlan {
  type: 'batch-plan';
  /** Every session of the list, in order (all shards). */
  eids: string[];
  shards: number;
  list: string;
  written: string;
}

export const PLAN_FILE = 'batch-plan.json';
export const LOG_PATTERN = /^batch-(\d+)-of-(\d+)\.jsonl$/;

export function logName(shard: [number, number]): string {
  return `batch-${shard[0]}-of-${shard[1]}.jsonl`;
}

/** The array task running this process, as the scheduler names it (for the log). */
export function taskName(
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  if (env.SLURM_ARRAY_JOB_ID && env.SLURM_ARRAY_TASK_ID) {
    return `slurm ${env.SLURM_ARRAY_JOB_ID}_${env.SLURM_ARRAY_TASK_ID}`;
  }
  if (env.SLURM_JOB_ID) {
    return `slurm ${env.SLURM_JOB_ID}`;
  }
  if (env.JOB_COMPLETION_INDEX) {
    return `k8s ${env.HOSTNAME ?? 'pod'} index ${env.JOB_COMPLETION_INDEX}`;
  }
  return undefined;
}

export function hostName(): string {
  return hostname();
}

/**
 * Write batch-plan.json atomically (temp + rename): every shard of an array writes the same
 * list at its start, and a reader never sees half a file.
 */
export async function writePlan(
  outdir: string,
  plan: Omit<IBatchPlan, 'type' | 'written'>
): Promise<void> {
  const path = join(outdir, PLAN_FILE);
  const temp = `${path}.${process.pid}.${hostName()}.tmp`;
  const body: IBatchPlan = {
    type: 'batch-plan',
    ...plan,
    written: new Date().toISOString()
  };
  await writeFile(temp, JSON.stringify(body) + '\n');
  await rename(temp, path);
}

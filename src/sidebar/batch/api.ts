/** The server's batch-status route: `ibl2nwb batch status` of a folder under the Jupyter root. */
import { requestAPI } from '../../server';

export type BatchState = 'done' | 'failed' | 'pending';

/** One session of a batch (CONTRACTS §10); paths are relative to the Jupyter root. */
export interface IBatchSession {
  eid: string;
  state: BatchState;
  output?: string | null;
  reason?: string;
  code?: string;
  log?: string | null;
  dataset?: string;
  advice?: string;
  /** The last lines convert printed (failed or interrupted sessions). */
  tail?: string[];
  shard?: string;
  task?: string;
  host?: string;
  time?: string;
}

export interface IBatchStatus {
  out: string;
  counts: Record<BatchState, number>;
  sessions: IBatchSession[];
  warnings: string[];
}

export function fetchBatchStatus(folder: string): Promise<IBatchStatus> {
  return requestAPI<IBatchStatus>(
    `batch/status?path=${encodeURIComponent(folder)}`
  );
}

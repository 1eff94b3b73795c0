/** Pure planning for `ibl2nwb batch`: which sessions this shard converts, and where to. */
import { dandiOutputPath } from '../convert/outputName';

/** Session ids from a text file: one per line, blank lines and `#` comments ignored. */
export function parseEidList(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** `i/N` → [i, N] with 0 ≤ i < N (SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX style). */
export function parseShard(text: string): [number, number] {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new Error(
      `--shard must be i/N with 0 <= i < N (e.g. 0/4), not "${text}"`
    );
  }
  return [index, count];
}

/** Round-robin: shard i of N takes every N-th session starting at i, so shards stay balanced. */
export function shardOf<T>(items: T[], index: number, count: number): T[] {
  return items.filter((_, k) => k % count === index);
}

/**
 * The output of a session in a batch: the one naming rule (src/convert/outputName.ts). Its
 * kinds are fixed (the name must be known before converting, so a re-run finds it).
 */
export function dandiName(subject: string, eid: string): string {
  return dandiOutputPath(subject, eid, ['behavior', 'ecephys']);
}

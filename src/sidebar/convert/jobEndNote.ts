import type { IJob } from '../jobs/api';

/** What the convert note says once its job has ended (null while it runs). */
export function jobEndNote(
  job: Pick<IJob, 'status' | 'output'>
): { error: boolean; text: string } | null {
  const output = job.output ?? 'the NWB file';
  switch (job.status) {
    case 'done':
      return {
        error: false,
        text: `Converted to ${output}: see Conversions below.`
      };
    case 'cancelled':
      return {
        error: false,
        text: `Conversion to ${output} was cancelled; nothing was written.`
      };
    case 'failed':
      return {
        error: true,
        text: `Conversion to ${output} failed: the reason is under Conversions below.`
      };
    default:
      return null;
  }
}

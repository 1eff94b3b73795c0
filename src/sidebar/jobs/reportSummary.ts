/** Condense a fidelity report into what the job list shows. */
import type { IConversionReport } from '../../convert/report';

export interface IReportSummary {
  written: string[];
  /** Written into the unfinished file of a stopped run, then removed with it. */
  discarded: string[];
  skipped: { title: string; reason: string }[];
  failed: { title: string; reason: string }[];
  /** Interfaces the converter never reached (it stopped before them). */
  notRun: string[];
  /**
   * Whether the written arrays were read back and compared: only when the
   * conversion completed (a stopped one never reaches verification).
   */
  verified: boolean;
  /** Arrays written (and, if verified, re-read). */
  arrays: number;
  /** Of those, read back equal to what they were compared with (any kind). */
  identical: number;
  /**
   * The equal ones by what they were compared with: `copied` identical to the source file,
   * `independent` derived and equal to an independent recomputation, `unchecked` derived and
   * only read back as written (no kind, from an older report, counts as unchecked).
   */
  byKind: { copied: number; independent: number; unchecked: number };
  mismatches: { source: string; target: string; detail: string }[];
}

export function summarizeReport(report: IConversionReport): IReportSummary {
  const summary: IReportSummary = {
    written: [],
    discarded: [],
    skipped: [],
    failed: [],
    notRun: [],
    verified: report.status === 'done',
    arrays: 0,
    identical: 0,
    byKind: { copied: 0, independent: 0, unchecked: 0 },
    mismatches: []
  };
  for (const item of report.interfaces ?? []) {
    const title = item.title || item.name;
    const reason = item.reason ?? 'no reason given';
    if (item.status === 'written' && report.status === 'done') {
      summary.written.push(title);
    } else if (item.status === 'written' || item.status === 'discarded') {
      // Older reports of a stopped run still say "written": nothing was kept.
      summary.discarded.push(title);
    } else if (item.status === 'skipped') {
      summary.skipped.push({ title, reason });
    } else if (item.status === 'not run') {
      summary.notRun.push(title);
    } else {
      summary.failed.push({ title, reason });
    }
    for (const array of item.arrays ?? []) {
      summary.arrays += 1;
      if (!summary.verified) {
        continue;
      }
      if (array.equal) {
        summary.identical += 1;
        const kind =
          array.kind === 'copied'
            ? 'copied'
            : array.kind === 'derived-independent'
              ? 'independent'
              : 'unchecked';
        summary.byKind[kind] += 1;
      } else {
        summary.mismatches.push({
          source: array.source,
          target: array.target,
          detail: array.detail ?? 'differs from its source'
        });
      }
    }
  }
  return summary;
}

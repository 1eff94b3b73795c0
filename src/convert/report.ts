import { describeKinds } from './fidelity/kindSummary';
import { IArrayCheck } from './modality';

/**
 * `discarded`: written into the unfinished file of a run that then failed or
 * was cancelled; that file was removed, so nothing of it was kept.
 */
export type InterfaceStatus =
  'written' | 'discarded' | 'skipped' | 'failed' | 'not run';

export interface IInterfaceReport {
  name: string;
  title: string;
  status: InterfaceStatus;
  /** Why it was skipped, or the error that made it fail. */
  reason?: string;
  seconds?: number;
  arrays: IArrayCheck[];
}

/** Something a conversion tolerated and the user should know (e.g. camera rows dropped). */
export interface IReportNote {
  /** The interface (step) that tolerated it, e.g. `pupil`. */
  step: string;
  message: string;
}

export interface IConversionReport {
  eid: string;
  output: string;
  status: 'done' | 'failed' | 'cancelled';
  started: string;
  finished: string;
  interfaces: IInterfaceReport[];
  /** The error that ended a failed conversion. */
  error?: string;
  /** Quirks of the source data that were tolerated, in the order met. */
  notes?: IReportNote[];
}

/**
 * The report of a run as it stands once the run is over: when it did not end
 * `done` its file was removed, so what it had written is `discarded`, never
 * "written" (a cancelled run's report must not read like a partial success).
 */
export function settledReport(report: IConversionReport): IConversionReport {
  if (report.status === 'done') {
    return report;
  }
  return {
    ...report,
    interfaces: report.interfaces.map(item =>
      item.status === 'written'
        ? {
            ...item,
            status: 'discarded',
            reason: `written into the unfinished file, which was removed (the conversion ${report.status === 'cancelled' ? 'was cancelled' : 'failed'})`
          }
        : item
    )
  };
}

/** Every array check that did not match its source, across interfaces. */
export function mismatches(report: IConversionReport): IArrayCheck[] {
  return report.interfaces.flatMap(i => i.arrays.filter(a => !a.equal));
}

/** A readable summary of the report, for the CLI and the sidebar. */
export function summarizeReport(report: IConversionReport): string {
  const lines = [
    `Conversion of ${report.eid} → ${report.output}: ${report.status}`
  ];
  for (const item of report.interfaces) {
    const checked = item.arrays.length;
    const bad = item.arrays.filter(a => !a.equal).length;
    const arrays =
      item.status === 'written'
        ? ` — ${checked - bad}/${checked} arrays read back equal${checked - bad ? ` (${describeKinds(item.arrays)})` : ''}${bad ? `, ${bad} MISMATCHED` : ''}`
        : '';
    const why = item.reason ? ` (${item.reason})` : '';
    const time =
      item.seconds !== undefined ? ` in ${item.seconds.toFixed(1)} s` : '';
    lines.push(
      `  ${item.status.padEnd(7)} ${item.title}${why}${arrays}${time}`
    );
  }
  for (const bad of mismatches(report)) {
    lines.push(
      `  mismatch: ${bad.source} → ${bad.target}: ${bad.detail ?? 'values differ'}`
    );
  }
  for (const note of report.notes ?? []) {
    lines.push(`  note ${note.step}: ${note.message}`);
  }
  if (report.error) {
    lines.push(`  error: ${report.error}`);
  }
  return lines.join('\n');
}

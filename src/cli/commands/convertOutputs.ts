/**
 * The files `convert` writes, from its options alone: the .nwb (the processed one with
 * --split) and its report, and with --split the raw file and its report. The only place
 * these names are decided: `convert` writes them, and `convert --plan` prints them for the
 * JupyterLab server, which checks and watches a job's files before it starts.
 */
import { EXIT } from '../exitCodes';
import { ICliIO, jsonLine, UsageError } from '../io';
import { reportFileName } from './convertParts';

export interface IPlannedOutput {
  /** With --split, which of the release's two files this is. */
  file?: 'processed' | 'raw';
  /** The .nwb. */
  path: string;
  /** Its fidelity report. */
  report: string;
}

export interface IOutputOptions {
  output: string;
  split?: boolean;
  'raw-output'?: string;
  report?: string;
}

/**
 * The raw file beside a processed one: DANDI's `…_desc-raw_ecephys.nwb` for
 * a `sub-X_ses-Y_desc-processed_…` name, else `<name>_raw.nwb`.
 */
export function rawFileName(processed: string): string {
  const dandi = /^(.*sub-[^_/]+_ses-[^_/]+)_desc-processed_[^/]*\.nwb$/.exec(
    processed
  );
  return dandi
    ? `${dandi[1]}_desc-raw_ecephys.nwb`
    : processed.replace(/\.nwb$/, '_raw.nwb');
}

/** The files of one run, in the order they are converted; UsageError for a clash. */
export function plannedOutputs(values: IOutputOptions): IPlannedOutput[] {
  const { output } = values;
  const report = values.report ?? reportFileName(output);
  if (!values.split) {
    return [{ path: output, report }];
  }
  const raw = values['raw-output'] ?? rawFileName(output);
  if (raw === output) {
    throw new UsageError(
      '--raw-output must differ from -o (the processed file)',
      'convert'
    );
  }
  return [
    { file: 'processed', path: output, report },
    { file: 'raw', path: raw, report: reportFileName(raw) }
  ];
}

/** `convert --plan`: print the planned files and write nothing (no session is read). */
export function printPlan(
  values: Partial<IOutputOptions> & { json?: boolean },
  io: ICliIO
): number {
  if (!values.output) {
    throw new UsageError('-o OUT.nwb is required', 'convert');
  }
  const outputs = plannedOutputs({ ...values, output: values.output });
  if (values.json) {
    jsonLine(io, { type: 'plan', outputs });
  } else {
    for (const { file, path, report } of outputs) {
      io.out(`${file ? `${file}: ` : ''}${path} (report ${report})\n`);
    }
  }
  return EXIT.ok;
}

/**
 * Runs the conversion of one file, or of the release's two (--split), and publishes them the
 * way the contract says: each file's report is written (via .part) and renamed BEFORE its
 * .nwb; with --split both .nwb are complete and verified before either takes its final name
 * (the raw file is converted while the processed one waits, verified, under .part), so a
 * failure or cancel of either leaves neither.
 */
import { rmSync } from 'node:fs';

import type { ConversionEvent } from '../../convert/converter';
import {
  convertSession,
  IConvertSessionOptions
} from '../../convert/convertSession';
import {
  commitTemp,
  removeTemp,
  writeExclusive
} from '../../convert/outputFiles';
import {
  IConversionReport,
  settledReport,
  summarizeReport
} from '../../convert/report';
import { tagOutputFile } from '../errorEvent';
import { ICliIO, jsonLine } from '../io';

export interface IConvertPart {
  options: Omit<IConvertSessionOptions, 'onEvent' | 'beforeRename'>;
  /** The report's final path. */
  report: string;
}

/** OUT.nwb → OUT.report.json: NWB tools (nwbinspector, DANDI) glob *.nwb* and skip it. */
export function reportFileName(output: string): string {
  return `${output.replace(/\.nwb$/, '')}.report.json`;
}

const reportText = (report: IConversionReport) =>
  JSON.stringify(report, null, 2) + '\n';

/** The report of a failed run, under its final name (allowed: it says what failed). */
async function writeFailureReport(path: string, report: IConversionReport) {
  try {
    await writeExclusive(`${path}.part`, reportText(settledReport(report)));
    await commitTemp(`${path}.part`, path);
  } catch {
    // The error itself is what the user must see; a report that cannot be written adds nothing.
  }
}

/** Convert every part; resolves when all are under their final names, else throws. */
export async function runParts(
  parts: IConvertPart[],
  io: ICliIO,
  json: boolean
): Promise<void> {
  /** What each finished part prints, held until every part is published. */
  const announcements: (() => void)[] = [];
  /** Final .nwb names already taken, removed again if a later step fails. */
  const published: string[] = [];
  /** Reports written as .part, renamed together just before the last .nwb rename. */
  const pendingReports: { temp: string; path: string }[] = [];
  const handled = new WeakSet<object>();

  const convertPart = async (index: number): Promise<void> => {
    const part = parts[index];
    const file = part.options.file;
    let lastProgress = 0;
    let done: ConversionEvent | undefined;
    try {
      const report = await convertSession({
        ...part.options,
        catalogue: io.catalogue,
        onEvent: event => {
          if (event.type === 'done') {
            done = event;
          } else {
            printEvent(io, json, event, file, () => {
              // Progress at most ~10 times a second; steps and the rest always.
              const now = Date.now();
              const due =
                event.type !== 'progress' ||
                now - lastProgress >= 100 ||
                event.overall === 1;
              if (due) {
                lastProgress = now;
              }
              return due;
            });
          }
        },
        beforeRename: async finished => {
          pendingReports.push({
            temp: `${part.report}.part`,
            path: part.report
          });
          await writeExclusive(`${part.report}.part`, reportText(finished));
          if (index + 1 < parts.length) {
            // The next file is converted while this one waits, verified, under .part.
            await convertPart(index + 1);
          } else {
            for (const { temp, path } of pendingReports) {
              await commitTemp(temp, path);
            }
          }
        }
      });
      published.push(part.options.output);
      announcements.unshift(() => {
        if (json) {
          jsonLine(io, {
            ...(done ?? { type: 'done', report }),
            reportPath: part.report,
            ...(file ? { file } : {})
          });
        } else {
          io.out(summarizeReport(report) + '\n');
          // What was tolerated also goes to the log (stderr), beside the steps and skips.
          for (const note of report.notes ?? []) {
            io.err(`  note ${note.step}: ${note.message}\n`);
          }
        }
      });
    } catch (error) {
      // An error of a later part passes through this one's close: its report is not ours.
      const isObject = typeof error === 'object' && error !== null;
      if (!isObject || !handled.has(error)) {
        if (isObject) {
          handled.add(error);
        }
        const report = (error as { report?: IConversionReport }).report;
        if (report) {
          await writeFailureReport(part.report, report);
        }
        tagOutputFile(error, file);
      }
      throw error;
    }
  };

  try {
    await convertPart(0);
  } catch (error) {
    // A later part (or a rename) failed after an earlier file took its final name.
    for (const output of published) {
      rmSync(output, { force: true });
    }
    removeTemp(pendingReports.map(r => r.temp));
    throw error;
  }
  announcements.forEach(announce => announce());
}

function printEvent(
  io: ICliIO,
  json: boolean,
  event: ConversionEvent,
  file: 'processed' | 'raw' | undefined,
  due: () => boolean
): void {
  if (json) {
    if (due()) {
      jsonLine(io, file ? { ...event, file } : event);
    }
  } else if (event.type === 'step') {
    io.err(
      `${file ? `${file}: ` : ''}[${event.index + 1}/${event.total}] ${event.title}\n`
    );
  } else if (event.type === 'skipped') {
    io.err(`  skipped ${event.step}: ${event.reason}\n`);
  }
}

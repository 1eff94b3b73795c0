import { IModalityInterface, InterfaceSkipped } from './modality';
import { ModalityNotAvailableError, NothingWrittenError } from './outcome';
import { IConversionReport, IInterfaceReport } from './report';

/** Progress events, also printed as `--json` lines by the CLI. */
export type ConversionEvent =
  | { type: 'step'; step: string; title: string; index: number; total: number }
  | {
      type: 'progress';
      step: string;
      fraction: number;
      overall: number;
      bytes?: number;
    }
  | { type: 'skipped'; step: string; reason: string }
  | { type: 'done'; report: IConversionReport };

export class ConversionCancelled extends Error {
  constructor(readonly report: IConversionReport) {
    super(
      `Conversion of ${report.eid} was cancelled; no NWB file was written.`
    );
    this.name = 'ConversionCancelled';
  }
}

export class ConversionFailed extends Error {
  constructor(
    readonly report: IConversionReport,
    readonly step: string,
    cause: unknown
  ) {
    super(
      `Conversion of ${report.eid} failed in "${step}": ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause }
    );
    this.name = 'ConversionFailed';
  }
}

export interface IRunOptions<TContext extends TPlan, TPlan = TContext> {
  eid: string;
  output: string;
  context: TContext;
  interfaces: IModalityInterface<TContext, TPlan>[];
  onEvent?: (event: ConversionEvent) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /**
   * Interfaces the user asked for by name (--modalities, --raw, --video): one that cannot
   * be written fails the run (ModalityNotAvailableError) instead of being skipped.
   */
  required?: string[];
  /**
   * Groups asked for as a whole (`--raw`: every raw ephys interface): members that cannot be
   * written are skipped, and the run fails only when none of a group's can be.
   */
  requiredAny?: string[][];
}

/**
 * Run the interfaces in order. Unavailable ones are skipped with their reason, unless the
 * user asked for them (then nothing is written: ModalityNotAvailableError); the first
 * failure or a cancel stops the run (the caller then discards the partial file). A run that
 * writes no interface at all fails (NothingWrittenError). Resolves with the report when
 * every interface ran.
 */
export async function runInterfaces<TContext extends TPlan, TPlan = TContext>(
  options: IRunOptions<TContext, TPlan>
): Promise<IConversionReport> {
  const { interfaces, context, onEvent = () => undefined } = options;
  const signal = options.signal ?? new AbortController().signal;
  const now = options.now ?? (() => new Date());
  const report: IConversionReport = {
    eid: options.eid,
    output: options.output,
    status: 'done',
    started: now().toISOString(),
    finished: '',
    interfaces: interfaces.map((item): IInterfaceReport => ({
      name: item.name,
      title: item.title,
      status: 'not run',
      arrays: []
    }))
  };
  const end = (status: IConversionReport['status']) => {
    report.status = status;
    report.finished = now().toISOString();
    return report;
  };

  // A name asked for is a group of one; a group fails once every member was skipped.
  const present = new Set(interfaces.map(i => i.name));
  const groups = [
    ...(options.required ?? []).map(name => [name]),
    ...(options.requiredAny ?? [])
  ]
    .map(group => group.filter(name => present.has(name)))
    .filter(group => group.length > 0);
  const required = new Set(groups.flat());
  const entryOf = (name: string) =>
    report.interfaces.find(i => i.name === name)!;
  const notAvailable = () =>
    groups
      .filter(group => group.every(name => entryOf(name).status === 'skipped'))
      .flat()
      .map(name => ({
        name,
        reason: entryOf(name).reason ?? 'not available'
      }));
  const total = interfaces.length;
  for (const [index, item] of interfaces.entries()) {
    const entry = report.interfaces[index];
    if (signal.aborted) {
      throw new ConversionCancelled(end('cancelled'));
    }
    // From the records first (as `ibl2nwb info` says), then what earlier interfaces gave.
    const planned = item.availability(context);
    const availability =
      planned.available && item.ready ? item.ready(context) : planned;
    if (!availability.available) {
      entry.status = 'skipped';
      entry.reason = availability.reason;
      const missing = required.has(item.name) ? notAvailable() : [];
      if (missing.length > 0) {
        // Asked for and none of its group can be written: stop now rather than write the
        // rest for nothing.
        report.error = missing.map(m => `${m.name}: ${m.reason}`).join('; ');
        throw new ModalityNotAvailableError(end('failed'), missing);
      }
      onEvent({
        type: 'skipped',
        step: item.name,
        reason: availability.reason
      });
      continue;
    }
    onEvent({ type: 'step', step: item.name, title: item.title, index, total });
    const t0 = Date.now();
    try {
      entry.arrays = await item.write(
        context,
        (fraction, bytes) => {
          const clamped = Math.min(1, Math.max(0, fraction));
          onEvent({
            type: 'progress',
            step: item.name,
            fraction: clamped,
            overall: (index + clamped) / total,
            ...(bytes !== undefined ? { bytes } : {})
          });
        },
        signal
      );
      entry.status = 'written';
    } catch (error) {
      entry.seconds = (Date.now() - t0) / 1000;
      if (signal.aborted) {
        throw new ConversionCancelled(end('cancelled'));
      }
      if (error instanceof InterfaceSkipped) {
        // Empty source data, found on reading (nothing was written).
        entry.status = 'skipped';
        entry.reason = error.reason;
        onEvent({ type: 'skipped', step: item.name, reason: error.reason });
        continue;
      }
      entry.status = 'failed';
      entry.reason = error instanceof Error ? error.message : String(error);
      report.error = `${item.title}: ${entry.reason}`;
      throw new ConversionFailed(end('failed'), item.name, error);
    }
    entry.seconds = (Date.now() - t0) / 1000;
  }
  const missing = notAvailable();
  if (missing.length > 0) {
    report.error = missing.map(m => `${m.name}: ${m.reason}`).join('; ');
    throw new ModalityNotAvailableError(end('failed'), missing);
  }
  if (!report.interfaces.some(i => i.status === 'written')) {
    const error = new NothingWrittenError(end('failed'));
    report.error = error.message;
    throw error;
  }
  onEvent({ type: 'progress', step: 'done', fraction: 1, overall: 1 });
  end('done');
  onEvent({ type: 'done', report });
  return report;
}

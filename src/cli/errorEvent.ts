/**
 * The one mapping from an error to what the user sees and the exit code (CONTRACTS.md §1, §2):
 * `--json` prints `{"type":"error", code, message, dataset?, field?, row?, advice?, file?,
 * report?}` as one line on stdout; otherwise one line `ibl2nwb <command>: <message>` (and
 * the advice) on stderr. Every command's failures pass through here (main.ts).
 */
import { ConversionCancelled, ConversionFailed } from '../convert/converter';
import { MetadataMismatchError } from '../convert/metadata/sessionMatch';
import { MetadataError } from '../convert/metadata/validate';
import {
  ModalityNotAvailableError,
  NothingWrittenError,
  VerifyFailedError
} from '../convert/outcome';
import { FidelityMismatchError } from '../convert/fidelity/mismatchError';
import { createProblem, OutputError } from '../convert/outputFiles';
import { settledReport, type IConversionReport } from '../convert/report';
import { DatasetContentError } from '../convert/session/errors';
import { NwbAbortError, NwbDiskFullError } from '../nwb/errors';
import {
  AlfError,
  InvalidQueryError,
  MissingDatasetError,
  SessionNotFoundError
} from '../one/errors';
import { RemoteError } from '../one/remote/errors';
import { ErrorCode, EXIT_OF_ERROR_CODE } from './errorCodes';
import { ExitCode } from './exitCodes';
import { summarizeHdf5 } from './hdf5Diagnostic';
import { ICliIO, jsonLine, UsageError } from './io';

export interface IErrorEvent {
  type: 'error';
  code: ErrorCode;
  message: string;
  dataset?: string;
  field?: string;
  row?: number;
  advice?: string;
  /** With --split: the file whose conversion failed. */
  file?: 'processed' | 'raw';
  /** Every metadata field at fault (the first is also `field`). */
  problems?: { field: string; message: string }[];
  report?: IConversionReport;
}

/** The exit code of an error code (the contract's table). */
export function exitCodeOf(code: ErrorCode): ExitCode {
  return EXIT_OF_ERROR_CODE[code];
}

const fileOfError = new WeakMap<object, 'processed' | 'raw'>();

/** Say which of the --split files an error is about (it travels with the error). */
export function tagOutputFile<T>(
  error: T,
  file: 'processed' | 'raw' | undefined
): T {
  if (
    file &&
    typeof error === 'object' &&
    error !== null &&
    !fileOfError.has(error)
  ) {
    fileOfError.set(error, file);
  }
  return error;
}

/** The error that says what went wrong: a conversion failure wraps its cause. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 10; i++) {
    if (
      current instanceof ConversionFailed &&
      (current as Error).cause !== undefined
    ) {
      current = (current as Error).cause;
    } else {
      return current;
    }
  }
  return current;
}

function reportOf(error: unknown): IConversionReport | undefined {
  const report = (error as { report?: unknown } | null)?.report;
  return report && typeof report === 'object'
    ? settledReport(report as IConversionReport)
    : undefined;
}

const isAbort = (error: unknown) =>
  error instanceof ConversionCancelled ||
  error instanceof NwbAbortError ||
  (error as Error | null)?.name === 'AbortError';

type Described = Omit<IErrorEvent, 'type' | 'file' | 'report'>;

function describe(error: unknown, command: string): Described {
  const cause = rootCause(error);
  const message = error instanceof Error ? error.message : String(error);
  if (
    cause instanceof UsageError ||
    (cause as { code?: string } | null)?.code?.startsWith?.('ERR_PARSE_ARGS')
  ) {
    return {
      code: 'USAGE',
      message: (cause as Error).message,
      advice: `Run "ibl2nwb ${command} --help" for usage.`
    };
  }
  if (cause instanceof MetadataError) {
    return {
      code: 'METADATA_INVALID',
      message: cause.message,
      field: cause.problems[0]?.field,
      problems: cause.problems.map(p => ({
        field: p.field,
        message: p.message
      })),
      advice: cause.advice
    };
  }
  if (cause instanceof MetadataMismatchError) {
    return {
      code: 'METADATA_MISMATCH',
      message: cause.message,
      field: cause.field,
      advice: cause.advice
    };
  }
  if (cause instanceof OutputError) {
    return { code: cause.code, message: cause.message, advice: cause.advice };
  }
  if (cause instanceof ModalityNotAvailableError) {
    return {
      code: 'NOT_AVAILABLE',
      message: cause.message,
      advice: cause.advice
    };
  }
  if (cause instanceof NothingWrittenError) {
    return {
      code: 'NOTHING_WRITTEN',
      message: cause.message,
      advice: cause.advice
    };
  }
  if (cause instanceof FidelityMismatchError) {
    // Checked before DatasetContentError (its base): the data read back differ, not the input.
    return {
      code: 'VERIFY_FAILED',
      message,
      dataset: cause.dataset
    };
  }
  if (cause instanceof VerifyFailedError) {
    return { code: 'VERIFY_FAILED', message: cause.message };
  }
  if (cause instanceof RemoteError) {
    return { code: 'REMOTE', message: cause.message, advice: cause.advice };
  }
  if (cause instanceof SessionNotFoundError) {
    return { code: 'NOT_FOUND', message, advice: cause.advice };
  }
  if (cause instanceof InvalidQueryError) {
    // A filter ONE cannot use, a folder that is no session: the argument is what the user
    // must fix. (A session the source does not have is NOT_FOUND, above.)
    return { code: 'USAGE', message, advice: cause.advice };
  }
  if (cause instanceof AlfError) {
    return {
      code:
        cause instanceof MissingDatasetError
          ? 'DATASET_MISSING'
          : 'DATASET_INVALID',
      message,
      dataset: cause.path,
      advice: cause.advice,
      ...rowOf(cause)
    };
  }
  if (cause instanceof DatasetContentError) {
    return {
      code: 'DATASET_INVALID',
      message,
      dataset: cause.dataset,
      ...rowOf(cause)
    };
  }
  const hdf5 = summarizeHdf5(message);
  if (hdf5) {
    const code =
      hdf5.code === 'ENOSPC' || hdf5.code === 'EDQUOT'
        ? 'DISK_FULL'
        : createProblem(hdf5.code)
          ? 'OUTPUT_INVALID'
          : 'INTERNAL';
    return {
      code,
      message: hdf5.message,
      ...(code === 'OUTPUT_INVALID'
        ? { advice: 'Choose an output in a folder you can write to (-o).' }
        : code === 'DISK_FULL'
          ? {
              advice:
                'Free space on that disk or write elsewhere (-o), and convert again.'
            }
          : {})
    };
  }
  const full = diskFull(cause, message);
  if (full) {
    return {
      code: 'DISK_FULL',
      message: full,
      advice:
        'Free space on that disk or write elsewhere (-o), and convert again.'
    };
  }
  return { code: 'INTERNAL', message };
}

/**
 * The one sentence of a full disk, naming the file a write to failed, or undefined. The
 * writer's NwbDiskFullError carries its own advice in its message: we say it once, in `advice`.
 */
function diskFull(cause: unknown, message: string): string | undefined {
  if (cause instanceof NwbDiskFullError) {
    return `cannot write ${cause.writing}: disk full`;
  }
  const { code, path } = (cause ?? {}) as NodeJS.ErrnoException;
  if (
    code !== 'ENOSPC' &&
    code !== 'EDQUOT' &&
    !/ENOSPC|no space left on device/i.test(message)
  ) {
    return undefined;
  }
  return path
    ? `cannot write ${path}: disk full`
    : `disk full (${cause instanceof Error ? cause.message : message})`;
}

function rowOf(error: unknown): { row?: number } {
  const row = (error as { row?: unknown }).row;
  return typeof row === 'number' ? { row } : {};
}

/** The structured event and exit code of a failure. `aborted`: the user cancelled. */
export function errorEvent(
  error: unknown,
  command: string,
  aborted = false
): { event: IErrorEvent; exit: ExitCode } {
  const file =
    typeof error === 'object' && error !== null
      ? fileOfError.get(error)
      : undefined;
  const report = reportOf(error);
  const described: Described =
    aborted || isAbort(rootCause(error))
      ? {
          code: 'CANCELLED',
          message:
            error instanceof ConversionCancelled
              ? error.message
              : 'cancelled; no file was left under its final name.'
        }
      : describe(error, command);
  const event: IErrorEvent = {
    type: 'error',
    ...described,
    ...(file ? { file } : {}),
    ...(report ? { report } : {})
  };
  return { event, exit: exitCodeOf(event.code) };
}

/** Print a failure as the contract says (JSON line or one stderr line) and return its exit code. */
export function reportFailure(
  io: ICliIO,
  command: string,
  error: unknown,
  json: boolean
): ExitCode {
  const { event, exit } = errorEvent(error, command, io.signal.aborted);
  if (json) {
    jsonLine(io, event);
  }
  // Human words on stderr in both modes: the server keeps stderr as the job's log.
  const where = event.file ? `${event.file} file: ` : '';
  const advice =
    event.advice && !event.message.includes(event.advice)
      ? `\n  ${event.advice}`
      : '';
  io.err(`ibl2nwb ${command}: ${where}${event.message}${advice}\n`);
  return exit;
}

/**
 * The `code` of the CLI's `--json` error event (CONTRACTS.md §2, §7) and the exit code each
 * one ends the process with (§1). The one list: errorEvent.ts picks a code for an error, the
 * quirks corpus says which code a case must end in, and the server maps codes to HTTP statuses.
 */
import { EXIT, ExitCode } from './exitCodes';

export const EXIT_OF_ERROR_CODE = {
  USAGE: EXIT.usage,
  /** A session (eid, path or folder) or dataset the source does not have. */
  NOT_FOUND: EXIT.usage,
  METADATA_INVALID: EXIT.usage,
  METADATA_MISMATCH: EXIT.usage,
  OUTPUT_EXISTS: EXIT.usage,
  OUTPUT_INVALID: EXIT.usage,
  DATASET_MISSING: EXIT.failure,
  DATASET_INVALID: EXIT.failure,
  NOT_AVAILABLE: EXIT.notAvailable,
  NOTHING_WRITTEN: EXIT.notAvailable,
  DISK_FULL: EXIT.failure,
  VERIFY_FAILED: EXIT.failure,
  REMOTE: EXIT.failure,
  CANCELLED: EXIT.cancelled,
  INTERNAL: EXIT.failure
} as const satisfies Record<string, ExitCode>;

export type ErrorCode = keyof typeof EXIT_OF_ERROR_CODE;

export const ERROR_CODES = Object.keys(EXIT_OF_ERROR_CODE) as ErrorCode[];

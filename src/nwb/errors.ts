/** Errors raised while writing an NWB file; each names the file and the object involved. */
export class NwbWriteError extends Error {
  constructor(
    readonly file: string,
    readonly object: string,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(`${file}: ${object}: ${message}`, options);
    this.name = 'NwbWriteError';
  }
}

/** The write was cancelled through its AbortSignal; the partial file has been removed. */
export class NwbAbortError extends Error {
  constructor(readonly file: string) {
    super(`${file}: writing was cancelled; no file was left behind`);
    this.name = 'NwbAbortError';
  }
}

/**
 * The disk (or the user's quota) ran out while writing; `code` is what the CLI maps to its
 * DISK_FULL event. `writing` is the file a write to failed (`.part`, `.part.chunks`).
 */
export class NwbDiskFullError extends NwbWriteError {
  readonly code = 'ENOSPC';

  constructor(
    file: string,
    object: string,
    readonly writing: string,
    options?: { cause?: unknown }
  ) {
    super(
      file,
      object,
      `the disk is full (no space left on device): could not write ${writing}; free space on that disk (or write the file to another one) and run again`,
      options
    );
    this.name = 'NwbDiskFullError';
  }
}

/** Errno codes (and HDF5's message for them) of a full disk or an exhausted quota. */
const DISK_FULL =
  /\b(ENOSPC|EDQUOT)\b|no space left on device|disk quota exceeded/i;

/**
 * True for an error from a write that found no space (Node errno, worker, HDF5's text), also
 * when wrapped in an error that kept only the message (NwbDiskFullError's message says it).
 */
export function isDiskFull(err: unknown): boolean {
  if (err instanceof NwbDiskFullError) {
    return true;
  }
  const { code, message } = (err ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    (typeof code === 'string' && DISK_FULL.test(code)) ||
    (typeof message === 'string' && DISK_FULL.test(message))
  );
}

/**
 * `err` as the writer reports it: a disk-full error naming `writing`, or `err` itself. The
 * HDF5 diagnostic dump of a failed write is replaced, not quoted: its cause is the disk.
 */
export function diskFullOr(
  err: unknown,
  file: string,
  object: string,
  writing: string
): unknown {
  if (err instanceof NwbDiskFullError || !isDiskFull(err)) {
    return err;
  }
  return new NwbDiskFullError(file, object, writing, { cause: err });
}

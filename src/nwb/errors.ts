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

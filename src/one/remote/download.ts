/**
 * Download of one data file with resume, verification and retries. Bytes go
 * into a `.part` file that becomes the final file only after its size and md5
 * match the dataset record, so a final name never holds a partial file. The
 * storage (files, hashing) is injected: the Node one is in `node/download.ts`.
 */
import {
  AuthenticationError,
  detailOf,
  errorForStatus,
  IntegrityError,
  RemoteError,
  TruncatedBodyError
} from './errors';
import { backoffMs, Deadline, FetchFn, sleep, throwIfCancelled } from './http';

/** An incremental hash (md5 for Alyx). */
export interface IHasher {
  update(chunk: Uint8Array): void;
  /** Lower-case hex digest. */
  digest(): string;
}

export interface IPartWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The partial file of one download and its final destination. */
export interface IPartFile {
  /** Bytes already downloaded (0 when there is no partial file). */
  size(): Promise<number>;
  /** Feed the bytes already downloaded to a hasher (to resume the md5). */
  hashExisting(hasher: IHasher): Promise<void>;
  /** Open for writing: `append` to resume, otherwise start empty. */
  open(append: boolean): Promise<IPartWriter>;
  /** Move the verified partial file to its final name. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface IDownloadStorage {
  partFile(finalPath: string): IPartFile;
  createHasher(): IHasher;
}

/** Credentials for the data server: HTTP Basic, or an Alyx token. */
export type DataServerAuth =
  { username: string; password: string } | { token: string };

/** What to fetch and what it must look like. */
export interface IFileRequest {
  url: string;
  /** Where the verified file goes. */
  finalPath: string;
  /** Name for messages, e.g. the dataset `rel_path`. */
  dataset: string;
  fileSize?: number | null;
  /** Expected md5 (hex). */
  hash?: string | null;
}

export interface IDownloadOptions {
  fetch?: FetchFn;
  auth?: DataServerAuth;
  /** Abort when no byte arrives for this long (default 60 s). */
  inactivityTimeoutMs?: number;
  /** Retries after transient failures (default 4). */
  retries?: number;
  /** First backoff delay; doubles per retry (default 500 ms, capped at 30 s). */
  retryDelayMs?: number;
  /** Called as bytes arrive: bytes of this file so far (resumed bytes included), total if known. */
  onProgress?: (bytes: number, total: number | null) => void;
  signal?: AbortSignal;
}

export interface IFileResult {
  path: string;
  bytes: number;
  md5: string;
  /** Attempts made (1 = first try succeeded). */
  attempts: number;
  /** Bytes reused from the partial file by the attempt that succeeded. */
  resumedFrom: number;
}

/** Fetch one file into `finalPath` with resume, verification and retries. */
export async function downloadFile(
  request: IFileRequest,
  storage: IDownloadStorage,
  options: IDownloadOptions = {}
): Promise<IFileResult> {
  const retries = options.retries ?? 4;
  const part = storage.partFile(request.finalPath);
  for (let attempt = 0; ; attempt++) {
    throwIfCancelled(request.url, options.signal);
    try {
      const result = await attemptOnce(request, part, storage, options);
      return { ...result, attempts: attempt + 1 };
    } catch (error) {
      if (error instanceof IntegrityError) {
        // Corrupt bytes: resuming would keep them, so start again from zero.
        await part.discard();
      }
      const transient = error instanceof RemoteError && error.transient;
      if (!transient || attempt >= retries) {
        throw error;
      }
      await sleep(
        backoffMs(attempt, options.retryDelayMs ?? 500, 30000),
        request.url,
        options.signal
      );
    }
  }
}

type IAttempt = Omit<IFileResult, 'attempts'>;

async function attemptOnce(
  request: IFileRequest,
  part: IPartFile,
  storage: IDownloadStorage,
  options: IDownloadOptions
): Promise<IAttempt> {
  const expectedSize = request.fileSize ?? null;
  let offset = await part.size();
  if (expectedSize !== null && offset > expectedSize) {
    await part.discard();
    offset = 0;
  }
  if (expectedSize !== null && offset === expectedSize && offset > 0) {
    // A complete partial file (e.g. interrupted before the rename): just verify it.
    const hasher = storage.createHasher();
    await part.hashExisting(hasher);
    return finish(request, part, offset, hasher.digest(), offset);
  }
  const deadline = new Deadline(
    options.inactivityTimeoutMs ?? 60000,
    options.signal
  );
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(request.url, {
        headers: requestHeaders(options.auth, offset),
        signal: deadline.signal
      });
    } catch (error) {
      throw deadline.errorFor(request.url, error, 'connect');
    }
    if (
      response.status === 416 ||
      (response.status === 206 && !rangeStartsAt(response, offset))
    ) {
      // The server cannot continue our partial file: drop it and start over.
      await response.body?.cancel().catch(() => undefined);
      await part.discard();
      throw new TruncatedBodyError(request.url, offset, expectedSize);
    }
    if (response.status !== 200 && response.status !== 206) {
      throw await statusError(request, response);
    }
    const append = response.status === 206;
    const start = append ? offset : 0;
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total =
      expectedSize ?? (Number.isFinite(length) ? start + length : null);
    const hasher = storage.createHasher();
    if (append) {
      await part.hashExisting(hasher);
    }
    const writer = await part.open(append);
    let received = 0;
    try {
      options.onProgress?.(start, total);
      // An empty file may come without a body stream.
      const body =
        response.body ??
        new ReadableStream<Uint8Array>({ start: c => c.close() });
      const reader = body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw deadline.errorFor(
            request.url,
            error,
            'body',
            start + received,
            total
          );
        }
        if (chunk.done) {
          break;
        }
        deadline.touch();
        hasher.update(chunk.value);
        await writer.write(chunk.value);
        received += chunk.value.byteLength;
        options.onProgress?.(start + received, total);
      }
    } finally {
      await writer.close();
    }
    if (Number.isFinite(length) && received < length) {
      throw new TruncatedBodyError(
        request.url,
        start + received,
        start + length
      );
    }
    return await finish(
      request,
      part,
      start + received,
      hasher.digest(),
      start
    );
  } finally {
    deadline.dispose();
  }
}

/** Check size and md5, then move the partial file to its final name. */
async function finish(
  request: IFileRequest,
  part: IPartFile,
  bytes: number,
  md5: string,
  resumedFrom: number
): Promise<IAttempt> {
  if (
    request.fileSize !== null &&
    request.fileSize !== undefined &&
    bytes !== request.fileSize
  ) {
    throw new IntegrityError(
      request.url,
      request.dataset,
      'size',
      String(request.fileSize),
      String(bytes)
    );
  }
  if (request.hash && md5 !== request.hash.toLowerCase()) {
    throw new IntegrityError(
      request.url,
      request.dataset,
      'md5',
      request.hash,
      md5
    );
  }
  await part.commit();
  return { path: request.finalPath, bytes, md5, resumedFrom };
}

function requestHeaders(
  auth: DataServerAuth | undefined,
  offset: number
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (auth && 'token' in auth) {
    headers.Authorization = `Token ${auth.token}`;
  } else if (auth) {
    headers.Authorization = `Basic ${base64(`${auth.username}:${auth.password}`)}`;
  }
  if (offset > 0) {
    headers.Range = `bytes=${offset}-`;
  }
  return headers;
}

function rangeStartsAt(response: Response, offset: number): boolean {
  const range = /^bytes (\d+)-/.exec(
    response.headers.get('content-range') ?? ''
  );
  return range !== null && Number(range[1]) === offset;
}

async function statusError(
  request: IFileRequest,
  response: Response
): Promise<RemoteError> {
  const text = await response.text().catch(() => '');
  if (response.status === 401) {
    return new AuthenticationError(
      request.url,
      401,
      detailOf(text),
      'The data server wants credentials: set the data-server login and password (HTTP_DATA_SERVER_LOGIN / _PWD in ONE terms).'
    );
  }
  return errorForStatus(
    request.url,
    response.status,
    detailOf(text),
    `dataset ${request.dataset}`
  );
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

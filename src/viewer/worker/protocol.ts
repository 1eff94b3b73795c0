/**
 * Messages between the viewer (main thread) and the h5wasm worker. Every
 * request carries an id; the worker answers once with a result or an error,
 * possibly after progress messages, and honours `cancel` between blocks.
 */
import type { NwbFormat } from '../model/format';
import type { H5Slice } from '../model/source';
import type { ICacheStats, IPageCacheOptions } from './pageCache';

export interface IOpenArgs {
  /** Absolute URL of the file under the server's `/files/`. */
  url: string;
  /** Extra request headers (the server token, when there is one). */
  headers: Record<string, string>;
  /** Name used in messages. */
  filename: string;
  cache?: IPageCacheOptions;
  /** How the bytes at `url` are stored (default: `formatOf(filename)`). */
  format?: NwbFormat;
  /**
   * Where to retry through the Jupyter server when the browser cannot fetch
   * `url` itself (no CORS): the proxy URL that serves the same bytes.
   */
  proxyUrl?: string;
  /** Headers for `proxyUrl` (the Jupyter token; `headers` go to `url` only). */
  proxyHeaders?: Record<string, string>;
  /**
   * Largest file read whole when the server ignores `Range` (default: no
   * limit, as for the Jupyter server's own files).
   */
  maxWholeBytes?: number;
}

export type WorkerRequest =
  | { id: number; op: 'open'; args: IOpenArgs }
  | { id: number; op: 'root' }
  | { id: number; op: 'list'; path: string }
  | { id: number; op: 'info'; path: string }
  | { id: number; op: 'read'; path: string; slice?: H5Slice }
  | { id: number; op: 'stats' }
  | { id: number; op: 'cancel'; target: number };

/** Counters of what the worker read from the server. */
export interface IReadStats extends ICacheStats {
  fileSize: number;
  /** False when the server ignored `Range` and the whole file was fetched. */
  rangeSupported: boolean;
  /** 'proxy' when the browser could not read the URL and the Jupyter server relays it. */
  via?: 'direct' | 'proxy';
}

export type WorkerResponse =
  | { id: number; kind: 'result'; value: unknown; stats: IReadStats | null }
  | { id: number; kind: 'error'; message: string; cancelled: boolean }
  | { id: number; kind: 'progress'; done: number; total: number };

/** Result of `open`. */
export interface IOpenResult {
  filename: string;
  size: number;
  rangeSupported: boolean;
}

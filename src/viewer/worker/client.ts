import type {
  H5Slice,
  IH5DatasetInfo,
  IH5Entry,
  IH5Source
} from '../model/source';
import type {
  IOpenArgs,
  IOpenResult,
  IReadStats,
  WorkerRequest,
  WorkerResponse
} from './protocol';

type RequestBody = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

interface IPending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface IReadOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The error a cancelled request rejects with. */
export class RequestCancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestCancelled';
  }
}

/**
 * `IH5Source` on the main thread, backed by the h5wasm worker. Requests
 * are matched to answers by id; an `AbortSignal` cancels a request.
 */
export class H5WorkerClient implements IH5Source {
  private readonly worker: Worker;
  private readonly pending = new Map<number, IPending>();
  private nextId = 1;
  private opened: IOpenResult | null = null;
  /** The worker's latest read counters (bytes and requests sent to the server). */
  stats: IReadStats | null = null;
  /** Called whenever the counters change. */
  onStats: ((stats: IReadStats) => void) | null = null;

  constructor() {
    // This exact spelling lets the bundler emit the worker as its own chunk.
    this.worker = new Worker(new URL('./worker.js', import.meta.url));
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) =>
      this.receive(event.data);
    this.worker.onerror = event =>
      this.failAll(new Error(`The NWB reader worker failed: ${event.message}`));
  }

  get filename(): string {
    return this.opened?.filename ?? '';
  }

  get size(): number {
    return this.opened?.size ?? 0;
  }

  async open(args: IOpenArgs): Promise<IOpenResult> {
    this.opened = (await this.request({ op: 'open', args })) as IOpenResult;
    return this.opened;
  }

  root(): Promise<IH5Entry> {
    return this.request({ op: 'root' }) as Promise<IH5Entry>;
  }

  list(path: string): Promise<IH5Entry[]> {
    return this.request({ op: 'list', path }) as Promise<IH5Entry[]>;
  }

  info(path: string): Promise<IH5DatasetInfo> {
    return this.request({ op: 'info', path }) as Promise<IH5DatasetInfo>;
  }

  read(
    path: string,
    slice?: H5Slice,
    options: IReadOptions = {}
  ): Promise<unknown> {
    return this.request({ op: 'read', path, slice }, options);
  }

  dispose(): void {
    this.worker.terminate();
    this.failAll(new RequestCancelled('The NWB viewer was closed.'));
  }

  private request(
    body: RequestBody,
    options: IReadOptions = {}
  ): Promise<unknown> {
    const id = this.nextId++;
    const { signal } = options;
    if (signal?.aborted) {
      return Promise.reject(
        new RequestCancelled('Cancelled before it started.')
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = () =>
        this.worker.postMessage({
          id: this.nextId++,
          op: 'cancel',
          target: id
        });
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: value => {
          done();
          resolve(value);
        },
        reject: error => {
          done();
          reject(error);
        },
        onProgress: options.onProgress
      });
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private receive(message: WorkerResponse): void {
    const pending = this.pending.get(message.id);
    if (!pending) {
      return;
    }
    if (message.kind === 'progress') {
      pending.onProgress?.(message.done, message.total);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') {
      if (message.stats) {
        this.stats = message.stats;
        this.onStats?.(message.stats);
      }
      pending.resolve(message.value);
    } else {
      pending.reject(
        message.cancelled
          ? new RequestCancelled(message.message)
          : new Error(message.message)
      );
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      pending.reject(error);
    }
    this.pending.clear();
  }
}

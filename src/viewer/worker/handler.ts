import type { IH5Source } from '../model/source';
import { ReadCancelled, readInBlocks } from './blockRead';
import type {
  IOpenArgs,
  IOpenResult,
  IReadStats,
  WorkerRequest,
  WorkerResponse
} from './protocol';

/** An open file as the handler sees it. */
export interface IOpenedFile {
  source: IH5Source;
  stats: () => IReadStats;
  close: () => void;
}

export type FileOpener = (args: IOpenArgs) => Promise<IOpenedFile>;

/** Let queued messages (cancel) run between blocks of a long read. */
const yieldToEvents = (): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, 0));

/**
 * The worker's message loop, apart from the worker globals so it can be
 * tested in Node with an h5wasm/node file.
 */
export class WorkerHandler {
  private file: IOpenedFile | null = null;
  private readonly cancelled = new Set<number>();

  constructor(
    private readonly open: FileOpener,
    private readonly post: (message: WorkerResponse) => void,
    private readonly blockBytes = 4 << 20
  ) {}

  async handle(request: WorkerRequest): Promise<void> {
    if (request.op === 'cancel') {
      this.cancelled.add(request.target);
      return;
    }
    const { id } = request;
    try {
      // A request cancelled while it waited in the queue never starts.
      if (this.cancelled.has(id)) {
        throw new ReadCancelled(describe(request));
      }
      const value = await this.run(request);
      this.post({
        id,
        kind: 'result',
        value,
        stats: this.file?.stats() ?? null
      });
    } catch (error) {
      const cancelled = error instanceof ReadCancelled;
      const message = error instanceof Error ? error.message : String(error);
      this.post({ id, kind: 'error', message, cancelled });
    } finally {
      this.cancelled.delete(id);
    }
  }

  private async run(
    request: Exclude<WorkerRequest, { op: 'cancel' }>
  ): Promise<unknown> {
    if (request.op === 'open') {
      this.file?.close();
      this.file = await this.open(request.args);
      const stats = this.file.stats();
      const result: IOpenResult = {
        filename: this.file.source.filename,
        size: this.file.source.size,
        rangeSupported: stats.rangeSupported
      };
      return result;
    }
    const file = this.file;
    if (!file) {
      throw new Error('No file is open in the NWB worker; open one first.');
    }
    switch (request.op) {
      case 'root':
        return file.source.root();
      case 'list':
        return file.source.list(request.path);
      case 'info':
        return file.source.info(request.path);
      case 'stats':
        return file.stats();
      case 'read': {
        const info = await file.source.info(request.path);
        return readInBlocks(file.source, info, request.slice, {
          blockBytes: this.blockBytes,
          isCancelled: () => this.cancelled.has(request.id),
          afterBlock: async (done, total) => {
            this.post({ id: request.id, kind: 'progress', done, total });
            await yieldToEvents();
          }
        });
      }
    }
  }
}

function describe(request: WorkerRequest): string {
  return 'path' in request ? request.path : request.op;
}

/**
 * Worker readers for the collection: a few h5wasm workers, each holding one
 * file at a time, reused from file to file (starting a worker costs more
 * than opening a file in it).
 */
import { openArgsOf, type NwbTarget } from '../viewer/widget/target';
import { H5WorkerClient } from '../viewer/worker/client';
import type { IOpenedForIndex } from './collectionIndex';

/**
 * Pages of 32 KiB rather than the viewer's 128 KiB: indexing touches a few
 * scattered metadata blocks and short columns, so small pages fetch less.
 */
export const INDEX_PAGE_BYTES = 32 * 1024;

export class ReaderPool {
  private readonly idle: H5WorkerClient[] = [];
  private readonly all: H5WorkerClient[] = [];
  private readonly waiting: ((client: H5WorkerClient) => void)[] = [];

  constructor(readonly size = 2) {}

  /** Open a server file or a URL in a free worker; `close` gives the worker back. */
  async open(target: NwbTarget, pageSize?: number): Promise<IOpenedForIndex> {
    const client = await this.acquire();
    try {
      await client.open({
        ...openArgsOf(target),
        ...(pageSize ? { cache: { pageSize, maxPages: 2048 } } : {})
      });
    } catch (error) {
      this.release(client);
      throw error;
    }
    let closed = false;
    return {
      source: client,
      bytesRead: () => client.stats?.bytesFetched ?? 0,
      close: () => {
        if (!closed) {
          closed = true;
          this.release(client);
        }
      }
    };
  }

  dispose(): void {
    this.all.forEach(c => c.dispose());
    this.all.length = 0;
    this.idle.length = 0;
  }

  private acquire(): Promise<H5WorkerClient> {
    const client = this.idle.pop();
    if (client) {
      return Promise.resolve(client);
    }
    if (this.all.length < this.size) {
      const created = new H5WorkerClient();
      this.all.push(created);
      return Promise.resolve(created);
    }
    return new Promise(resolve => this.waiting.push(resolve));
  }

  private release(client: H5WorkerClient): void {
    const next = this.waiting.shift();
    if (next) {
      next(client);
    } else {
      this.idle.push(client);
    }
  }
}

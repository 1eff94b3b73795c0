/**
 * The byte stores a Zarr hierarchy is read through. Keys are store paths
 * as zarrita asks for them (`/acquisition/x/data/0.0`).
 */
import type { IReadStats } from '../worker/protocol';

export interface IKeyStore {
  /** The bytes under `key`, or undefined when the key does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Request and byte counters, in the worker's `IReadStats` shape. */
export class StoreCounters {
  requests = 0;
  bytesFetched = 0;
  hits = 0;
  misses = 0;

  count(bytes: number): void {
    this.requests += 1;
    this.bytesFetched += bytes;
  }

  stats(fileSize: number, rangeSupported = true): IReadStats {
    return {
      requests: this.requests,
      bytesFetched: this.bytesFetched,
      hits: this.hits,
      misses: this.misses,
      evictions: 0,
      pages: 0,
      fileSize,
      rangeSupported
    };
  }
}

/** Store keys are relative to the store root; zarrita's start with `/`. */
export function relativeKey(key: string): string {
  return key.replace(/^\/+/, '');
}

/**
 * Serve metadata documents already known (consolidated metadata, LINDI
 * refs) without a request; pass chunk keys to the underlying store.
 */
export class KnownMetadataStore implements IKeyStore {
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly documents: Readonly<Record<string, unknown>>,
    private readonly chunks: IKeyStore
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    const relative = relativeKey(key);
    if (/(^|\/)\.z(array|attrs|group)$/.test(relative)) {
      const doc = this.documents[relative];
      return doc === undefined
        ? undefined
        : this.encoder.encode(JSON.stringify(doc));
    }
    return this.chunks.get(key);
  }
}

/** Bytes of chunks kept by `ChunkCache` (a raster window re-reads the same few chunks). */
export const CHUNK_CACHE_BYTES = 64 << 20;

/**
 * Keep what was read, most recently used first, up to `limit` bytes: zarrita
 * asks the store for a chunk every time a selection touches it, and a spike
 * window search makes many small selections in the same few chunks (without
 * this, a first raster read each 4 MiB chunk ~30 times over a remote link).
 * Concurrent asks for one key share one read.
 */
export class ChunkCache implements IKeyStore {
  private readonly kept = new Map<string, Promise<Uint8Array | undefined>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly inner: IKeyStore,
    private readonly limit = CHUNK_CACHE_BYTES
  ) {}

  get(key: string): Promise<Uint8Array | undefined> {
    const known = this.kept.get(key);
    if (known) {
      // Most recently used last in the Map's order.
      this.kept.delete(key);
      this.kept.set(key, known);
      return known;
    }
    const read = this.inner.get(key);
    this.kept.set(key, read);
    read.then(
      value => this.account(key, value?.byteLength ?? 0),
      () => this.forget(key) // a failed read is asked again next time
    );
    return read;
  }

  private account(key: string, size: number): void {
    if (!this.kept.has(key)) {
      return;
    }
    this.sizes.set(key, size);
    this.bytes += size;
    for (const oldest of this.kept.keys()) {
      if (this.bytes <= this.limit || oldest === key) {
        break;
      }
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    this.kept.delete(key);
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
}

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

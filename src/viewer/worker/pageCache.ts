/**
 * A fixed-size page cache with least-recently-used eviction over a
 * synchronous byte-range reader. HDF5 asks for many small scattered reads
 * (object headers, B-tree nodes) and a few large ones (chunks); pages turn
 * both into a bounded number of range requests and bounded memory.
 */

/** Read bytes `[start, end)` of the file, synchronously. */
export type RangeReader = (start: number, end: number) => Uint8Array;

export interface IPageCacheOptions {
  /** Bytes per page (default 128 KiB). */
  pageSize?: number;
  /**
   * Pages kept in memory (default 512, i.e. 64 MiB with the default page
   * size): a raster's opening reads the heads of 16 units spread over the
   * table, in chunks its first window reads again; 32 MiB held only 8 of
   * a 5.7 M-spike file's eleven 4 MiB chunks, and the first window fetched
   * every chunk twice.
   */
  maxPages?: number;
  /** Most pages fetched by a single request when several are missing in a row. */
  maxPagesPerRequest?: number;
}

/** Counters for the status bar and the benchmark. */
export interface ICacheStats {
  /** Range requests sent. */
  requests: number;
  /** Bytes received from the reader. */
  bytesFetched: number;
  /** Page lookups served from memory / needing a fetch. */
  hits: number;
  misses: number;
  evictions: number;
  /** Pages held now. */
  pages: number;
}

export class PageCache {
  readonly pageSize: number;
  readonly maxPages: number;
  private readonly maxPagesPerRequest: number;
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly pages = new Map<number, Uint8Array>();
  private readonly counters = {
    requests: 0,
    bytesFetched: 0,
    hits: 0,
    misses: 0,
    evictions: 0
  };

  constructor(
    private readonly reader: RangeReader,
    readonly fileSize: number,
    options: IPageCacheOptions = {}
  ) {
    this.pageSize = options.pageSize ?? 128 * 1024;
    this.maxPages = Math.max(1, options.maxPages ?? 512);
    this.maxPagesPerRequest = Math.max(
      1,
      Math.min(options.maxPagesPerRequest ?? 16, this.maxPages)
    );
    if (!(this.pageSize > 0) || !Number.isInteger(this.pageSize)) {
      throw new RangeError(
        `page size must be a positive integer, got ${this.pageSize}`
      );
    }
  }

  get stats(): ICacheStats {
    return { ...this.counters, pages: this.pages.size };
  }

  /**
   * Copy up to `length` bytes at file offset `position` into `target` at
   * `offset`; returns the count copied (short only at the end of the file).
   */
  read(
    target: Uint8Array,
    offset: number,
    length: number,
    position: number
  ): number {
    const end = Math.min(position + length, this.fileSize);
    if (position >= end) {
      return 0;
    }
    let cursor = position;
    while (cursor < end) {
      const index = Math.floor(cursor / this.pageSize);
      const page = this.page(index, Math.floor((end - 1) / this.pageSize));
      const pageStart = index * this.pageSize;
      const from = cursor - pageStart;
      const count = Math.min(page.length - from, end - cursor);
      target.set(
        page.subarray(from, from + count),
        offset + (cursor - position)
      );
      cursor += count;
    }
    return end - position;
  }

  /** Page `index`, fetching it — and following missing pages up to `lastNeeded` — on a miss. */
  private page(index: number, lastNeeded: number): Uint8Array {
    const cached = this.pages.get(index);
    if (cached) {
      this.counters.hits++;
      this.pages.delete(index);
      this.pages.set(index, cached);
      return cached;
    }
    this.counters.misses++;
    let last = index;
    while (
      last < lastNeeded &&
      last - index + 1 < this.maxPagesPerRequest &&
      !this.pages.has(last + 1)
    ) {
      last++;
    }
    const start = index * this.pageSize;
    const stop = Math.min((last + 1) * this.pageSize, this.fileSize);
    const bytes = this.reader(start, stop);
    if (bytes.length !== stop - start) {
      throw new Error(
        `range read of bytes ${start}-${stop - 1} returned ${bytes.length} bytes`
      );
    }
    this.counters.requests++;
    this.counters.bytesFetched += bytes.length;
    for (let i = index; i <= last; i++) {
      const from = (i - index) * this.pageSize;
      // A copy, so an evicted page frees its memory even if its neighbours stay.
      this.store(
        i,
        bytes.slice(from, Math.min(from + this.pageSize, bytes.length))
      );
    }
    return this.pages.get(index) as Uint8Array;
  }

  private store(index: number, page: Uint8Array): void {
    this.pages.set(index, page);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
      this.counters.evictions++;
    }
  }
}

/**
 * A fixed-size page cache with least-recently-used eviction over a
 * synchronous byte-range reader. HDF5 asks for many small scattered reads
 * (object headers, B-tree nodes) and a few large ones (chunks); pages turn
 * both into a bounded number of range requests and bounded memory.
 */

/** Read bytes `[start, end)` of the file, synchronously. */
export type RangeReader = (start: number, end: number) => Uint8Array;

export interface IPageCacheOptions {
  /**
   * Bytes per page (default 16 KiB). HDF5 reads metadata in pieces of a
   * few hundred bytes to a few KiB spread over the file; a page is what one
   * such read costs on a miss. 128 KiB pages made the tree step of a
   * 110 MB pynwb file read 0.97 MB where h5py reads 0.24 MB; 16 KiB pages
   * read about 1.3-2 × h5py's bytes for ~2 × the requests of 128 KiB
   * pages (bench/viewer/README.md, "Pages").
   */
  pageSize?: number;
  /**
   * Pages kept in memory (default: 64 MiB of pages): a raster's opening
   * reads the heads of units, in chunks its first window reads again; 32
   * MiB held only 8 of a 5.7 M-spike file's eleven 4 MiB chunks, and the
   * first window fetched every chunk twice.
   */
  maxPages?: number;
  /**
   * Most pages fetched by a single request when several are missing in a
   * row (default: 2 MiB of pages), so a whole chunk costs a request or two
   * whatever the page size.
   */
  maxPagesPerRequest?: number;
  /**
   * Pages of the neighbourhood a second miss fetches whole (default 8:
   * 128 KiB with 16 KiB pages; 1 turns this off). See `page`.
   */
  regionPages?: number;
}

/** Default page size, memory and request size of the cache. */
export const DEFAULT_PAGE_BYTES = 16 * 1024;
const DEFAULT_CACHE_BYTES = 64 << 20;
const DEFAULT_REQUEST_BYTES = 2 << 20;

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
  private readonly regionPages: number;
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly pages = new Map<number, Uint8Array>();
  /** Regions (of `regionPages`) where a page was missed before. */
  private readonly missedRegions = new Set<number>();
  /** Regions fetched whole: their neighbours are fetched whole on a first miss. */
  private readonly denseRegions = new Set<number>();
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
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_BYTES;
    const pages = (bytes: number) =>
      Math.max(1, Math.floor(bytes / this.pageSize));
    this.maxPages = Math.max(1, options.maxPages ?? pages(DEFAULT_CACHE_BYTES));
    this.maxPagesPerRequest = Math.max(
      1,
      Math.min(
        options.maxPagesPerRequest ?? pages(DEFAULT_REQUEST_BYTES),
        this.maxPages
      )
    );
    this.regionPages = Math.max(1, Math.floor(options.regionPages ?? 8));
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
      const page = this.page(
        index,
        Math.floor((end - 1) / this.pageSize),
        end - position <= this.pageSize
      );
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
  private page(index: number, lastNeeded: number, small: boolean): Uint8Array {
    const cached = this.pages.get(index);
    if (cached) {
      this.counters.hits++;
      this.pages.delete(index);
      this.pages.set(index, cached);
      return cached;
    }
    this.counters.misses++;
    // Metadata packed together (h5wasm's writer) is read in many small
    // pieces close to each other; scattered metadata (pynwb files) in
    // pieces far apart. The first miss in a region of `regionPages` fetches
    // only what the read needs; a second miss there fetches the rest of the
    // region, and so does a first miss next to a region fetched whole (the
    // packed part of a file goes on): few requests for packed metadata,
    // small pages for scattered.
    const perRegion = this.regionPages;
    const region = Math.floor(index / perRegion);
    let first = index;
    const dense =
      this.missedRegions.has(region) ||
      this.denseRegions.has(region - 1) ||
      this.denseRegions.has(region + 1);
    // Only small reads (metadata) count: a chunk read is as large as it
    // needs to be, and fetching around it would read data nobody asked for.
    if (small && perRegion > 1 && dense) {
      this.denseRegions.add(region);
      lastNeeded = Math.max(lastNeeded, (region + 1) * perRegion - 1);
      while (first > region * perRegion && !this.pages.has(first - 1)) {
        first--;
      }
    } else if (small) {
      this.missedRegions.add(region);
    }
    let last = index;
    while (
      last < lastNeeded &&
      (last + 1) * this.pageSize < this.fileSize &&
      last - first + 1 < this.maxPagesPerRequest &&
      !this.pages.has(last + 1)
    ) {
      last++;
    }
    const start = first * this.pageSize;
    const stop = Math.min((last + 1) * this.pageSize, this.fileSize);
    const bytes = this.reader(start, stop);
    if (bytes.length !== stop - start) {
      throw new Error(
        `range read of bytes ${start}-${stop - 1} returned ${bytes.length} bytes`
      );
    }
    this.counters.requests++;
    this.counters.bytesFetched += bytes.length;
    for (let i = first; i <= last; i++) {
      const from = (i - first) * this.pageSize;
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

import type { IH5DatasetInfo } from '../model/source';

/** Bytes of one page of the worker's page cache (pageCache.ts). */
const PAGE_BYTES = 128 * 1024;

/**
 * HDF5's default chunk cache (1 MiB): an unfiltered chunk larger than
 * this is read in part, straight from the file; a smaller one is read
 * whole into the cache.
 */
const CHUNK_CACHE_BYTES = 1 << 20;

/**
 * How many rows of a 1-d dataset one read of a spike-train window should
 * cover, so that a read costs what it returns: a compressed chunk is
 * decompressed whole whatever part of it is asked for, so it is the unit
 * of reading; a small unfiltered chunk too (it goes through HDF5's chunk
 * cache); otherwise data is read in part, and a page of the worker's page
 * cache is what a read fetches at least. Without storage details, a page
 * of float64.
 */
export function readBlockRows(info: IH5DatasetInfo | null): number {
  const item = Math.max(1, info?.itemSize ?? 8);
  const pageRows = Math.max(1, Math.floor(PAGE_BYTES / item));
  const chunkRows = info?.chunks?.[0];
  if (!info || !chunkRows || chunkRows < 1) {
    return pageRows;
  }
  if (info.filters.length > 0 || chunkRows * item <= CHUNK_CACHE_BYTES) {
    return chunkRows;
  }
  return pageRows;
}

import type { IH5DatasetInfo } from '../model/source';

/** Bytes of a page of the worker's page cache (pageCache.ts). */
const PAGE_BYTES = 16 * 1024;

/**
 * How many rows of a 1-d dataset one read of a spike-train window should
 * cover, so that a read costs what it returns: h5wasm's HDF5 reads a chunk
 * whole whatever part of it is asked for (compressed or not: a 10 s window
 * of a pynwb file's unfiltered 4 MiB chunks fetched the 4 chunks whole), so
 * a chunk is the unit of reading; contiguous data is read in part, and a
 * page of the worker's page cache is what a read fetches at least. Without
 * storage details, a page of float64.
 */
export function readBlockRows(info: IH5DatasetInfo | null): number {
  const item = Math.max(1, info?.itemSize ?? 8);
  const chunkRows = info?.chunks?.[0];
  return chunkRows && chunkRows > 0
    ? chunkRows
    : Math.max(1, Math.floor(PAGE_BYTES / item));
}

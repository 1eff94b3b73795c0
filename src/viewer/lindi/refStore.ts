import type { IZarray } from '../zarr/catalogue';
import { relativeKey, type IKeyStore } from '../zarr/store';
import type { LindiIndex } from './lindiIndex';

/** Read `size` bytes at `offset` of the file at `url` (already resolved). */
export type ByteRangeReader = (
  url: string,
  offset: number,
  size: number
) => Promise<Uint8Array>;

const NUMERIC_ITEM = /^[<>|=]?[iuf](\d+)$/;

/**
 * A Zarr store over a LINDI index: inline keys answer from the index,
 * references by a range read of the file they point into.
 */
export class LindiRefStore implements IKeyStore {
  constructor(
    private readonly index: LindiIndex,
    private readonly zarrays: ReadonlyMap<string, IZarray>,
    private readonly readRange: ByteRangeReader
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    const relative = relativeKey(key);
    const ref = this.index.ref(relative);
    if (!ref) {
      return undefined;
    }
    const bytes =
      ref.kind === 'inline'
        ? ref.bytes
        : await this.readRange(ref.url, ref.offset, ref.size);
    return padChunk(bytes, this.zarrays.get(parentKey(relative)));
  }
}

function parentKey(key: string): string {
  const cut = key.lastIndexOf('/');
  return cut < 0 ? '' : key.slice(0, cut);
}

/**
 * LINDI splits a big contiguous HDF5 dataset into chunks of its byte
 * range; the last one is short (lindi PR #84). Zarr wants a whole chunk:
 * pad uncompressed numeric chunks with zeros, as lindi's own store does.
 */
export function padChunk(
  bytes: Uint8Array,
  zarray: IZarray | undefined
): Uint8Array {
  if (!zarray || typeof zarray.dtype !== 'string') {
    return bytes;
  }
  const item = NUMERIC_ITEM.exec(zarray.dtype);
  if (!item || zarray.compressor || zarray.filters?.length) {
    return bytes;
  }
  const expected = zarray.chunks.reduce((n, c) => n * c, Number(item[1]));
  if (bytes.length >= expected) {
    return bytes;
  }
  const padded = new Uint8Array(expected);
  padded.set(bytes);
  return padded;
}

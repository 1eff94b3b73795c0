import h5wasm from 'h5wasm';

import { H5wasmSource } from '../h5/h5wasmSource';
import type { IOpenedFile } from './handler';
import { openRemoteFile, xhrGet, type IRemoteFile } from './httpRange';
import { createLazyFile, type IEmscriptenFS } from './lazyFile';
import { PageCache, type IPageCacheOptions } from './pageCache';
import type { IOpenArgs } from './protocol';

let openCount = 0;

/**
 * Open a file in h5wasm without copying it: a lazy MEMFS file whose reads
 * go through the page cache to `remote.read`.
 */
export async function openLazy(
  remote: IRemoteFile,
  filename: string,
  cacheOptions?: IPageCacheOptions
): Promise<IOpenedFile> {
  const module = await h5wasm.ready;
  const fs = module.FS as unknown as IEmscriptenFS;
  const cache = new PageCache(remote.read, remote.size, cacheOptions);
  // A fresh name per open: a reopened file must not see the old node.
  const path = `/nwb/${++openCount}/${filename.replace(/[^\w.-]/g, '_')}`;
  createLazyFile(fs, path, cache);
  // h5wasm does not throw on a file that is not HDF5: it returns a
  // negative id, and every later call fails obscurely. Check here.
  let file: InstanceType<typeof h5wasm.File> | null = null;
  let problem = '';
  try {
    file = new h5wasm.File(path, 'r');
  } catch (error) {
    problem = ` (${String(error)})`;
  }
  if (!file || file.file_id < 0n) {
    fs.unlink(path);
    throw new Error(
      `${filename} could not be opened as HDF5${problem}: it is not an NWB file, or it is damaged or still being written.`
    );
  }
  const opened = file;
  return {
    source: new H5wasmSource(opened, filename, remote.size),
    stats: () => ({
      ...cache.stats,
      fileSize: remote.size,
      rangeSupported: remote.rangeSupported
    }),
    close: () => {
      opened.close();
      fs.unlink(path);
    }
  };
}

/** Open a file served by the Jupyter server (`/files/…`) with range requests. */
export function openRemote(args: IOpenArgs): Promise<IOpenedFile> {
  const remote = openRemoteFile(args.url, xhrGet(args.url, args.headers));
  return openLazy(remote, args.filename, args.cache);
}

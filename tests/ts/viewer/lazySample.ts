import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';

import type { IRemoteFile } from '../../../src/viewer/worker/httpRange';
import { openLazy } from '../../../src/viewer/worker/openRemote';
import type { IPageCacheOptions } from '../../../src/viewer/worker/pageCache';

/**
 * Open a file on disk exactly as the worker opens a server file — the
 * browser build of h5wasm on a lazy MEMFS file behind the page cache — with
 * the file system standing in for HTTP range requests.
 */
export async function openLazySample(path: string, cache?: IPageCacheOptions) {
  const fd = openSync(path, 'r');
  const remote: IRemoteFile = {
    size: statSync(path).size,
    rangeSupported: true,
    read: (start, end) => {
      const bytes = new Uint8Array(end - start);
      readSync(fd, bytes, 0, bytes.length, start);
      return bytes;
    }
  };
  const opened = await openLazy(remote, basename(path), cache);
  return {
    ...opened,
    close: () => {
      opened.close();
      closeSync(fd);
    }
  };
}

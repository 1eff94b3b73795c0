import type { IOpenedFile } from '../worker/handler';
import { openRemoteFile, xhrGet, type IRemoteFile } from '../worker/httpRange';
import { openLazy } from '../worker/openRemote';
import type { IOpenArgs } from '../worker/protocol';
import type { IH5Source } from '../model/source';
import { StoreCounters } from '../zarr/store';
import { LindiIndex } from './lindiIndex';
import { LindiTar } from './lindiTar';
import { lindiSourceOf } from './openLindi';

/**
 * Open a `.lindi.json` or `.lindi.tar` at a URL in the worker: the index is
 * read once; chunks are read by range from the files its refs point at
 * (the original HDF5 file on DANDI, or members of the tar itself).
 */
export async function openLindiUrl(args: IOpenArgs): Promise<IOpenedFile> {
  const counters = new StoreCounters();
  const remotes = new Map<string, IRemoteFile>();
  const remote = (url: string): IRemoteFile => {
    let file = remotes.get(url);
    if (!file) {
      // The Jupyter token goes only to the server that served the index.
      const headers = sameOrigin(url, args.url) ? args.headers : {};
      const get = xhrGet(url, headers);
      file = openRemoteFile(url, (start, end) => {
        const response = get(start, end);
        counters.count(response.body.byteLength);
        return response;
      });
      remotes.set(url, file);
    }
    return file;
  };
  const own = remote(args.url);
  const isTar = /\.tar$/i.test(args.filename.split(/[?#]/)[0]);
  const tar = isTar
    ? LindiTar.open((a, b) => own.read(a, b), args.filename)
    : null;
  const indexBytes = tar
    ? own.read(...tar.range('lindi.json', 0, tar.member('lindi.json').s))
    : own.read(0, own.size);
  const index = LindiIndex.parse(
    new TextDecoder().decode(indexBytes),
    args.filename
  );

  const externals = new Map<string, Promise<IOpenedFile>>();
  const source = lindiSourceOf(
    index,
    args.filename,
    own.size,
    async (url, offset, size) => {
      if (url.startsWith('./') && tar) {
        return own.read(...tar.range(url.slice(2), offset, size));
      }
      return remote(chunkUrl(url, args.url, args.filename)).read(
        offset,
        offset + size
      );
    },
    url => {
      const resolved = chunkUrl(url, args.url, args.filename);
      let opened = externals.get(resolved);
      if (!opened) {
        opened = openLazy(
          remote(resolved),
          resolved.split('/').pop() ?? 'external.nwb',
          args.cache
        );
        externals.set(resolved, opened);
      }
      return opened.then((file): IH5Source => file.source);
    }
  );
  return {
    source,
    // The share read is of every file behind the index (itself and the
    // HDF5 file its chunks live in), not of the index alone.
    stats: () => {
      const files = [...remotes.values()];
      return counters.stats(
        files.reduce((total, file) => total + file.size, 0),
        files.every(file => file.rangeSupported)
      );
    },
    close: () => {
      for (const opened of externals.values()) {
        void opened.then(file => file.close()).catch(() => undefined);
      }
    }
  };
}

/**
 * A ref's URL, resolved against the index's own URL when relative. lindi
 * also allows local paths (on the machine that made the file): those
 * cannot be read from a browser.
 */
export function chunkUrl(
  url: string,
  indexUrl: string,
  filename: string
): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    return url;
  }
  if (url.startsWith('/')) {
    throw new Error(
      `${filename} points at the local path ${url}, which the viewer cannot read. ` +
        'Make the LINDI file with url= set to an HTTP(S) URL of the HDF5 file, or a path relative to the LINDI file.'
    );
  }
  return new URL(url, indexUrl).href;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

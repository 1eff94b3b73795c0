import h5wasm from 'h5wasm';

import { H5wasmSource } from '../h5/h5wasmSource';
import type { IOpenedFile } from './handler';
import { probeRange } from './httpProbe';
import {
  rangeFile,
  redirectAwareGet,
  retrying,
  wholeFile,
  xhrGet,
  type IRemoteFile,
  type IRetryOptions,
  type SyncGet
} from './httpRange';
import { createLazyFile, type IEmscriptenFS } from './lazyFile';
import { PageCache, type IPageCacheOptions } from './pageCache';
import type { IOpenArgs, IReadStats } from './protocol';

let openCount = 0;

/** How the bytes were reached, and what finding out cost (added to the counters). */
export interface IRemoteRoute {
  via: 'direct' | 'proxy';
  probeRequests: number;
  probeBytes: number;
}

/**
 * Open a file in h5wasm without copying it: a lazy MEMFS file whose reads
 * go through the page cache to `remote.read`.
 */
export async function openLazy(
  remote: IRemoteFile,
  filename: string,
  cacheOptions?: IPageCacheOptions,
  route?: IRemoteRoute
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
    stats: (): IReadStats => ({
      ...cache.stats,
      requests: cache.stats.requests + (route?.probeRequests ?? 0),
      bytesFetched: cache.stats.bytesFetched + (route?.probeBytes ?? 0),
      fileSize: remote.size,
      rangeSupported: remote.rangeSupported,
      ...(route ? { via: route.via } : {})
    }),
    close: () => {
      opened.close();
      fs.unlink(path);
    }
  };
}

/**
 * Open a file by HTTP range requests: a server file (`/files/…`) or any URL.
 * When the browser cannot read the URL (no CORS, an API key only the server
 * has), the same bytes are read through `proxyUrl`, the Jupyter server's proxy.
 */
export async function openRemote(args: IOpenArgs): Promise<IOpenedFile> {
  const { remote, route } = await openHttp(args);
  return openLazy(remote, args.filename, args.cache, route);
}

/** How bytes travel; tests replace the browser's fetch and sync XHR. */
export interface ITransport {
  fetchFn?: typeof fetch;
  /** A synchronous range getter for direct reads (default: XHR following redirects). */
  direct?: (
    url: string,
    headers: Record<string, string>,
    first: string
  ) => SyncGet;
  /** The same for the proxy (default: plain XHR; the proxy follows redirects itself). */
  proxy?: (url: string, headers: Record<string, string>) => SyncGet;
  retry?: IRetryOptions;
  sleep?: (ms: number) => Promise<void>;
}

/** The remote file behind `args`, directly or through the proxy. */
export async function openHttp(
  args: IOpenArgs,
  transport: ITransport = {}
): Promise<{ remote: IRemoteFile; route: IRemoteRoute }> {
  try {
    return await openAt(args.url, args.headers, args, 'direct', transport);
  } catch (direct) {
    if (!args.proxyUrl) {
      throw direct;
    }
    try {
      return await openAt(
        args.proxyUrl,
        args.proxyHeaders ?? {},
        args,
        'proxy',
        transport
      );
    } catch (proxied) {
      throw new Error(
        `${messageOf(direct)} Through the Jupyter server: ${messageOf(proxied)}`
      );
    }
  }
}

async function openAt(
  url: string,
  headers: Record<string, string>,
  args: IOpenArgs,
  via: 'direct' | 'proxy',
  transport: ITransport
): Promise<{ remote: IRemoteFile; route: IRemoteRoute }> {
  const probe = await probeRange(url, headers, {
    maxWholeBytes: args.maxWholeBytes ?? Number.POSITIVE_INFINITY,
    fetchFn: transport.fetchFn,
    sleep: transport.sleep
  });
  if (probe.kind === 'whole') {
    return {
      remote: wholeFile(probe.body),
      route: { via, probeRequests: 1, probeBytes: probe.body.length }
    };
  }
  // Direct reads go straight to where the redirects led (one request per
  // range); the proxy follows redirects itself.
  const direct =
    transport.direct ??
    ((u, h, first) => redirectAwareGet(u, h, undefined, first));
  const get =
    via === 'direct'
      ? direct(url, headers, probe.finalUrl)
      : (transport.proxy ?? xhrGet)(url, headers);
  return {
    remote: rangeFile(url, retrying(get, transport.retry), probe.size),
    route: { via, probeRequests: 1, probeBytes: probe.bytes }
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

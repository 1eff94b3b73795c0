import type { IOpenedFile } from '../worker/handler';
import type { IOpenArgs } from '../worker/protocol';
import { HttpStore } from './httpStore';
import { openHdmfZarr } from './openZarr';
import { ServerMetadataStore, serverMetadataUrl } from './serverMetadata';
import { StoreCounters, type IKeyStore } from './store';

/**
 * Open a `.nwb.zarr` folder at a URL in the worker (the Jupyter server's
 * `/files/` or any HTTPS base). When the browser cannot fetch it (no CORS)
 * and the panel gave a proxy URL, the same keys are read through the proxy.
 */
export async function openZarrUrl(args: IOpenArgs): Promise<IOpenedFile> {
  const counters = new StoreCounters();
  const open = (base: string, headers: Record<string, string>) => {
    const files: IKeyStore = new HttpStore(base, headers, counters);
    const route = serverMetadataUrl(base);
    const store = route
      ? new ServerMetadataStore(files, new HttpStore(route, headers, counters))
      : files;
    return openHdmfZarr(store, args.filename);
  };
  let source;
  try {
    source = await open(args.url, args.headers);
  } catch (error) {
    // fetch rejects with a TypeError when CORS or the network blocks it.
    if (!(error instanceof TypeError) || !args.proxyUrl) {
      throw error;
    }
    source = await open(args.proxyUrl, args.headers);
  }
  return {
    source,
    stats: () => counters.stats(0),
    close: () => undefined
  };
}

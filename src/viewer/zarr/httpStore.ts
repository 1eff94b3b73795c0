import { HttpReadError } from '../worker/httpRange';
import { relativeKey, type IKeyStore, type StoreCounters } from './store';

/**
 * A Zarr store over HTTP: every key is a file under the store's base URL
 * (the Jupyter server's `/files/…nwb.zarr`, or any HTTPS folder). A 404 is
 * a missing key (Zarr leaves empty chunks unwritten); anything else fails.
 */
export class HttpStore implements IKeyStore {
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    private readonly counters: StoreCounters,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args)
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    const relative = relativeKey(key);
    const url = relative ? keyUrl(this.baseUrl, relative) : this.baseUrl;
    const response = await this.fetcher(url, { headers: this.headers });
    if (response.status === 404) {
      this.counters.count(0);
      return undefined;
    }
    if (!response.ok) {
      throw new HttpReadError(
        url,
        response.status,
        response.status === 403 || response.status === 401
          ? 'not authorised; reload JupyterLab to refresh your login'
          : 'the server could not serve this part of the Zarr store'
      );
    }
    const body = new Uint8Array(await response.arrayBuffer());
    this.counters.count(body.byteLength);
    return body;
  }
}

/** `base/key` with each key segment URL-encoded and the base's query kept. */
export function keyUrl(baseUrl: string, key: string): string {
  const url = new URL(baseUrl);
  const encoded = key.split('/').map(encodeURIComponent).join('/');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encoded}`;
  return url.href;
}

import { relativeKey, type IKeyStore } from './store';

/**
 * For a store under the Jupyter root, the URL of the server route that
 * answers its consolidated metadata (`/files/` refuses dotfiles, which
 * is where Zarr keeps metadata), or null for any other URL.
 */
export function serverMetadataUrl(filesUrl: string): string | null {
  const url = new URL(filesUrl);
  const at = url.pathname.indexOf('/files/');
  if (at < 0) {
    return null;
  }
  const base = url.pathname.slice(0, at + 1);
  const path = decodeURIComponent(url.pathname.slice(at + '/files/'.length));
  const route = new URL(`${base}jupyterlab-ibl-nwb/zarr-metadata`, url.origin);
  route.searchParams.set('path', path.replace(/\/+$/, ''));
  return route.href;
}

/** Chunks from `chunks`; `.zmetadata` from the server's metadata route. */
export class ServerMetadataStore implements IKeyStore {
  constructor(
    private readonly chunks: IKeyStore,
    private readonly metadata: IKeyStore
  ) {}

  get(key: string): Promise<Uint8Array | undefined> {
    return relativeKey(key) === '.zmetadata'
      ? this.metadata.get('')
      : this.chunks.get(key);
  }
}

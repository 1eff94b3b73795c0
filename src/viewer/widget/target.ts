import type { NwbFormat } from '../model/format';
import type { IOpenArgs } from '../worker/protocol';
import { fileRequest } from './fileUrl';

/**
 * What a viewer shows: a file (or Zarr folder) under the Jupyter root, or
 * bytes at a URL (DANDI assets, object storage, any HTTPS server).
 */
export type NwbTarget =
  | {
      readonly kind: 'server';
      /** Path relative to the server root. */
      readonly path: string;
      readonly format?: NwbFormat;
    }
  | {
      readonly kind: 'url';
      readonly url: string;
      /** Shown in the tab and in messages (e.g. `000409/sub-x/…nwb`). */
      readonly label: string;
      readonly format?: NwbFormat;
      /** The Jupyter server's proxy URL for the same bytes, when cross-origin reads fail. */
      readonly proxyUrl?: string;
      /** Headers for `proxyUrl` (the Jupyter token). */
      readonly proxyHeaders?: Record<string, string>;
      /** Largest file read whole when the server ignores Range. */
      readonly maxWholeBytes?: number;
      /**
       * What to open when this target cannot be read (a LINDI index that
       * this viewer cannot read, or that is gone: the HDF5 original).
       */
      readonly fallback?: NwbTarget;
    };

/** The name shown for a target. */
export function targetLabel(target: NwbTarget): string {
  return target.kind === 'server' ? target.path : target.label;
}

/** The worker's open request for a target. */
export function openArgsOf(target: NwbTarget): IOpenArgs {
  if (target.kind === 'server') {
    const { url, headers } = fileRequest(target.path);
    return {
      url,
      headers,
      filename: target.path.split('/').pop() ?? target.path,
      format: target.format
    };
  }
  const name = new URL(target.url).pathname.split('/').filter(Boolean).pop();
  return {
    url: target.url,
    // Cross-origin servers get no Jupyter token.
    headers: {},
    filename: target.label.split('/').pop() || name || target.url,
    format: target.format,
    proxyUrl: target.proxyUrl,
    proxyHeaders: target.proxyHeaders,
    maxWholeBytes: target.maxWholeBytes
  };
}

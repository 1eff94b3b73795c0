/**
 * From what the user typed (or a notebook output named) to what to do:
 * open a viewer on an `NwbTarget`, or browse a dandiset. I/O comes in
 * through `IPlanDeps`, so the decisions are tested without a server.
 */
import { formatOf } from '../model/format';
import type { NwbTarget } from '../widget/target';
import {
  lindiUrlOf,
  resolveAsset,
  type GetJson,
  type IDandiAsset
} from './dandiApi';
import { parseDandiRef, type DandiRef } from './dandiRef';
import type { IRemoteSettings } from './remoteSettings';

export interface IPlanDeps {
  getJson: GetJson;
  /** Register a URL the user opened / an API base they use with the server's proxy. */
  allow: (what: { url: string } | { api: string }) => Promise<void>;
  /** The proxy URL and headers that serve a URL's bytes. */
  proxy: (url: string) => {
    proxyUrl: string;
    proxyHeaders: Record<string, string>;
  };
  /** Whether a LINDI index exists at this URL (a quick HEAD; false on any failure). */
  lindiExists: (url: string) => Promise<boolean>;
}

type UrlTarget = Extract<NwbTarget, { kind: 'url' }>;

export type OpenPlan =
  | { readonly kind: 'open'; readonly target: NwbTarget }
  | {
      readonly kind: 'browse';
      readonly apiUrl: string;
      readonly dandiset: string;
      readonly version: string | null;
      readonly folder: string;
    };

/** Decide what `input` opens. Throws `DandiRefError` / `DandiApiError` with what to fix. */
export async function planOpen(
  input: string,
  settings: IRemoteSettings,
  deps: IPlanDeps
): Promise<OpenPlan> {
  return planRef(parseDandiRef(input, settings.dandiApiUrl), settings, deps);
}

/** Decide what a parsed reference opens. */
export async function planRef(
  ref: DandiRef,
  settings: IRemoteSettings,
  deps: IPlanDeps
): Promise<OpenPlan> {
  if (ref.kind === 'dandiset') {
    return { ...ref, kind: 'browse' };
  }
  if (ref.kind === 'url') {
    await deps.allow({ url: ref.url });
    return {
      kind: 'open',
      target: urlTarget(ref.url, labelOf(ref.url), settings, deps)
    };
  }
  await deps.allow({ api: ref.apiUrl });
  const asset = await resolveAsset(ref, deps.getJson);
  return { kind: 'open', target: await assetTarget(asset, settings, deps) };
}

/** A viewer target for a URL, with the proxy to fall back on. */
export function urlTarget(
  url: string,
  label: string,
  settings: IRemoteSettings,
  deps: Pick<IPlanDeps, 'proxy'>,
  format = formatOf(url)
): UrlTarget {
  return {
    kind: 'url',
    url,
    label,
    format,
    ...deps.proxy(url),
    maxWholeBytes: settings.maxWholeFileMiB * 2 ** 20
  };
}

/**
 * A DANDI asset: its LINDI index when one exists (metadata in one small
 * JSON, chunks from the original), the HDF5 file as the fallback; else the
 * HDF5 file through the API's download URL.
 */
export async function assetTarget(
  asset: IDandiAsset,
  settings: IRemoteSettings,
  deps: IPlanDeps
): Promise<NwbTarget> {
  const hdf5 = urlTarget(
    asset.downloadUrl,
    asset.label,
    settings,
    deps,
    formatOf(asset.path)
  );
  const lindi = lindiUrlOf(settings.lindiUrlTemplate, asset);
  if (!lindi || hdf5.format !== 'hdf5') {
    return hdf5;
  }
  if (!(await deps.lindiExists(lindi))) {
    return hdf5;
  }
  await deps.allow({ url: lindi });
  return {
    ...urlTarget(lindi, asset.label, settings, deps, 'lindi'),
    fallback: hdf5
  };
}

/** The file name of a URL, for the tab (the host when the path has none). */
export function labelOf(url: string): string {
  const parsed = new URL(url);
  const name = parsed.pathname.split('/').filter(Boolean).pop();
  return name ? decodeURIComponent(name) : parsed.host;
}

/** A HEAD with a short timeout: does the LINDI index exist? */
export async function lindiExistsByHead(
  url: string,
  timeoutMs = 3000
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs)
    });
    return response.ok;
  } catch {
    return false;
  }
}

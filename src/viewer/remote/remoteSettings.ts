/**
 * The settings of remote reading (schema/remote.json), read with runtime
 * checks. The notebook renderer has no settings of its own: it reads the
 * values the remote plugin loaded (`remoteSettings()`, which waits for them).
 */
export interface IRemoteSettings {
  /** DANDI REST API base, e.g. https://api.dandiarchive.org/api. */
  readonly dandiApiUrl: string;
  /** LINDI index URL template ({dandiset}, {asset_id}, {version}); '' turns the fast path off. */
  readonly lindiUrlTemplate: string;
  /** Largest file read whole from a server that ignores Range, in MiB. */
  readonly maxWholeFileMiB: number;
}

export const DEFAULT_REMOTE_SETTINGS: IRemoteSettings = {
  dandiApiUrl: 'https://api.dandiarchive.org/api',
  lindiUrlTemplate:
    'https://lindi.neurosift.org/dandi/dandisets/{dandiset}/assets/{asset_id}/nwb.lindi.json',
  maxWholeFileMiB: 256
};

export function readRemoteSettings(
  composite: Record<string, unknown>
): IRemoteSettings {
  const { dandiApiUrl, lindiUrlTemplate, maxWholeFileMiB } = composite;
  return {
    dandiApiUrl:
      typeof dandiApiUrl === 'string' && /^https?:\/\/\S+$/.test(dandiApiUrl)
        ? dandiApiUrl.replace(/\/+$/, '')
        : DEFAULT_REMOTE_SETTINGS.dandiApiUrl,
    lindiUrlTemplate:
      typeof lindiUrlTemplate === 'string'
        ? lindiUrlTemplate.trim()
        : DEFAULT_REMOTE_SETTINGS.lindiUrlTemplate,
    maxWholeFileMiB:
      typeof maxWholeFileMiB === 'number' &&
      Number.isFinite(maxWholeFileMiB) &&
      maxWholeFileMiB >= 0
        ? maxWholeFileMiB
        : DEFAULT_REMOTE_SETTINGS.maxWholeFileMiB
  };
}

let current: IRemoteSettings = DEFAULT_REMOTE_SETTINGS;
let markLoaded: () => void = () => undefined;
const loaded = new Promise<void>(resolve => (markLoaded = resolve));

/**
 * The settings once the remote plugin has loaded them (or found none): a
 * tab restored on reload or an output rendered at startup must not resolve
 * against the default archive before the user's own is known.
 */
export async function remoteSettings(): Promise<IRemoteSettings> {
  await loaded;
  return current;
}

export function setCurrentRemoteSettings(settings: IRemoteSettings): void {
  current = settings;
  markLoaded();
}

/** No settings to wait for (no registry, or it failed): use the defaults. */
export function remoteSettingsUnavailable(): void {
  markLoaded();
}

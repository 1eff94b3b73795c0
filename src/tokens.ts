/**
 * Public identifiers shared by the plugins: plugin ids, command ids, settings shape.
 */

/** The npm package name; plugin ids and the settings schema are keyed by it. */
export const PACKAGE_NAME = 'jupyterlab-ibl-nwb';

export namespace PluginIDs {
  /** Also the settings schema id (`schema/plugin.json`). */
  export const main = `${PACKAGE_NAME}:plugin`;
}

export namespace CommandIDs {
  export const openSidebar = `${PACKAGE_NAME}:open-sidebar`;
  /** "Convert to NWB…" on the file browser's selected session folder or metadata .json. */
  export const convertItem = `${PACKAGE_NAME}:convert-item`;
  /** "Validate NWB file": the NWB Inspector and dandi on a .nwb, findings in a panel. */
  export const validateFile = `${PACKAGE_NAME}:validate-file`;
  /** "Open as NWB collection": a folder of .nwb files as a sessions table and region view. */
  export const openCollection = `${PACKAGE_NAME}:open-collection`;
  export const openDandisetCollection = `${PACKAGE_NAME}:open-dandiset-collection`;
}

/** The sidebar widget id; stable so the layout restorer can find it. */
export const SIDEBAR_ID = 'jp-IblNwb-sidebar';

/** User settings, mirrored from `schema/plugin.json`. */
export interface IIblNwbSettings {
  alyxUrl: string;
  cacheDir: string;
  outputDir: string;
  /** Conversions the server runs at once; 0 = the server's own limit. */
  maxJobs: number;
}

export const DEFAULT_SETTINGS: IIblNwbSettings = {
  alyxUrl: 'https://openalyx.internationalbrainlab.org',
  cacheDir: '',
  outputDir: 'nwb',
  maxJobs: 0
};

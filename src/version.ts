declare const __IBL2NWB_VERSION__: string | undefined;

/**
 * The package's version, injected at bundle time from package.json; "dev" when run from
 * source. Shared by the CLI (`--version`) and the converter (NWBFile.source_script), so the
 * converter needs nothing from the CLI.
 */
export const PACKAGE_VERSION: string =
  typeof __IBL2NWB_VERSION__ === 'string' ? __IBL2NWB_VERSION__ : 'dev';

declare const __IBL2NWB_VERSION__: string | undefined;

/** Injected at bundle time from package.json; "dev" when run from source. */
export const CLI_VERSION: string =
  typeof __IBL2NWB_VERSION__ === 'string' ? __IBL2NWB_VERSION__ : 'dev';

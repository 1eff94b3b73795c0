import { PageConfig } from '@jupyterlab/coreutils';

import { PACKAGE_NAME, PluginIDs } from '../tokens';

/** How JupyterLab itself sees this extension: installed (federated) and enabled. */
export interface IExtensionState {
  installed: boolean;
  enabled: boolean;
  version: string | null;
}

interface IFederatedExtension {
  name: string;
  version?: string;
}

/** Read the lab extension's state from the page config JupyterLab was served with. */
export function readExtensionState(): IExtensionState {
  let federated: IFederatedExtension[] = [];
  try {
    federated = JSON.parse(
      PageConfig.getOption('federated_extensions') || '[]'
    );
  } catch {
    federated = [];
  }
  const entry = federated.find(ext => ext.name === PACKAGE_NAME);
  return {
    installed: entry !== undefined,
    enabled: !PageConfig.Extension.isDisabled(PluginIDs.main),
    version: entry?.version ?? null
  };
}

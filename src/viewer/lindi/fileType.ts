import type { DocumentRegistry } from '@jupyterlab/docregistry';

import { nwbFileIcon } from '../../icons';

/**
 * LINDI indexes of NWB files (`.lindi.json`, `.lindi.tar`): opened by the
 * NWB viewer, which reads the index and fetches chunks from the HDF5 file
 * it points at. `fileFormat: null`: never loaded into a document model.
 */
export const LINDI_FILE_TYPE: Partial<DocumentRegistry.IFileType> = {
  name: 'nwb-lindi',
  displayName: 'LINDI NWB index',
  extensions: ['.lindi.json', '.lindi.tar'],
  mimeTypes: ['application/x-nwb-lindi'],
  contentType: 'file',
  fileFormat: null,
  icon: nwbFileIcon
};

import { DocumentRegistry } from '@jupyterlab/docregistry';

import { nwbFileIcon } from './icons';

/**
 * The single source of truth for the NWB file type.
 * `fileFormat: null` because NWB files are read lazily by range requests,
 * never loaded whole into a document model.
 */
export const NWB_FILE_TYPE: Partial<DocumentRegistry.IFileType> = {
  name: 'nwb',
  displayName: 'NWB file',
  extensions: ['.nwb'],
  mimeTypes: ['application/x-nwb'],
  contentType: 'file',
  fileFormat: null,
  icon: nwbFileIcon
};

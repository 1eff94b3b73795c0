import { formatOf } from '../model/format';
import type { IOpenedFile } from './handler';
import { openRemote } from './openRemote';
import type { IOpenArgs } from './protocol';

/**
 * The worker's one way in: pick the reader for the file's storage format.
 * A new format is one reader plus one case here.
 */
export function openByFormat(args: IOpenArgs): Promise<IOpenedFile> {
  const format = args.format ?? formatOf(args.filename);
  switch (format) {
    case 'hdf5':
      return openRemote(args);
    default:
      return Promise.reject(
        new Error(
          `${args.filename}: ${format.toUpperCase()} NWB files cannot be opened by this version of the viewer.`
        )
      );
  }
}

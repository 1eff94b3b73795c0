import { openLindiUrl } from '../lindi/openLindiUrl';
import { formatOf } from '../model/format';
import { openZarrUrl } from '../zarr/openZarrUrl';
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
    case 'lindi':
      return openLindiUrl(args);
    case 'zarr':
      return openZarrUrl(args);
    default:
      return Promise.reject(
        new Error(
          `${args.filename}: ${String(format).toUpperCase()} NWB files cannot be opened by this version of the viewer.`
        )
      );
  }
}

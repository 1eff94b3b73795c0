import { ZarrCatalogue, type IZarray } from '../zarr/catalogue';
import { KnownMetadataStore } from '../zarr/store';
import { LindiIndex } from './lindiIndex';
import { LindiRefStore, type ByteRangeReader } from './refStore';
import { LindiSource, type ExternalHdf5Opener } from './lindiSource';

/** Build the `IH5Source` of a parsed LINDI index. */
export function lindiSourceOf(
  index: LindiIndex,
  filename: string,
  size: number,
  readRange: ByteRangeReader,
  openExternal: ExternalHdf5Opener
): LindiSource {
  const documents = index.metadataDocuments();
  const catalogue = ZarrCatalogue.fromMetadata(documents, filename);
  const zarrays = new Map<string, IZarray>();
  for (const [key, doc] of Object.entries(documents)) {
    if (key.endsWith('.zarray')) {
      zarrays.set(key.slice(0, -'/.zarray'.length), doc as IZarray);
    }
  }
  const store = new KnownMetadataStore(
    documents,
    new LindiRefStore(index, zarrays, readRange)
  );
  return new LindiSource(catalogue, store, filename, size, openExternal);
}

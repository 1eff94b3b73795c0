import { ZarrCatalogue } from './catalogue';
import { consolidatedMetadata } from './consolidated';
import { HdmfZarrSource } from './hdmfZarrSource';
import { KnownMetadataStore, type IKeyStore } from './store';

/** Open an hdmf-zarr NWB store from its consolidated metadata. */
export async function openHdmfZarr(
  store: IKeyStore,
  filename: string
): Promise<HdmfZarrSource> {
  const documents = await consolidatedMetadata(store, filename);
  const catalogue = ZarrCatalogue.fromMetadata(documents, filename);
  return new HdmfZarrSource(
    catalogue,
    new KnownMetadataStore(documents, store),
    filename,
    0
  );
}

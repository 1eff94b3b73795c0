import { ZarrCatalogue } from './catalogue';
import { consolidatedMetadata } from './consolidated';
import { HdmfZarrSource } from './hdmfZarrSource';
import { KnownMetadataStore, type IKeyStore } from './store';

/** Open an hdmf-zarr NWB store from its consolidated metadata. */
export async function openHdmfZarr(
  store: IKeyStore,
  filename: string
): Promise<HdmfZarrSource> {
  const documents = objectCompounds(
    await consolidatedMetadata(store, filename)
  );
  const catalogue = ZarrCatalogue.fromMetadata(documents, filename);
  return new HdmfZarrSource(
    catalogue,
    new KnownMetadataStore(documents, store),
    filename,
    0
  );
}

/**
 * hdmf-zarr stores compound rows that hold references as a numpy structured
 * array with object fields, pickled: the pickle carries each row as a tuple.
 * zarrita knows no structured dtypes, so such arrays are read as object
 * arrays of rows; compounds of plain fields, stored as raw bytes, through a
 * structured codec. (`zarr_dtype` still says compound.)
 */
export function objectCompounds(
  documents: Record<string, unknown>
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...documents };
  for (const [key, doc] of Object.entries(documents)) {
    const zarray = doc as {
      dtype?: unknown;
      filters?: { id?: string }[] | null;
    };
    if (!key.endsWith('.zarray') || !Array.isArray(zarray?.dtype)) {
      continue;
    }
    if (zarray.filters?.some(f => f.id === 'pickle')) {
      out[key] = { ...zarray, dtype: '|O', fill_value: null };
    } else {
      // Plain fields (pixel masks): rows decoded from the raw bytes.
      out[key] = {
        ...zarray,
        dtype: '|O',
        fill_value: null,
        filters: [
          ...(zarray.filters ?? []),
          { id: 'nwb-structured', fields: zarray.dtype }
        ]
      };
    }
  }
  return out;
}

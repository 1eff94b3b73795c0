/**
 * The storage formats an NWB file can come in. HDF5 is read by h5wasm;
 * LINDI (a JSON index of an HDF5 file, chunks by reference) and Zarr
 * (`hdmf-zarr`'s `.nwb.zarr` folders) by their own readers. All three end
 * in the same `IH5Source`, so the model and views never see the format.
 */
export type NwbFormat = 'hdf5' | 'lindi' | 'zarr';

/** The format a file or folder name implies (`hdf5` unless it says otherwise). */
export function formatOf(name: string): NwbFormat {
  // Query strings and fragments (presigned URLs) are not part of the name.
  const bare = name.split(/[?#]/)[0].replace(/\/+$/, '').toLowerCase();
  if (bare.endsWith('.lindi.json') || bare.endsWith('.lindi.tar')) {
    return 'lindi';
  }
  if (bare.endsWith('.zarr')) {
    return 'zarr';
  }
  return 'hdf5';
}

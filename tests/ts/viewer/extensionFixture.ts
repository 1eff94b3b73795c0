/**
 * Python lines (given `ndx`, the folder of the vendored specs of
 * ndx-spectrum and ndx-grayscalevolume: tests/python/viewer/ndx) that add, to an `nwb` NWBFile, an ndx-spectrum Spectrum (power
 * 1/f and 2/f of two channels over 50 frequencies, and a phase) at
 * /processing/spectra/spectrum and an ndx-grayscalevolume GrayscaleVolume of
 * 6 × 5 × 4 values (value = 100x + 10y + z) at /acquisition/volume.
 */
export const extensionLines = (ndx: string): string => `
from pynwb import load_namespaces, get_class
load_namespaces(${JSON.stringify(`${ndx}/ndx-spectrum.namespace.yaml`)})
load_namespaces(${JSON.stringify(`${ndx}/ndx-grayscalevolume.namespace.yaml`)})
Spectrum = get_class("Spectrum", "ndx-spectrum")
GrayscaleVolume = get_class("GrayscaleVolume", "ndx-grayscalevolume")
spectra = nwb.create_processing_module("spectra", "spectra")
frequencies = np.linspace(1.0, 100.0, 50)
spectra.add(Spectrum(name="spectrum", frequencies=frequencies, power=np.stack([1 / frequencies, 2 / frequencies], 1), phase=np.stack([np.sin(frequencies), np.cos(frequencies)], 1)))
x, y, z = np.meshgrid(np.arange(6), np.arange(5), np.arange(4), indexing="ij")
nwb.add_acquisition(GrayscaleVolume(name="volume", data=(100 * x + 10 * y + z).astype(float), spatial_scale=[0.1, 0.1, 0.5]))
`;

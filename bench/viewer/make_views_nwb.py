"""Write the #14 benchmark files with pynwb: a large TwoPhotonSeries and a long 384-channel LFP.

``python bench/viewer/make_views_nwb.py OUT.nwb [--frames 4000] [--lfp-seconds 3600] [--seed 7]``

- ``/acquisition/TwoPhotonSeries``: ``frames`` x 512 x 512 uint16, chunked one frame per chunk,
  uncompressed (4000 frames = 2.1 GB), at 30 Hz;
- ``/processing/ecephys/LFP/ElectricalSeriesLf``: 384 channels of int16 at 2500 Hz (IBL's LF band),
  uncompressed, chunked (2500, 64) (3600 s = 6.9 GB).

Both are written one buffer at a time from a shifted block of noise, so memory stays bounded.
Either part can be left out with 0.
"""
from __future__ import annotations

import argparse
from datetime import datetime, timezone

import numpy as np
from hdmf.data_utils import GenericDataChunkIterator
from pynwb import NWBHDF5IO, NWBFile
from pynwb.ecephys import LFP, ElectricalSeries
from pynwb.ophys import OpticalChannel, TwoPhotonSeries

FRAME = (512, 512)
FRAME_RATE = 30.0
LF_RATE = 2500
CHANNELS = 384


class _Noise(GenericDataChunkIterator):
    """``shape`` of ``dtype`` noise, each buffer a shifted window of one block along the first axis."""

    def __init__(self, shape, dtype, block_rows, chunk_shape, buffer_shape, seed):
        self._shape = shape
        self._dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        self._block_rows = block_rows
        self._block = rng.integers(0, 4000, (block_rows + 64, *shape[1:])).astype(self._dtype)
        super().__init__(chunk_shape=chunk_shape, buffer_shape=buffer_shape, display_progress=False)

    def _get_data(self, selection):
        rows = selection[0]
        start = rows.start or 0
        stop = rows.stop if rows.stop is not None else self._shape[0]
        offset = (start // self._block_rows * 7) % 64
        rows_taken = (offset + start + np.arange(stop - start)) % len(self._block)
        return self._block[(rows_taken, *selection[1:])]

    def _get_maxshape(self):
        return self._shape

    def _get_dtype(self):
        return self._dtype


def write(path: str, frames: int, lfp_seconds: int, seed: int) -> None:
    nwb = NWBFile("viewer benchmark", "bench-views", datetime(2024, 1, 1, tzinfo=timezone.utc))
    if frames > 0:
        device = nwb.create_device("two-photon microscope")
        plane = nwb.create_imaging_plane(
            name="ImagingPlane", optical_channel=OpticalChannel(name="green", description="GCaMP", emission_lambda=510.0),
            description="a 512 x 512 plane", device=device, excitation_lambda=920.0, imaging_rate=FRAME_RATE,
            indicator="GCaMP6s", location="VISp",
        )
        nwb.add_acquisition(TwoPhotonSeries(
            name="TwoPhotonSeries", imaging_plane=plane, rate=FRAME_RATE, unit="n.a.",
            data=_Noise((frames, *FRAME), np.uint16, 30, (1, *FRAME), (30, *FRAME), seed),
        ))
    if lfp_seconds > 0:
        device = nwb.create_device("Neuropixels 1.0")
        group = nwb.create_electrode_group("probe00", "a probe", "VISp", device)
        for ch in range(CHANNELS):
            nwb.add_electrode(group=group, location="VISp", x=0.0, y=20.0 * (ch // 2), z=0.0)
        region = nwb.create_electrode_table_region(list(range(CHANNELS)), "all channels")
        ecephys = nwb.create_processing_module("ecephys", "LFP")
        ecephys.add(LFP(name="LFP", electrical_series=ElectricalSeries(
            name="ElectricalSeriesLf", electrodes=region, starting_time=0.0, rate=float(LF_RATE),
            conversion=2.34375e-06,
            data=_Noise((lfp_seconds * LF_RATE, CHANNELS), np.int16, LF_RATE, (LF_RATE, 64), (LF_RATE * 10, CHANNELS), seed),
        )))
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--frames", type=int, default=4000)
    parser.add_argument("--lfp-seconds", type=int, default=3600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(args.out, args.frames, args.lfp_seconds, args.seed)

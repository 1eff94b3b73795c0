"""Write, with pynwb, a small NWB file with the storage features the LINDI and Zarr readers must
carry over: chunked+gzip data with more than 1000 chunks (a LINDI external array link), a big
contiguous dataset (split by LINDI), NaN/Inf attributes, booleans, several integer widths, ragged
and region columns, references, a compound dataset of references (icephys), images, scalars, pixel masks (a compound without references)."""
from __future__ import annotations

import sys
import warnings
from datetime import datetime, timezone

import numpy as np
from hdmf.backends.hdf5 import H5DataIO
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.file import Subject
from pynwb.image import GrayscaleImage, Images
from pynwb.icephys import CurrentClampSeries
from pynwb.ophys import ImageSegmentation, OpticalChannel


def write(path: str) -> None:
    rng = np.random.default_rng(3)
    nwb = NWBFile(
        session_description="storage variety for the format oracles",
        identifier="variety-1",
        session_start_time=datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc),
        experimenter=["Ada", "Grace"],
        keywords=["lindi", "zarr"],
        subject=Subject(subject_id="m1", species="Mus musculus", sex="F", age="P90D"),
    )
    # 50 000 samples in chunks of 40: 1250 chunks, over LINDI's 1000-chunk external-link threshold.
    nwb.add_acquisition(TimeSeries(
        name="many_chunks", unit="V", rate=1000.0, resolution=np.nan,
        data=H5DataIO(rng.standard_normal(50_000).astype("float32"), chunks=(40,), compression="gzip"),
    ))
    # Contiguous, uncompressed, 2-D.
    nwb.add_acquisition(TimeSeries(
        name="contiguous", unit="a.u.", timestamps=np.arange(3000) / 100.0,
        data=rng.integers(-3000, 3000, (3000, 7)).astype("int16"), conversion=np.inf,
    ))
    nwb.add_acquisition(TimeSeries(
        name="shuffled", unit="m", rate=30.0, starting_time=12.5,
        data=H5DataIO(rng.integers(0, 2**31, 5000).astype("uint32"), chunks=(512,), compression="gzip",
                      shuffle=True),
    ))
    nwb.add_trial_column("correct", "whether the animal was right")
    nwb.add_trial_column("contrast", "signed contrast")
    nwb.add_trial_column("label", "a text column")
    for i in range(25):
        nwb.add_trial(start_time=i * 2.0, stop_time=i * 2.0 + 1.5, correct=bool(i % 3),
                      contrast=float(rng.choice([-1.0, 0.0, 0.25])), label=f"trial {i}")
    device = nwb.create_device("probe", description="a probe")
    group = nwb.create_electrode_group("shank", description="s", location="CA1", device=device)
    for i in range(6):
        nwb.add_electrode(location="CA1", group=group, x=float(i), y=0.0, z=-float(i))
    nwb.add_unit_column("quality", "sorter label")
    for u in range(8):
        times = np.sort(rng.uniform(0, 50, rng.integers(5, 60)))
        nwb.add_unit(spike_times=times, electrodes=[u % 6], quality="good" if u % 2 else "mua")
    images = Images(name="pictures", images=[
        GrayscaleImage(name="mean", data=rng.integers(0, 255, (16, 12)).astype("uint8")),
    ])
    ophys = nwb.create_processing_module("ophys", "images")
    ophys.add(images)
    # Pixel masks: a compound of plain fields (x, y uint32, weight float32), no references.
    plane = nwb.create_imaging_plane(
        name="plane", optical_channel=OpticalChannel(name="green", description="GCaMP", emission_lambda=510.0), description="V1",
        device=device, excitation_lambda=920.0, imaging_rate=30.0, indicator="GCaMP6f", location="VISp",
    )
    segmentation = ImageSegmentation()
    ophys.add(segmentation)
    rois = segmentation.create_plane_segmentation(description="rois", imaging_plane=plane)
    for r in range(3):
        rois.add_roi(pixel_mask=[(r, r + 1, 0.5), (r + 2, r, 1.0 / (r + 1))])
    # icephys: the intracellular recordings table stores a compound dataset with references.
    electrode = nwb.create_icephys_electrode(name="elec0", description="patch", device=device)
    series = CurrentClampSeries(name="ccs", data=rng.standard_normal(200), electrode=electrode,
                                gain=0.02, rate=10000.0, sweep_number=np.uint32(1))
    nwb.add_intracellular_recording(electrode=electrode, response=series)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with NWBHDF5IO(path, "w") as io:
            io.write(nwb)


if __name__ == "__main__":
    write(sys.argv[1])

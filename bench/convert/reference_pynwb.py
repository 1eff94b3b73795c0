"""Reference conversion with pynwb: the same arrays our converter writes, for the benchmark.

Reads the ALF files directly with numpy/pandas and writes trials, wheel, licks, units (ragged
spike times, amplitudes in µV and depths per unit, cluster metrics), pose, pupil and motion
energy with byte-shuffle + gzip level 4 and ~1 MiB chunks, as our writer does, and each camera's
frame times written once and linked from every series of that camera (as a competent pynwb user
would, and as ours does).
Usage: python reference_pynwb.py SESSION_DIR OUT.nwb
"""
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from hdmf.backends.hdf5.h5_utils import H5DataIO
from hdmf.common import VectorData, VectorIndex
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import SpatialSeries
from pynwb.epoch import TimeIntervals
from pynwb.misc import Units

CHUNK_BYTES = 1 << 20


def packed(array):
    """shuffle + gzip 4 with ~1 MiB chunks along the first axis (the writer's policy)."""
    array = np.ascontiguousarray(array)
    if array.nbytes < 1 << 16:
        return array
    row = array.itemsize * int(np.prod(array.shape[1:], dtype=np.int64))
    rows = max(1, min(array.shape[0], CHUNK_BYTES // row))
    return H5DataIO(array, compression="gzip", compression_opts=4, shuffle=True, chunks=(rows, *array.shape[1:]))


class Clock:
    """A camera's frame times: written with the first series, linked (pynwb: timestamps=<series>) after."""

    def __init__(self, times):
        self.timestamps = packed(times)

    def tick(self, series):
        self.timestamps = series if isinstance(self.timestamps, (np.ndarray, H5DataIO)) else self.timestamps
        return series


def intervals_table(name, data):
    columns = [VectorData(name=k, description=k, data=packed(np.asarray(v))) for k, v in data.items()]
    rows = len(columns[0].data)
    return TimeIntervals(name=name, description=name, columns=columns, id=list(range(rows)))


def add_trials(nwb, alf):
    table = pd.read_parquet(alf / "_ibl_trials.table.pqt")
    data = {"start_time": table["intervals_0"], "stop_time": table["intervals_1"]}
    data.update({c: table[c] for c in table.columns if not c.startswith("intervals")})
    nwb.trials = intervals_table("trials", data)


def add_behaviour(nwb, alf):
    wheel = nwb.create_processing_module("wheel", "wheel")
    wheel.add(TimeSeries(name="WheelPosition", data=packed(np.load(alf / "_ibl_wheel.position.npy")),
                         timestamps=packed(np.load(alf / "_ibl_wheel.timestamps.npy")), unit="rad"))
    moves = np.load(alf / "_ibl_wheelMoves.intervals.npy")
    peak = np.load(alf / "_ibl_wheelMoves.peakAmplitude.npy")
    wheel.add(intervals_table("WheelMovementIntervals",
                              {"start_time": moves[:, 0], "stop_time": moves[:, 1], "peak_amplitude": peak}))
    licks = nwb.create_processing_module("lick_times", "licks")
    times = np.load(alf / "licks.times.npy")
    licks.add(TimeSeries(name="lick_times", data=np.ones_like(times), timestamps=packed(times), unit="n.a."))

    pose = nwb.create_processing_module("pose_estimation", "pose")
    pupil = nwb.create_processing_module("pupil", "pupil")
    energy = nwb.create_processing_module("motion_energy", "motion energy")
    for camera in ("left", "right", "body"):
        times_path = alf / f"_ibl_{camera}Camera.times.npy"
        if not times_path.exists():
            continue
        clock = Clock(np.load(times_path))
        for kind in ("lightningPose", "dlc"):
            path = alf / f"_ibl_{camera}Camera.{kind}.pqt"
            if path.exists():
                table = pd.read_parquet(path)
                parts = sorted({c.rsplit("_", 1)[0] for c in table.columns if c.endswith("_x")})
                for part in parts:
                    xy = table[[f"{part}_x", f"{part}_y"]].to_numpy()
                    pose.add(clock.tick(SpatialSeries(name=f"{camera}_{part}", data=packed(xy),
                                                      timestamps=clock.timestamps, reference_frame="image",
                                                      unit="px")))
                break
        features = alf / f"_ibl_{camera}Camera.features.pqt"
        if features.exists():
            table = pd.read_parquet(features)
            for column in table.columns:
                pupil.add(clock.tick(TimeSeries(name=f"{camera}_{column}", data=packed(table[column].to_numpy()),
                                                timestamps=clock.timestamps, unit="px")))
        me = alf / f"{camera}Camera.ROIMotionEnergy.npy"
        if me.exists():
            energy.add(clock.tick(TimeSeries(name=f"{camera}CameraMotionEnergy", data=packed(np.load(me)),
                                             timestamps=clock.timestamps, unit="a.u.")))


def add_units(nwb, alf):
    columns = {"spike_times": [], "spike_amplitudes_uV": [], "spike_depths_um": []}
    ends, ids, metrics = [], [], []
    offset = 0
    for probe_dir in sorted(p for p in alf.glob("probe*/*") if (p / "spikes.times.npy").exists()):
        clusters = np.load(probe_dir / "spikes.clusters.npy")
        order = np.argsort(clusters, kind="stable")
        counts = np.bincount(clusters)
        table = pd.read_parquet(probe_dir / "clusters.metrics.pqt")
        columns["spike_times"].append(np.load(probe_dir / "spikes.times.npy")[order])
        columns["spike_amplitudes_uV"].append(np.load(probe_dir / "spikes.amps.npy")[order] * 1e6)
        columns["spike_depths_um"].append(np.load(probe_dir / "spikes.depths.npy")[order])
        n_units = len(table)
        counts = np.pad(counts, (0, max(0, n_units - len(counts))))[:n_units]
        ends.append(offset + np.cumsum(counts))
        offset += int(counts.sum())
        ids.append(np.arange(n_units) + sum(len(m) for m in metrics))
        metrics.append(table)
    index = np.concatenate(ends).astype(np.uint64)
    data = []
    for name, parts in columns.items():
        column = VectorData(name=name, description=name, data=packed(np.concatenate(parts)))
        data += [column, VectorIndex(name=f"{name}_index", data=index, target=column)]
    table = pd.concat(metrics, ignore_index=True)
    for name in table.columns:
        values = table[name].to_numpy()
        if values.dtype.kind in "fiu":
            data.append(VectorData(name=name, description=name, data=values))
    units = Units(name="units", columns=data, description="units", id=np.concatenate(ids).tolist())
    nwb.units = units


def main(session: Path, out: Path) -> None:
    alf = session / "alf"
    nwb = NWBFile(session_description="reference", identifier=str(uuid.uuid4()),
                  session_start_time=datetime(2022, 1, 5, tzinfo=timezone.utc))
    add_trials(nwb, alf)
    add_behaviour(nwb, alf)
    add_units(nwb, alf)
    with NWBHDF5IO(str(out), "w") as io:
        io.write(nwb)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

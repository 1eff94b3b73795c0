"""Write a units table of ~26 M spikes for the driftmap benchmark (pynwb, not a test).

``python bench/viewer/make_driftmap_nwb.py OUT.nwb [--spikes 26e6] [--units-per-probe 350] [--seconds 4500]``

Two Neuropixels probes; per unit a Poisson train (log-normal rates scaled so the total is
``--spikes``), a depth along the probe that drifts slowly (± 15 µm over the session) with
10 µm of jitter per spike, and log-normal amplitudes. The columns are laid out as ibl2nwb writes
them: one ``/units`` table, spikes grouped by unit, probe after probe, with the ragged per-spike
columns ``spike_amplitudes_uV`` and ``spike_distances_from_probe_tip_um``, float64 in chunks of
32768 rows (256 KiB, ``spikeColumnChunks``), gzip 4 + shuffle, a ``probe_name`` column, and an
electrodes table with ``rel_x``/``rel_y``.
"""
from __future__ import annotations

import argparse
from datetime import datetime, timezone

import numpy as np
from hdmf.backends.hdf5 import H5DataIO
from hdmf.common import VectorData, VectorIndex
from pynwb import NWBHDF5IO, NWBFile
from pynwb.misc import Units

CHUNK_ROWS = 32768


def column(name: str, description: str, values: np.ndarray) -> VectorData:
    data = H5DataIO(values, chunks=(min(CHUNK_ROWS, len(values)),), compression="gzip",
                    compression_opts=4, shuffle=True)
    return VectorData(name=name, description=description, data=data)


def trains(rng, units: int, seconds: float, spikes: float):
    rates = rng.lognormal(np.log(6.0), 0.9, units)
    rates *= spikes / (rates.sum() * seconds)
    counts = rng.poisson(rates * seconds)
    depth = rng.uniform(0, 3840, units)
    amp = rng.lognormal(np.log(90.0), 0.5, units)
    for u in range(units):
        t = np.sort(rng.uniform(0, seconds, counts[u]))
        d = depth[u] + 15 * np.sin(2 * np.pi * t / seconds) + rng.normal(0, 10, counts[u])
        a = amp[u] * rng.lognormal(0, 0.25, counts[u])
        yield t, d, a


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--spikes", type=float, default=26e6)
    parser.add_argument("--units-per-probe", type=int, default=350)
    parser.add_argument("--seconds", type=float, default=4500.0)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    nwb = NWBFile("driftmap benchmark", "driftmap-bench", datetime(2026, 12, 7, tzinfo=timezone.utc))
    device = nwb.create_device("NeuropixelsProbe")
    nwb.add_electrode_column("rel_x", "x on the probe (µm)")
    nwb.add_electrode_column("rel_y", "y on the probe (µm)")
    times, depths, amps, ends, probes = [], [], [], [], []
    total = 0
    for p, name in enumerate(["probe00", "probe01"]):
        group = nwb.create_electrode_group(name, "Neuropixels 1.0", "brain", device)
        for c in range(384):
            nwb.add_electrode(group=group, location="brain", rel_x=float([43, 11, 59, 27][c % 4]),
                              rel_y=float(20 * (c // 2)))
        for t, d, a in trains(rng, args.units_per_probe, args.seconds, args.spikes / 2):
            times.append(t)
            depths.append(d)
            amps.append(a)
            total += len(t)
            ends.append(total)
            probes.append(name)
    cols = []
    for name, desc, parts in [("spike_times", "spike times (s)", times),
                              ("spike_amplitudes_uV", "Amplitude of each spike, in microvolts.", amps),
                              ("spike_distances_from_probe_tip_um",
                               "Depth of each spike along the probe, from the tip, in micrometres.", depths)]:
        data = column(name, desc, np.concatenate(parts))
        cols += [data, VectorIndex(name=f"{name}_index", data=np.array(ends, dtype=np.uint32), target=data)]
    cols.append(VectorData(name="probe_name", description="Name of the probe.", data=probes))
    nwb.units = Units(name="units", columns=cols, description="driftmap benchmark units")
    with NWBHDF5IO(args.out, "w") as io:
        io.write(nwb)
    print(f"{args.out}: {total} spikes, {len(ends)} units")


if __name__ == "__main__":
    main()

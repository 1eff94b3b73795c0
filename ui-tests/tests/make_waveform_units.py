"""A small pynwb file whose units' waveform_mean spans every electrode of the probe (the
AllenSDK layout), with waveform_sd: the waveform view places every channel on the probe.

``python make_waveform_units.py OUT.nwb`` prints JSON facts for the UI test: per unit the peak
channel (largest peak-to-peak) and how many contacts lie within 100 µm of it.
"""
import json
import sys
from datetime import datetime, timezone

import numpy as np
from pynwb import NWBHDF5IO, NWBFile

CHANNELS, SAMPLES = 24, 40
x = np.array([43, 11, 59, 27] * (CHANNELS // 4), float)
y = 20.0 * (np.arange(CHANNELS) // 2)
nwb = NWBFile("waveform units", "waveform-units", datetime(2026, 12, 7, tzinfo=timezone.utc))
device = nwb.create_device("NeuropixelsProbe")
group = nwb.create_electrode_group("probe00", "Neuropixels 1.0", "brain", device)
nwb.add_electrode_column("rel_x", "x on the probe (µm)")
nwb.add_electrode_column("rel_y", "y on the probe (µm)")
for c in range(CHANNELS):
    nwb.add_electrode(group=group, location="brain", rel_x=x[c], rel_y=y[c])
t = np.arange(SAMPLES) / 30000.0
facts = []
for u, peak in enumerate([5, 14, 20]):
    distance = np.hypot(x - x[peak], y - y[peak])
    shape = -np.exp(-((t - 0.0006) ** 2) / (2 * 0.0001 ** 2)) + 0.3 * np.exp(-((t - 0.0009) ** 2) / (2 * 0.0002 ** 2))
    mean = (80e-6 * shape[:, None] * np.exp(-distance / 40)[None, :]).astype(np.float32)
    nwb.add_unit(spike_times=np.sort(np.random.default_rng(u).uniform(0, 100, 50)), electrodes=list(range(CHANNELS)),
                 electrode_group=group, waveform_mean=mean, waveform_sd=np.abs(mean) * 0.2 + 2e-6)
    facts.append({"peak": peak, "near": int((distance <= 100).sum())})
with NWBHDF5IO(sys.argv[1], "w") as io:
    io.write(nwb)
print(json.dumps(facts))

"""Probe insertion trajectories from the metadata document (Alyx `trajectories`) are written as ndx-ibl
IblProbeInsertionTrajectoryTable per probe under /general/ibl_probe_insertion_trajectories; pynwb reads
them back (extension loaded from the file's cached namespace) equal to the document, unknown values as NaN,
each row pointing at its probe's Device; the validator and the inspector have nothing to say."""
import json
import subprocess

import h5py
import numpy as np
from nwb_checks import assert_nwb_ok
from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

TRAJECTORIES = {
    "probe00": [
        {"provenance": "Planned", "x": -2243.0, "y": -2000.0, "z": -250.0, "depth": 4000.0,
         "theta": 15.0, "phi": 180.0, "roll": 0.0},
        {"provenance": "Ephys aligned histology track", "x": -2261.5, "y": -1985.2, "z": -310.9,
         "depth": 3874.1, "theta": 14.2, "phi": 177.9, "roll": None},
    ],
    "probe01": [
        {"provenance": "Micro-manipulator", "x": 1012.0, "y": -3200.5, "z": -112.0, "depth": 3500.0,
         "theta": 10.0, "phi": 0.0, "roll": 0.0},
    ],
}


def test_trajectories_round_trip(node, repo, tmp_path):
    cache = repo / "demo" / "one-cache"
    eid = str(ONE(mode="local", cache_dir=cache).search()[0])
    meta = tmp_path / "meta.json"
    assert subprocess.run([node, find_cli(), "metadata", eid, "--cache", str(cache), "-o", str(meta)],
                          capture_output=True).returncode == 0
    document = json.loads(meta.read_text())
    for probe in document["Probes"]:
        probe["trajectories"] = TRAJECTORIES[probe["name"]]
    meta.write_text(json.dumps(document))
    out = tmp_path / "out.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out),
                             "--metadata", str(meta), "--modalities", "spike_sorting"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr

    pids = {p["name"]: p["pid"] for p in document["Probes"]}
    with NWBHDF5IO(str(out), "r", load_namespaces=True) as io:
        nwb = io.read()
        container = nwb.get_lab_meta_data("ibl_probe_insertion_trajectories")
        assert set(container.fields.get("ibl_probe_insertion_trajectory_tables", {}) or
                   [t.name for t in container.children]) == {"Probe00", "Probe01"}
        for table in container.children:
            label = table.name.lower()
            expected = TRAJECTORIES[label]
            frame = table.to_dataframe()
            assert list(frame["trajectory_source"]) == [t["provenance"] for t in expected]
            assert list(frame["pid"]) == [pids[label]] * len(expected)
            for column, key in [("ml", "x"), ("ap", "y"), ("dv", "z"), ("depth_um", "depth"),
                                ("theta", "theta"), ("phi", "phi"), ("roll", "roll")]:
                want = np.array([np.nan if t[key] is None else t[key] for t in expected])
                np.testing.assert_array_equal(frame[column].to_numpy(dtype=float), want)
            assert all(device.name == table.name for device in frame["device"])
            assert all(device is nwb.devices[table.name] for device in frame["device"])
    with h5py.File(out, "r") as f:
        table = f["general/ibl_probe_insertion_trajectories/Probe00"]
        assert table.attrs["neurodata_type"] == "IblProbeInsertionTrajectoryTable"
        assert table.attrs["namespace"] == "ndx-ibl"
    assert_nwb_ok(out)

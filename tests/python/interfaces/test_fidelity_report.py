"""The fidelity report says per array what it was compared with, and says it truly: every `copied`
array equals its source file read with numpy / pandas; derived trials columns and pose data are
`derived-independent`; the rest of the transforms are `derived-unchecked`, never "identical";
shape and dtype are those of the stored dataset."""
from __future__ import annotations

import re

import h5py
import numpy as np
import pandas as pd

KINDS = {"copied", "derived-independent", "derived-unchecked"}
INDEPENDENT_TRIALS = {"gabor_stimulus_contrast", "gabor_stimulus_side", "mouse_wheel_choice",
                      "is_mouse_rewarded", "block_type", "block_index"}
# One source file (npy, optionally a column, or a table column): the forms a copy names.
SIMPLE_SOURCE = re.compile(r"^(?P<path>[\w./-]+\.(?:npy|pqt|csv))(?:#(?P<column>\w+)|\[:,(?P<index>\d)\])?$")


def arrays(report):
    return [a for i in report["interfaces"] for a in i["arrays"]]


def source_values(session, source: str) -> np.ndarray | None:
    match = SIMPLE_SOURCE.match(source)
    if not match:
        return None
    path = session.folder / match["path"]
    if path.suffix == ".npy":
        values = np.load(path)
        return values[:, int(match["index"])] if match["index"] is not None else values
    table = pd.read_parquet(path) if path.suffix == ".pqt" else pd.read_csv(path)
    return table[match["column"]].to_numpy() if match["column"] else None


def test_every_array_has_a_kind_shape_and_dtype(converted):
    _, path, report = converted
    checks = arrays(report)
    assert checks
    with h5py.File(path, "r") as f:
        for a in checks:
            assert a["kind"] in KINDS, a
            assert a["against"], a
            ds = f[a["target"]]
            assert a["shape"] == list(ds.shape), a["target"]
            stored = "string" if ds.dtype.kind in "OSU" else ds.dtype.name
            assert a["dtype"] == stored, a["target"]
            assert a["expectedShape"] == list(ds.shape), a["target"]
            assert (a["kind"] == "copied") == ("transform" not in a), a["target"]


def test_copied_arrays_equal_their_source_file(converted):
    session, path, report = converted
    compared = 0
    with h5py.File(path, "r") as f:
        for a in arrays(report):
            if a["kind"] != "copied":
                continue
            expected = source_values(session, a["source"])
            if expected is None:
                continue  # several files or probes: their values are checked in test_interfaces_values
            stored = f[a["target"]][:]
            np.testing.assert_array_equal(stored, expected, err_msg=a["target"])
            assert stored.dtype == expected.dtype or expected.dtype.kind in "iu", a["target"]
            compared += 1
    assert compared >= 20, compared


def test_derived_columns_say_what_they_were_checked_against(converted):
    _, _, report = converted
    by_target = {a["target"]: a for a in arrays(report)}
    for name in INDEPENDENT_TRIALS:
        check = by_target[f"/intervals/trials/{name}"]
        assert check["kind"] == "derived-independent", name
        assert check["against"].startswith("independent recomputation: "), name
    pose = [a for t, a in by_target.items() if t.startswith("/processing/pose_estimation/") and t.endswith("/data")]
    assert pose and all(a["kind"] == "derived-independent" for a in pose)
    passive = [a for t, a in by_target.items()
               if t.startswith(("/processing/passive_protocol/passive_task_replay/",
                                "/processing/passive_protocol/gabor_table/"))]
    assert len(passive) == 8 and all(a["kind"] == "derived-independent" for a in passive)
    smoothed = by_target["/processing/wheel/WheelVelocitySmoothed/data"]
    assert smoothed["kind"] == "derived-unchecked"
    assert smoothed["against"] == "the converter's own transform output (not independently checked)"
    amplitudes = by_target["/units/spike_amplitudes_uV"]
    assert amplitudes["kind"] == "derived-unchecked"

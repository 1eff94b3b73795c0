"""The spike views (trial-aligned raster + PSTH, session raster, unit properties) against numpy.

`dump_spikes.ts` reads a file through h5wasm with the viewer's own code; here h5py reads the
same datasets and numpy aligns, bins, groups and averages independently (np.histogram,
std with ddof=1). Files: a pynwb session written by `make_session_nwb` (600 trials, 220
units, one unit above the bisection threshold) and real sample files from other writers.
"""
from __future__ import annotations

import json
import math
import subprocess

import h5py
import numpy as np
import pytest

from make_session_nwb import write_session
from viewer_oracles import HERE, REPO

SAMPLES = REPO.parent / "shared" / "nwb-samples"
PRE, POST, BIN = -0.5, 1.0, 0.025


def bridge(path, **request) -> dict:
    tsx = REPO / "node_modules" / ".bin" / "tsx"
    out = subprocess.run(
        [str(tsx), str(HERE / "dump_spikes.ts"), str(path), json.dumps(request)],
        cwd=REPO, capture_output=True, text=True, timeout=180, check=True,
    )
    return json.loads(out.stdout, parse_constant=float)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    path = tmp_path_factory.mktemp("viewer") / "session.nwb"
    write_session(str(path), trials=600, units=220, seed=11)
    # (unit 0 fires at 33 Hz: its window is bisected; the others are read whole)
    return path


def train(f: h5py.File, u: int) -> np.ndarray:
    index = f["units/spike_times_index"][:]
    start = 0 if u == 0 else int(index[u - 1])
    return np.sort(f["units/spike_times"][start:int(index[u])])


def label_matches(label: str, value) -> bool:
    value = float(value)
    return math.isnan(value) if label == "NaN" else float(label) == value


def check_psth(f: h5py.File, result: dict, align: str, *group_by: str) -> None:
    events = f[f"intervals/trials/{align}"][:]
    columns = [f[f"intervals/trials/{name}"][:] for name in group_by]
    edges = np.linspace(PRE, POST, round((POST - PRE) / BIN) + 1)
    np.testing.assert_allclose(result["edges"], edges, atol=1e-12)
    for entry in result["psth"]:
        spikes = train(f, entry["unit"])
        rates = []
        for t, e in enumerate(events):
            rel = spikes - e
            rel = rel[(rel >= PRE) & (rel < POST)] if np.isfinite(e) else np.array([])
            np.testing.assert_allclose(entry["aligned"][t], rel, atol=1e-12)
            rates.append(np.histogram(rel, edges)[0] / np.diff(edges))
        rates = np.array(rates)
        seen = []
        for group in entry["groups"]:
            parts = group["label"].split(" · ")
            assert len(parts) == len(columns)
            expected = [t for t in range(len(events))
                        if np.isfinite(events[t])
                        and all(label_matches(p, c[t]) for p, c in zip(parts, columns))]
            assert group["trials"] == expected, group["label"]
            seen += expected
            block = rates[expected]
            np.testing.assert_allclose(group["mean"], block.mean(axis=0), rtol=1e-9, atol=1e-9)
            sem = block.std(axis=0, ddof=1) / np.sqrt(len(block)) if len(block) > 1 else np.zeros(len(edges) - 1)
            np.testing.assert_allclose(group["sem"], sem, rtol=1e-9, atol=1e-9)
        assert sorted(seen) == [t for t in range(len(events)) if np.isfinite(events[t])]


def test_generated_session_psth_raster_and_properties(session):
    units, align, group_by, t0, t1 = [0, 3, 7, 219], "feedback_time", "signed_contrast", 300.0, 310.0
    result = bridge(session, units=units, align=align, groupBy=group_by, pre=PRE, post=POST, bin=BIN, t0=t0, t1=t1)
    with h5py.File(session, "r") as f:
        trials = f["intervals/trials"]
        assert result["tables"] == ["/intervals/trials"]
        expected_align = [c for c in trials if c.endswith(("_time", "_times"))]  # NWB and ALF names
        assert sorted(result["alignColumns"]) == sorted(expected_align)
        assert "signed_contrast" in result["groupColumns"] and "choice" in result["groupColumns"]
        # feedback_time has NaN trials: they must drop out of every group.
        assert np.isnan(trials["feedback_time"][:]).any()
        check_psth(f, result, align, group_by)

        index = f["units/spike_times_index"][:]
        np.testing.assert_array_equal(result["counts"], np.diff(np.concatenate([[0], index])))
        # Unit 0 is long enough that the window is bisected in the file, not read whole.
        assert result["counts"][0] > 8192 and result["counts"][3] < 8192
        for u, shown in zip(units, result["window"], strict=True):
            spikes = train(f, u)
            np.testing.assert_array_equal(shown, spikes[(spikes >= t0) & (spikes < t1)])

        props = {p["name"]: p["values"] for p in result["properties"]}
        np.testing.assert_allclose(props["firing_rate"], f["units/firing_rate"][:])
        electrodes = f["units/electrodes"][:]
        location = [v.decode() for v in f["general/extracellular_ephys/electrodes/location"][:]]
        assert props["electrodes.location"] == [location[e] for e in electrodes]


def test_group_by_a_block_column_and_align_to_stimulus(session):
    result = bridge(session, units=[1, 2], align="stimOn_time", groupBy="probabilityLeft",
                    pre=PRE, post=POST, bin=BIN, t0=0.0, t1=5.0)
    with h5py.File(session, "r") as f:
        check_psth(f, result, "stimOn_time", "probabilityLeft")
        assert [g["label"] for g in result["psth"][0]["groups"]] == ["0.2", "0.8"]


def test_group_by_two_columns(session):
    result = bridge(session, units=[3], align="stimOn_time", groupBy="choice", thenBy="feedbackType",
                    pre=PRE, post=POST, bin=BIN, t0=0.0, t1=5.0)
    with h5py.File(session, "r") as f:
        check_psth(f, result, "stimOn_time", "choice", "feedbackType")
    assert [g["label"] for g in result["psth"][0]["groups"]] == ["-1 · -1", "-1 · 1", "1 · -1", "1 · 1"]


def test_units_from_another_writer_without_trials():
    path = SAMPLES / "neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb"
    result = bridge(path, units=[0, 4, 9], align="start_time", groupBy="", pre=PRE, post=POST, bin=BIN,
                    t0=0.0, t1=20.0)
    assert result["psth"] == [] and result["tables"] == []
    with h5py.File(path, "r") as f:
        for u, shown in zip([0, 4, 9], result["window"], strict=True):
            spikes = train(f, u)
            np.testing.assert_array_equal(shown, spikes[(spikes >= 0) & (spikes < 20)])


def test_region_reference_index_is_refused_with_a_reason():
    path = SAMPLES / "matnwb/ecephys_tutorial.nwb"
    result = bridge(path, units=[0], align="start_time", groupBy="", pre=PRE, post=POST, bin=BIN, t0=0, t1=1)
    with h5py.File(path, "r") as f:
        assert f["units/spike_times_index"].dtype.kind not in "iu"
    assert "not row offsets" in result["reason"]

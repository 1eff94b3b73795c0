"""The collection's TypeScript (sessions table, region table, pooled PSTH), run in Node over a
generated collection of 20 converted sessions, against pynwb and an independent numpy PSTH."""
from __future__ import annotations

import math
from collections import Counter
from datetime import datetime

import numpy as np
import pytest
from pynwb import NWBHDF5IO

from collection_oracle import dump_collection
from psth_oracle import pooled

ALIGN = "gabor_stimulus_onset_time"


def _files(collection_dir):
    return sorted(collection_dir.glob("sub-*/*.nwb"))


def _busiest_region(files, level):
    """The region with the most units across the collection, by pynwb (not by our index)."""
    counts = Counter()
    for path in files:
        with NWBHDF5IO(str(path), "r") as io:
            counts.update(io.read().units[f"{level}_location"][:])
    return counts.most_common(1)[0][0], counts


def _label_key(label: str):
    try:
        return float(label) if label != "NaN" else "nan"
    except ValueError:
        return label


def _close(ours, theirs):
    ours = np.asarray(ours, dtype=float)
    return np.allclose(ours, theirs, rtol=1e-9, atol=1e-9 * max(1.0, float(np.abs(theirs).max(initial=0))))


def test_sessions_table_matches_pynwb(collection_dir):
    files = _files(collection_dir)
    assert len(files) >= 20
    dump = dump_collection({"level": "allen", "region": "none", "align": ALIGN, "pre": -0.1, "post": 0.1,
                            "bin": 0.1}, files)
    assert [s["path"] for s in dump["summaries"]] == [str(f) for f in files]
    for path, summary in zip(files, dump["summaries"]):
        with NWBHDF5IO(str(path), "r") as io:
            nwb = io.read()
            assert summary["sessionId"] == nwb.session_id
            assert summary["subject"] == nwb.subject.subject_id
            assert datetime.fromisoformat(summary["start"]) == nwb.session_start_time
            assert summary["lab"] == nwb.lab
            assert summary["probes"] == sorted(nwb.electrode_groups)
            assert summary["units"] == len(nwb.units)
            assert summary["trials"] == len(nwb.trials)
            units = nwb.units.to_dataframe(index=True)
            for level in ("allen", "beryl", "cosmos"):
                assert summary["unitRegions"][level] == list(units[f"{level}_location"])
            assert np.allclose(summary["firingRates"], units["firing_rate"], rtol=0, atol=0)
            columns = [c for c in nwb.trials.colnames]
            assert set(summary["trialEvents"]) == {c for c in columns + ["start_time", "stop_time"]
                                                   if c.endswith("_time")}
            assert "gabor_stimulus_contrast" in summary["trialColumns"]


@pytest.mark.parametrize("level, group_by", [("beryl", "gabor_stimulus_contrast"),
                                             ("cosmos", "mouse_wheel_choice")])
def test_pooled_psth_of_a_region_matches_numpy(collection_dir, level, group_by):
    files = _files(collection_dir)
    region, counts = _busiest_region(files, level)
    request = {"level": level, "region": region, "align": ALIGN, "groupBy": group_by,
               "pre": -0.2, "post": 0.5, "bin": 0.025}
    dump = dump_collection(request, files)
    # Region table: units per region as pynwb counts them.
    assert {r["region"]: r["units"] for r in dump["regions"]} == dict(counts)
    edges = np.asarray(dump["edges"])
    assert np.allclose(edges, np.linspace(-0.2, 0.5, 29), rtol=0, atol=1e-12)
    expected = pooled(files, level, region, ALIGN, group_by, edges)
    ours = {_label_key(g["label"]): g for g in dump["pooled"]}
    assert set(ours) == set(expected)
    assert len(expected) >= 2
    sessions = {u["path"] for u in dump["units"]}
    assert len(sessions) >= 10, "the region should pool units of many sessions"
    for key, (mean, sem, n) in expected.items():
        group = ours[key]
        assert group["n"] == n, key
        assert _close(group["mean"], mean), (key, group["mean"], mean)
        assert _close(group["sem"], sem), (key, group["sem"], sem)
    # Not a vacuous comparison: there are spikes in the window.
    assert any(np.max(m) > 0 for m, _, _ in expected.values())
    assert not any(math.isnan(v) for g in dump["pooled"] for v in g["mean"])

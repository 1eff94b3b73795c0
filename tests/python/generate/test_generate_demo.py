"""The bundled demo cache loads in ONE and is exactly what the generator makes today."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from one.api import ONE

from generate_cli import REPO, run_generator

DEMO = REPO / "demo" / "one-cache"


def test_demo_loads_in_one():
    one = ONE(mode="local", cache_dir=DEMO)
    eids = one.search()
    assert len(eids) == 2
    sessions = pd.read_parquet(DEMO / "sessions.pqt")
    assert sessions["lab"].nunique() == 2 and sessions["subject"].nunique() == 2
    for eid in eids:
        trials = one.load_object(eid, "trials", collection="alf", check_hash=False)
        assert len(trials["stimOn_times"]) == len(trials["intervals"]) > 5
        spikes = one.load_object(eid, "spikes", collection="alf/probe00/pykilosort", check_hash=False)
        assert len(spikes["times"]) > 1000


def test_demo_is_up_to_date(tmp_path: Path, shared):
    run_generator(tmp_path, sessions=2, seed=2026, fixtures=shared / "fixtures")
    stale = "is stale: regenerate it as demo/README.md says"
    assert (tmp_path / "sessions.pqt").read_bytes() == (DEMO / "sessions.pqt").read_bytes(), f"sessions.pqt {stale}"
    fresh = pd.read_parquet(tmp_path / "datasets.pqt")
    demo = pd.read_parquet(DEMO / "datasets.pqt")
    # deflate output may differ between zlib builds: compressed raw files are compared by name only
    compressed = fresh["rel_path"].str.endswith((".cbin", ".ch"))
    assert list(fresh.index) == list(demo.index), f"datasets.pqt {stale}"
    pd.testing.assert_frame_equal(fresh[~compressed], demo[~compressed], obj=f"datasets.pqt {stale}")

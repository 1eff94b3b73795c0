"""Bad input and cancellation end with a clear message naming the dataset, and no .nwb file;
a missing optional dataset skips only its interface."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interfaces_oracle import convert, copy_session, leftovers

SPIKES = "alf/probe01/pykilosort"


@pytest.fixture
def broken(session, tmp_path):
    """A private copy of the generated session to damage, and an output folder."""
    out = tmp_path / "out"
    out.mkdir()
    return copy_session(session, tmp_path / "cache"), out


def assert_failed_cleanly(result, out, *needles):
    assert result.returncode == 1
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert leftovers(out) == []


def test_truncated_npy_names_the_file(broken):
    copy, out = broken
    path = copy.alf(f"{SPIKES}/spikes.times.npy")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "spikes.times.npy", "truncated")


def test_spikes_length_mismatch_names_both_datasets(broken):
    copy, out = broken
    path = copy.alf(f"{SPIKES}/spikes.clusters.npy")
    np.save(path, np.load(path)[:-3])
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "spikes.times.npy", "spikes.clusters.npy", "lengths differ")


def test_nan_in_a_required_time_names_the_dataset(broken):
    copy, out = broken
    path = copy.alf("alf/_ibl_wheel.timestamps.npy")
    times = np.load(path)
    times[5] = np.nan
    np.save(path, times)
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "_ibl_wheel.timestamps.npy", "row 5 is NaN")


def test_nan_trial_start_names_the_trials_table(broken):
    copy, out = broken
    path = copy.alf("alf/_ibl_trials.table.pqt")
    table = pd.read_parquet(path)
    table.loc[2, "intervals_0"] = np.nan
    table.to_parquet(path)
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "_ibl_trials.table.pqt#intervals_0", "row 2 is NaN")


def test_cancel_leaves_no_file(session, tmp_path):
    result = convert(session, tmp_path / "s.nwb", "--cancel-on", "spike_sorting")
    assert_failed_cleanly(result, tmp_path, "cancelled")


def test_missing_optional_dataset_skips_only_its_interface(broken):
    copy, out = broken
    table = pd.read_parquet(copy.cache / "datasets.pqt")
    table[~table["rel_path"].str.endswith("licks.times.npy")].to_parquet(copy.cache / "datasets.pqt")
    copy.alf("alf/licks.times.npy").unlink()
    result = convert(copy, out / "s.nwb")
    assert result.returncode == 0, result.stderr
    status = {i["name"]: i for i in result.report["interfaces"]}
    assert status["licks"]["status"] == "skipped"
    assert "licks.times.npy" in status["licks"]["reason"]
    assert all(status[n]["status"] == "written" for n in ["trials", "wheel", "spike_sorting"])
    assert leftovers(out) == ["s.nwb"]

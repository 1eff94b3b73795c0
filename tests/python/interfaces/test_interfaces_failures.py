"""Bad input and cancellation end with a clear message naming the dataset, and no .nwb file;
a missing optional dataset skips only its interface."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pynwb
import pytest

from cache_records import republish
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
    republish(copy.cache, path)  # the parser's own truncation check, not the cache's size check
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "spikes.times.npy", "truncated")


def test_spikes_length_mismatch_names_both_datasets(broken):
    copy, out = broken
    path = copy.alf(f"{SPIKES}/spikes.clusters.npy")
    np.save(path, np.load(path)[:-3])
    republish(copy.cache, path)
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "spikes.times.npy", "spikes.clusters.npy", "lengths differ")


def test_nan_in_a_required_time_names_the_dataset(broken):
    copy, out = broken
    path = copy.alf("alf/_ibl_wheel.timestamps.npy")
    times = np.load(path)
    times[5] = np.nan
    np.save(path, times)
    republish(copy.cache, path)
    result = convert(copy, out / "s.nwb")
    assert_failed_cleanly(result, out, "_ibl_wheel.timestamps.npy", "row 5 is NaN")


def test_nan_trial_start_names_the_trials_table(broken):
    copy, out = broken
    path = copy.alf("alf/_ibl_trials.table.pqt")
    table = pd.read_parquet(path)
    table.loc[2, "intervals_0"] = np.nan
    table.to_parquet(path)
    republish(copy.cache, path)
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


def test_latest_revision_is_read_and_recorded(broken):
    copy, out = broken
    revised = copy.alf("alf/#2025-05-06#/licks.times.npy")
    revised.parent.mkdir()
    original = np.load(copy.alf("alf/licks.times.npy"))
    np.save(revised, original[:-10])
    table = pd.read_parquet(copy.cache / "datasets.pqt")
    row = table[table["rel_path"] == "alf/licks.times.npy"].copy()
    row["rel_path"] = "alf/#2025-05-06#/licks.times.npy"
    row.index = pd.MultiIndex.from_tuples([(i[0], i[1][:-4] + "beef") for i in row.index], names=table.index.names)
    pd.concat([table, row]).to_parquet(copy.cache / "datasets.pqt")
    republish(copy.cache, revised)
    result = convert(copy, out / "s.nwb", "--modalities", "licks")
    assert result.returncode == 0, result.stderr
    with pynwb.NWBHDF5IO(str(out / "s.nwb"), "r") as io:
        nwb = io.read()
        np.testing.assert_array_equal(nwb.processing["lick_times"]["EventsLickTimes"].timestamps[:], original[:-10])
        assert nwb.lab_meta_data["ibl_metadata"].revision == "2025-05-06"
        # Per modality too: only licks read a revised dataset.
        assert json.loads(nwb.lab_meta_data["ibl_metadata"].revisions) == {"licks": "2025-05-06"}
    [check] = [i for i in result.report["interfaces"] if i["name"] == "licks"][0]["arrays"]
    assert check["source"] == "alf/#2025-05-06#/licks.times.npy"


def test_existing_output_is_kept_unless_overwrite(session, tmp_path):
    out = tmp_path / "s.nwb"
    first = convert(session, out, "--modalities", "licks")
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    again = convert(session, out, "--modalities", "trials")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert out.read_bytes() == before
    replaced = convert(session, out, "--modalities", "trials", "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert nwb.trials is not None and "lick_times" not in nwb.processing
    assert leftovers(tmp_path) == ["s.nwb"]

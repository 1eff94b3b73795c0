"""#19.2: times that go backwards (spikes, wheel, licks, camera frames) fail naming the dataset
and the first offending row; spikes are sorted only with sortSpikes (--sort-spikes), which keeps
every spike with its cluster, amplitude and depth and says so in the report."""
from __future__ import annotations

import numpy as np
import pynwb
import pytest

from interfaces_oracle import convert, copy_session, leftovers
from quirks_oracle import assert_file_is_clean, interface, notes, save_npy

SPIKES = "alf/probe00/pykilosort/spikes.times.npy"


def first_descending_row(values: np.ndarray) -> int:
    return int(np.flatnonzero(np.diff(values) < 0)[0]) + 1


def unsort_spikes(copy) -> np.ndarray:
    """Reverse a run of spikes that spans several clusters (as a bad merge of two files would)."""
    times = np.load(copy.alf(SPIKES))
    times[200:260] = times[200:260][::-1].copy()
    save_npy(copy, SPIKES, times)
    return times


@pytest.fixture
def cache(session, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    return copy_session(session, tmp_path / "cache"), out


@pytest.mark.parametrize(
    "rel, what",
    [
        ("alf/_ibl_wheel.timestamps.npy", "wheel timestamps"),
        ("alf/licks.times.npy", "lick times"),
        ("alf/_ibl_leftCamera.times.npy", "frame times"),
    ],
)
def test_backward_timestamps_fail_with_the_row(cache, rel, what):
    copy, out = cache
    times = np.load(copy.alf(rel))
    times[[10, 11]] = times[[11, 10]]
    save_npy(copy, rel, times)
    result = convert(copy, out / "s.nwb")
    assert result.returncode == 1
    row = first_descending_row(times)
    assert row == 11
    for needle in [rel, what, f"row {row} ", "ascending"]:
        assert needle in result.stderr, result.stderr
    assert leftovers(out) == []


def test_equal_neighbouring_timestamps_are_accepted(cache):
    """NWB allows equal timestamps; an encoder read twice in one tick is not damage."""
    copy, out = cache
    rel = "alf/_ibl_wheel.timestamps.npy"
    times = np.load(copy.alf(rel))
    times[11] = times[10]
    save_npy(copy, rel, times)
    result = convert(copy, out / "s.nwb", "--modalities", "wheel")
    assert result.returncode == 0, result.stderr
    assert_file_is_clean(out / "s.nwb")


def test_unsorted_spikes_fail_with_the_row(cache):
    copy, out = cache
    times = unsort_spikes(copy)
    result = convert(copy, out / "s.nwb")
    assert result.returncode == 1
    row = first_descending_row(times)
    for needle in [SPIKES, f"row {row} ", "ascending", "--sort-spikes"]:
        assert needle in result.stderr, result.stderr
    assert leftovers(out) == []


def test_sort_spikes_sorts_every_spike_with_its_attributes(cache):
    copy, out = cache
    unsort_spikes(copy)
    result = convert(copy, out / "s.nwb", "--sort-spikes")
    assert result.returncode == 0, result.stderr
    sorted_notes = [n for n in notes(result.report) if n["step"] == "spike_sorting"]
    assert len(sorted_notes) == 1 and SPIKES in sorted_notes[0]["message"], notes(result.report)
    assert all(a["equal"] for a in interface(result.report, "spike_sorting")["arrays"])

    # Oracle: numpy's stable sort of the ALF arrays, then each cluster's spikes.
    folder = copy.alf("alf/probe00/pykilosort")
    times = np.load(folder / "spikes.times.npy")
    order = np.argsort(times, kind="stable")
    clusters = np.load(folder / "spikes.clusters.npy")[order]
    amps = np.load(folder / "spikes.amps.npy")[order] * 1e6
    depths = np.load(folder / "spikes.depths.npy")[order]
    times = times[order]
    with pynwb.NWBHDF5IO(str(out / "s.nwb"), "r") as io:
        units = io.read().units.to_dataframe()
    mine = units[units["probe_name"] == "Probe00"]
    assert list(mine["cluster_id"]) == sorted(np.unique(clusters))
    for _, unit in mine.iterrows():
        of = clusters == int(unit["cluster_id"])
        np.testing.assert_array_equal(unit["spike_times"], times[of])
        np.testing.assert_array_equal(unit["spike_amplitudes_uV"], amps[of])
        np.testing.assert_array_equal(unit["spike_distances_from_probe_tip_um"], depths[of])
        assert np.all(np.diff(unit["spike_times"]) >= 0)
    assert_file_is_clean(out / "s.nwb")


def test_sort_spikes_changes_nothing_on_sorted_spikes(session, tmp_path):
    result = convert(session, tmp_path / "s.nwb", "--sort-spikes", "--modalities", "spike_sorting")
    assert result.returncode == 0, result.stderr
    assert notes(result.report) == []

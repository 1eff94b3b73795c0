"""Each unit's `electrodes` are the channels of its mean waveform, in order: NWB places
`waveform_mean[u, :, k]` on the unit's k-th electrode, and IBL says which probe channel each
waveform channel is in `clusters.waveformsChannels`. Checked with pynwb against numpy reads of
the ALF files; without waveformsChannels no waveform_mean is written (its channels could not be
placed); a channel outside the probe fails naming the file."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb
import pytest

from cache_records import republish
from interfaces_oracle import convert, copy_session, leftovers

PROBES = ["probe00", "probe01"]


def alf(session, probe: str, name: str) -> np.ndarray:
    return np.load(session.alf(f"alf/{probe}/pykilosort/{name}"))


def unit_rows(nwb, probe: str):
    """(first electrodes row of the probe, the probe's units as a dataframe)."""
    electrodes = nwb.electrodes.to_dataframe()
    first = int(np.flatnonzero(electrodes["probe_name"] == probe.capitalize())[0])
    units = nwb.units.to_dataframe()
    return first, units[units["probe_name"] == probe.capitalize()]


def test_unit_electrodes_are_the_waveform_channels(converted):
    session, path, _ = converted
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        assert nwb.units["waveform_mean"].data.ndim == 3
        assert "waveform_mean[:, :, k]" in nwb.units["electrodes"].target.description
        geometry = nwb.electrodes.to_dataframe()[["rel_x", "rel_y"]].to_numpy()
        checked = 0
        for probe in PROBES:
            waveforms = alf(session, probe, "clusters.waveforms.npy")
            channels = alf(session, probe, "clusters.waveformsChannels.npy")
            peaks = alf(session, probe, "clusters.channels.npy")
            local = alf(session, probe, "channels.localCoordinates.npy")
            first, units = unit_rows(nwb, probe)
            assert len(units) > 0
            for _, unit in units.iterrows():
                cid = int(unit["cluster_id"])
                rows = list(unit["electrodes"].index)
                assert rows == list(first + channels[cid]), (probe, cid)
                # The electrode rows are those contacts on the probe's geometry.
                np.testing.assert_array_equal(geometry[rows], local[channels[cid]])
                np.testing.assert_array_equal(unit["waveform_mean"], waveforms[cid])
                assert unit["waveform_mean"].shape[-1] == len(rows)
                # The peak channel is IBL's clusters.channels, whatever the electrodes' order.
                assert unit["max_electrode"] == first + int(peaks[cid])
                checked += 1
        assert checked == len(nwb.units)


def test_fidelity_report_checks_the_unit_electrodes_independently(converted):
    _, _, report = converted
    checks = {a["target"]: a for i in report["interfaces"] for a in i["arrays"]}
    check = checks["/units/electrodes"]
    assert check["kind"] == "derived-independent" and check["equal"], check
    assert "clusters.waveformsChannels.npy" in check["source"]


@pytest.fixture
def broken(session, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    return copy_session(session, tmp_path / "cache"), out


def test_without_waveforms_channels_no_waveform_mean_and_electrodes_near_the_peak(broken):
    copy, out = broken
    gone = "alf/probe01/pykilosort/clusters.waveformsChannels.npy"
    table = pd.read_parquet(copy.cache / "datasets.pqt")
    table[~table["rel_path"].str.endswith(gone)].to_parquet(copy.cache / "datasets.pqt")
    copy.alf(gone).unlink()
    result = convert(copy, out / "s.nwb", "--modalities", "spike_sorting")
    assert result.returncode == 0, result.stderr
    notes = [n["message"] for n in result.report.get("notes", []) if n["step"] == "spike_sorting"]
    assert any("waveform_mean not written" in n and "clusters.waveformsChannels.npy" in n for n in notes), notes
    with pynwb.NWBHDF5IO(str(out / "s.nwb"), "r") as io:
        nwb = io.read()
        assert "waveform_mean" not in nwb.units.colnames
        assert "within 200 µm" in nwb.units["electrodes"].target.description
        for probe in PROBES:
            local = alf(copy, probe, "channels.localCoordinates.npy")
            peaks = alf(copy, probe, "clusters.channels.npy")
            first, units = unit_rows(nwb, probe)
            for _, unit in units.iterrows():
                peak = int(peaks[int(unit["cluster_id"])])
                near = np.flatnonzero(np.hypot(*(local - local[peak]).T) <= 200)
                assert set(unit["electrodes"].index) == set(first + near)


@pytest.mark.parametrize("value", [-1, 10_000])
def test_a_waveform_channel_outside_the_probe_names_the_file(broken, value):
    copy, out = broken
    path = copy.alf("alf/probe01/pykilosort/clusters.waveformsChannels.npy")
    channels = np.load(path)
    channels[3, -1] = value
    np.save(path, channels)
    republish(copy.cache, path)
    result = convert(copy, out / "s.nwb", "--modalities", "spike_sorting")
    assert result.returncode == 1
    assert "clusters.waveformsChannels.npy" in result.stderr, result.stderr
    assert f"cluster 3 lists channel {value}" in result.stderr, result.stderr
    assert leftovers(out) == []

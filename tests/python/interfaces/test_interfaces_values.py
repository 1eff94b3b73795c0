"""Every written array equals its source ALF array (read with numpy / pandas) or its documented transform."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb
import pytest

from interfaces_oracle import alf_trials, expected_trials, iblatlas_ccf_um, iblatlas_regions

PROBES = ["probe00", "probe01"]


@pytest.fixture(scope="module")
def nwb(converted):
    _, path, _ = converted
    io = pynwb.NWBHDF5IO(str(path), "r")
    yield io.read()
    io.close()


def test_trials_columns_equal_alf(converted, nwb):
    session = converted[0]
    expected = expected_trials(alf_trials(session))
    df = nwb.trials.to_dataframe()
    for column, values in expected.items():
        got = df[column].to_numpy()
        if values.dtype.kind in "OUb":
            np.testing.assert_array_equal(got.astype(values.dtype), values, err_msg=column)
        else:
            np.testing.assert_array_equal(got.astype(float), values.astype(float), err_msg=column)


def test_wheel_equals_alf(converted, nwb):
    session = converted[0]
    wheel = nwb.processing["wheel"]
    position = wheel["WheelPosition"]
    np.testing.assert_array_equal(position.data[:], np.load(session.alf("alf/_ibl_wheel.position.npy")))
    np.testing.assert_array_equal(position.timestamps[:], np.load(session.alf("alf/_ibl_wheel.timestamps.npy")))
    assert position.unit == "radians"
    moves = wheel["WheelMovementIntervals"].to_dataframe()
    intervals = np.load(session.alf("alf/_ibl_wheelMoves.intervals.npy"))
    np.testing.assert_array_equal(moves[["start_time", "stop_time"]].to_numpy(), intervals)
    np.testing.assert_array_equal(moves["peak_amplitude"], np.load(session.alf("alf/_ibl_wheelMoves.peakAmplitude.npy")))


def test_licks_equal_alf(converted, nwb):
    session = converted[0]
    events = nwb.processing["lick_times"]["EventsLickTimes"]
    np.testing.assert_array_equal(events.timestamps[:], np.load(session.alf("alf/licks.times.npy")))


def probe_alf(session, probe: str) -> dict:
    folder = session.alf(f"alf/{probe}/pykilosort")
    load = lambda name: np.load(folder / name)  # noqa: E731
    return {
        "times": load("spikes.times.npy"), "clusters": load("spikes.clusters.npy"),
        "amps": load("spikes.amps.npy"), "depths": load("spikes.depths.npy"),
        "channels": load("clusters.channels.npy"), "cdepths": load("clusters.depths.npy"),
        "p2t": load("clusters.peakToTrough.npy"), "waveforms": load("clusters.waveforms.npy"),
        "waveform_channels": load("clusters.waveformsChannels.npy"),
        "metrics": pd.read_parquet(folder / "clusters.metrics.pqt").set_index("cluster_id"),
        "uuids": pd.read_csv(folder / "clusters.uuids.csv")["uuids"].to_numpy(),
        "atlas_ids": load("channels.brainLocationIds_ccf_2017.npy"),
        "local": load("channels.localCoordinates.npy"), "mlapdv": load("channels.mlapdv.npy"),
        "rawInd": load("channels.rawInd.npy"),
    }


def test_units_equal_alf_per_cluster(converted, nwb):
    session = converted[0]
    units = nwb.units.to_dataframe()
    region = iblatlas_regions()
    electrodes = nwb.electrodes.to_dataframe()
    for probe in PROBES:
        a = probe_alf(session, probe)
        mine = units[units["probe_name"] == probe.capitalize()]
        assert list(mine["cluster_id"]) == sorted(np.unique(a["clusters"]))
        first_row = int(np.flatnonzero(electrodes["probe_name"] == probe.capitalize())[0])
        for _, unit in mine.iterrows():
            cid = int(unit["cluster_id"])
            spikes = a["clusters"] == cid
            np.testing.assert_array_equal(unit["spike_times"], a["times"][spikes])
            np.testing.assert_array_equal(unit["spike_amplitudes_uV"], a["amps"][spikes] * 1e6)
            np.testing.assert_array_equal(unit["spike_distances_from_probe_tip_um"], a["depths"][spikes])
            m = a["metrics"].loc[cid]
            assert unit["firing_rate"] == m["firing_rate"]
            assert unit["kilosort2_label"] == m["ks2_label"]
            assert unit["ibl_quality_score"] == m["label"]
            assert unit["cumulative_drift_um_per_hour"] == m["drift"]
            assert unit["median_spike_amplitude_uV"] == m["amp_median"] * 1e6
            assert unit["spike_count"] == (-1 if np.isnan(m["spike_count"]) else m["spike_count"])
            assert unit["cluster_uuid"] == a["uuids"][cid]
            assert unit["distance_from_probe_tip_um"] == a["cdepths"][cid]
            assert unit["peak_to_trough_duration_ms"] == a["p2t"][cid]
            np.testing.assert_array_equal(unit["waveform_mean"], a["waveforms"][cid])
            channel = int(a["channels"][cid])
            assert unit["max_electrode"] == first_row + channel
            acronym, beryl, cosmos = region(a["atlas_ids"][channel])
            assert (unit["allen_location"], unit["beryl_location"], unit["cosmos_location"]) == (acronym, beryl, cosmos)
            # The electrodes are the waveform's channels, in order (test_unit_waveform_electrodes.py).
            assert list(unit["electrodes"].index) == list(first_row + a["waveform_channels"][cid])


def test_electrodes_one_row_per_contact_with_histology(converted, nwb):
    session = converted[0]
    electrodes = nwb.electrodes.to_dataframe()
    region = iblatlas_regions()
    for probe in PROBES:
        a = probe_alf(session, probe)
        rows = electrodes[electrodes["probe_name"] == probe.capitalize()]
        assert len(rows) == len(a["rawInd"])
        np.testing.assert_array_equal(rows["rel_x"], a["local"][:, 0])
        np.testing.assert_array_equal(rows["rel_y"], a["local"][:, 1])
        np.testing.assert_array_equal(rows[["ibl_x", "ibl_y", "ibl_z"]].to_numpy(), a["mlapdv"])
        # Allen CCF (x = AP, y = DV, z = ML, µm) as iblatlas converts IBL's bregma-relative mlapdv
        ccf = iblatlas_ccf_um(a["mlapdv"])
        np.testing.assert_allclose(rows[["x", "y", "z"]].to_numpy(), ccf, rtol=0, atol=1e-6)
        names = [region(i) for i in a["atlas_ids"]]
        assert list(rows["allen_location"]) == [n[0] for n in names]
        assert list(rows["location"]) == ["root" if n[0] == "void" else n[0] for n in names]
        assert list(rows["beryl_location"]) == [n[1] for n in names]
        assert list(rows["cosmos_location"]) == [n[2] for n in names]
        assert list(rows["channel_name"]) == [f"AP{i},LF{i}" for i in a["rawInd"]]


def test_wheel_smoothed_traces_match_brainbox_recipe(converted, nwb):
    """brainbox.behavior.wheel (ibllib 4.1.0) as written there, with numpy / scipy: interpolate_position
    (np.arange grid at 1 kHz, the last sample dropped if past the last timestamp, linear interpolation),
    then velocity_filtered (8th-order 20 Hz Butterworth as sos, sosfiltfilt, first difference × fs with a
    leading 0; acceleration likewise from the velocity). ibllib itself is not a test dependency: its
    requirements would pin much of the environment."""
    from scipy.signal import butter, sosfiltfilt

    session = converted[0]
    ts = np.load(session.alf("alf/_ibl_wheel.timestamps.npy"))
    pos = np.load(session.alf("alf/_ibl_wheel.position.npy"))
    t = np.arange(ts[0], ts[-1], 1 / 1000)
    if t[-1] > ts[-1]:
        t = t[:-1]
    interpolated = np.interp(t, ts, pos)
    sos = butter(8, 20 / 1000 * 2, "lowpass", output="sos")
    velocity = np.insert(np.diff(sosfiltfilt(sos, interpolated)), 0, 0) * 1000
    acceleration = np.insert(np.diff(velocity), 0, 0) * 1000
    wheel = nwb.processing["wheel"]
    for name, expected, unit in [
        ("WheelPositionSmoothed", interpolated, "radians"),
        ("WheelVelocitySmoothed", velocity, "radians/s"),
        ("WheelAccelerationSmoothed", acceleration, "radians/s^2"),
    ]:
        series = wheel[name]
        assert series.rate == 1000 and series.starting_time == ts[0] and series.unit == unit
        np.testing.assert_allclose(series.data[:], expected, rtol=1e-9, atol=1e-9 * np.abs(expected).max(), err_msg=name)

"""The converted file reads cleanly with pynwb, passes nwbinspector and has the DANDI 000409 layout."""
from __future__ import annotations

import warnings

import pynwb
from nwbinspector import Importance, inspect_nwbfile

from interfaces_oracle import TRIALS_COLUMNS


def test_pynwb_reads_without_warnings_and_validates(converted):
    _, path, _ = converted
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pynwb.NWBHDF5IO(str(path), "r") as io:
            nwb = io.read()
            assert len(nwb.trials) > 0 and len(nwb.units) > 0
    assert pynwb.validate(path=str(path)) == []


def test_nwbinspector_has_nothing_serious(converted):
    _, path, _ = converted
    serious = [
        m for m in inspect_nwbfile(nwbfile_path=str(path))
        if m.importance.value >= Importance.BEST_PRACTICE_VIOLATION.value
    ]
    assert serious == [], "\n".join(f"{m.importance.name} {m.check_function_name} {m.location}: {m.message}" for m in serious)


def test_object_paths_and_columns_follow_dandi_000409(converted):
    _, path, _ = converted
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        assert list(nwb.trials.colnames) == TRIALS_COLUMNS
        wheel = nwb.processing["wheel"]
        assert type(wheel["WheelPosition"]).__name__ == "SpatialSeries"
        assert {"WheelPositionSmoothed", "WheelVelocitySmoothed", "WheelAccelerationSmoothed"} <= set(wheel.data_interfaces)
        assert set(wheel["WheelMovementIntervals"].colnames) == {"start_time", "stop_time", "peak_amplitude"}
        assert type(nwb.processing["lick_times"]["EventsLickTimes"]).__name__ == "Events"
        units = set(nwb.units.colnames)
        for column in [
            "spike_times", "spike_amplitudes_uV", "spike_distances_from_probe_tip_um", "probe_name",
            "cluster_uuid", "spike_count", "firing_rate", "distance_from_probe_tip_um", "max_electrode",
            "electrodes", "ibl_quality_score", "kilosort2_label", "sliding_rp_violation", "isi_violations_ratio",
            "rp_violation", "noise_cutoff", "missed_spikes_estimate", "presence_ratio", "presence_ratio_std",
            "cumulative_drift_um_per_hour", "median_spike_amplitude_uV", "min_spike_amplitude_uV",
            "max_spike_amplitude_uV", "spike_amplitude_std_dB", "peak_to_trough_duration_ms", "waveform_mean",
            # kept although the release drops them
            "cluster_id", "allen_location", "beryl_location", "cosmos_location",
        ]:
            assert column in units, column
        electrodes = set(nwb.electrodes.colnames)
        for column in ["location", "group", "group_name", "channel_name", "rel_x", "rel_y", "probe_name", "x", "y", "z",
                       "beryl_location", "cosmos_location"]:
            assert column in electrodes, column
        assert set(nwb.devices) >= {"Probe00", "Probe01"}
        assert set(nwb.electrode_groups) == {"Probe00", "Probe01"}
        pose = nwb.processing["pose_estimation"]
        assert {"LeftCamera", "Skeletons"} <= set(pose.data_interfaces)
        assert type(pose["LeftCamera"]).__name__ == "PoseEstimation"
        assert set(nwb.processing["pupil"].data_interfaces) == {
            "LeftPupilDiameter", "LeftPupilDiameterSmoothed", "RightPupilDiameter", "RightPupilDiameterSmoothed"}
        assert set(nwb.processing["motion_energy"].data_interfaces) == {
            "LeftCameraMotionEnergy", "RightCameraMotionEnergy", "BodyCameraMotionEnergy"}
        assert set(nwb.processing["passive_protocol"].data_interfaces) == {
            "passive_intervals", "passive_task_replay", "gabor_table"}
        assert list(nwb.epochs.colnames) == ["start_time", "stop_time", "protocol_type", "epoch_description"]


def test_report_checks_every_written_array(converted):
    _, _, report = converted
    assert report["status"] == "done"
    written = {i["name"]: i for i in report["interfaces"]}
    for name in ["trials", "wheel", "licks", "spike_sorting", "pose", "pupil", "motion_energy", "passive"]:
        assert written[name]["status"] == "written", written[name]
        assert written[name]["arrays"], name
    bad = [a for i in report["interfaces"] for a in i["arrays"] if not a["equal"]]
    assert bad == []
    targets = {a["target"] for i in report["interfaces"] for a in i["arrays"]}
    assert {"/units/spike_times", "/intervals/trials/start_time", "/processing/wheel/WheelPosition/data"} <= targets


def test_spike_columns_are_chunked_for_remote_windows(converted):
    """Per-spike columns in 256 KiB chunks (32768 float64), not 1 MiB: a viewer reads a chunk whole
    to draw one spike of it, so a raster window over ~100 units costs ~100 smaller chunks; 64 KiB
    would read less but costs ~2.4 s of CPU per 26 M-spike conversion (bench/viewer/README.md,
    "Chunks of the spike columns")."""
    import h5py

    _, path, _ = converted
    with h5py.File(path, "r") as f:
        for name in ["spike_times", "spike_amplitudes_uV", "spike_distances_from_probe_tip_um"]:
            column = f[f"units/{name}"]
            assert column.chunks == (min(32768, len(column)),), (name, column.chunks, len(column))

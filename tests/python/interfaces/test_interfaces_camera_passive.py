"""Pose, pupil, motion energy and the passive protocol equal their ALF sources (numpy / pandas)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb
import pytest

KEYPOINTS = {
    "nose_tip": "NoseTip", "paw_l": "LeftPaw", "paw_r": "RightPaw", "tongue_end_l": "LeftTongueEnd",
    "tongue_end_r": "RightTongueEnd", "pupil_top_r": "RightPupilTop", "pupil_bottom_r": "RightPupilBottom",
    "pupil_left_r": "RightPupilLeft", "pupil_right_r": "RightPupilRight", "tube_top": "TubeTop",
    "tube_bottom": "TubeBottom", "tail_start": "TailStart",
}


@pytest.fixture(scope="module")
def nwb(converted):
    io = pynwb.NWBHDF5IO(str(converted[1]), "r")
    yield io.read()
    io.close()


def pose_table(session, view):
    for tracker, software in [("lightningPose", "Lightning Pose"), ("dlc", "DeepLabCut")]:
        path = session.alf(f"alf/_ibl_{view}Camera.{tracker}.pqt")
        if path.exists():
            return pd.read_parquet(path), software
    return None, None


def test_pose_series_equal_alf(converted, nwb):
    session = converted[0]
    module = nwb.processing["pose_estimation"]
    written = 0
    for view in ["left", "right", "body"]:
        table, software = pose_table(session, view)
        name = f"{view.capitalize()}Camera"
        if table is None:
            assert name not in module.data_interfaces
            continue
        pose = module[name]
        assert pose.source_software == software
        times = np.load(session.alf(f"alf/_ibl_{view}Camera.times.npy"))[: len(table)]
        keypoints = [c[:-2] for c in table.columns if c.endswith("_x")]
        assert set(pose.pose_estimation_series) == {f"PoseEstimationSeries{KEYPOINTS[k]}" for k in keypoints}
        for k in keypoints:
            series = pose.pose_estimation_series[f"PoseEstimationSeries{KEYPOINTS[k]}"]
            np.testing.assert_array_equal(series.data[:], table[[f"{k}_x", f"{k}_y"]].to_numpy())
            np.testing.assert_array_equal(series.confidence[:], table[f"{k}_likelihood"].to_numpy())
            np.testing.assert_array_equal(series.timestamps[:], times)
            written += 1
        assert list(module["Skeletons"].skeletons[name].nodes) == [KEYPOINTS[k] for k in keypoints]
    assert written > 0


def test_pupil_equals_features(converted, nwb):
    session = converted[0]
    module = nwb.processing["pupil"]
    for view in ["left", "right"]:
        features = pd.read_parquet(session.alf(f"alf/_ibl_{view}Camera.features.pqt"))
        times = np.load(session.alf(f"alf/_ibl_{view}Camera.times.npy"))[: len(features)]
        raw = module[f"{view.capitalize()}PupilDiameter"]
        smooth = module[f"{view.capitalize()}PupilDiameterSmoothed"]
        np.testing.assert_array_equal(raw.data[:], features["pupilDiameter_raw"])
        np.testing.assert_array_equal(smooth.data[:], features["pupilDiameter_smooth"])
        np.testing.assert_array_equal(raw.timestamps[:], times)
        np.testing.assert_array_equal(smooth.timestamps[:], times)
        assert raw.unit == "pixels"


def test_motion_energy_equals_alf(converted, nwb):
    session = converted[0]
    module = nwb.processing["motion_energy"]
    for view in ["left", "right", "body"]:
        energy = np.load(session.alf(f"alf/{view}Camera.ROIMotionEnergy.npy"))
        series = module[f"{view.capitalize()}CameraMotionEnergy"]
        np.testing.assert_array_equal(series.data[:], energy)
        np.testing.assert_array_equal(series.timestamps[:], np.load(session.alf(f"alf/_ibl_{view}Camera.times.npy"))[: len(energy)])
        w, h, x, y = np.load(session.alf(f"alf/{view}ROIMotionEnergy.position.npy"))
        assert f"width {w} px and height {h} px" in series.description


def test_passive_protocol_equals_alf(converted, nwb):
    session = converted[0]
    periods = pd.read_csv(session.alf("alf/_ibl_passivePeriods.intervalsTable.csv"), index_col=0)
    epochs = nwb.epochs.to_dataframe()
    passive = periods["passiveProtocol"]
    np.testing.assert_array_equal(epochs[["start_time", "stop_time"]].to_numpy(),
                                  [[0, passive["start"]], [passive["start"], passive["stop"]]])
    assert list(epochs["protocol_type"]) == ["task", "passive"]
    module = nwb.processing["passive_protocol"]
    intervals = module["passive_intervals"].to_dataframe()
    assert list(intervals["protocol_name"]) == ["spontaneousActivity", "taskReplay"]
    np.testing.assert_array_equal(intervals[["start_time", "stop_time"]].to_numpy(),
                                  periods[["spontaneousActivity", "taskReplay"]].T.to_numpy())
    stims = pd.read_csv(session.alf("alf/_ibl_passiveStims.table.csv"))
    events = pd.concat(
        pd.DataFrame({"start_time": stims[f"{t}On"], "stop_time": stims[f"{t}Off"], "stim_type": t})
        for t in ["valve", "tone", "noise"]
    ).dropna().sort_values("start_time", kind="stable").reset_index(drop=True)
    replay = module["passive_task_replay"].to_dataframe().reset_index(drop=True)
    pd.testing.assert_frame_equal(replay, events, check_dtype=False)
    # The generated table is in chronological order: every row is kept, as is (overlaps are
    # tested on a table made for them, test_gabor_rows_out_of_order_are_dropped).
    gabor = pd.read_csv(session.alf("alf/_ibl_passiveGabor.table.csv"))
    assert (gabor["start"].to_numpy()[1:] >= gabor["stop"].to_numpy()[:-1]).all()
    table = module["gabor_table"].to_dataframe()
    np.testing.assert_array_equal(table[["start_time", "stop_time", "position", "contrast", "phase"]].to_numpy(),
                                  gabor[["start", "stop", "position", "contrast", "phase"]].to_numpy())


# A Gabor table with known overlaps (IBL's passive Gabor timing corruption): (start, stop, position,
# contrast, phase), and whether the release keeps the row. Rule: a row that starts more than 1 ms
# before the stimulus shown before it has ended is out of chronological order and dropped.
GABOR_WITH_OVERLAPS = [
    (10.000, 10.300, 35, 0.0625, 0.0, True),
    (10.300, 10.600, -35, 1.0, 1.5, True),    # touches the one before: kept
    (10.5995, 10.900, 35, 0.25, 0.0, True),   # 0.5 ms early: within the 1 ms tolerance, kept
    (10.898, 11.200, -35, 0.125, 3.0, False),  # 2 ms before the previous ends: dropped
    (11.000, 11.100, 35, 1.0, 0.0, True),      # after the last kept one (10.9); a dropped row is no stimulus
    (12.000, 12.300, -35, 0.0625, 1.5, True),  # after everything: kept
    (12.100, 12.200, 35, 0.25, 3.0, False),    # entirely inside the one before: dropped
    (12.300, 12.600, 35, 1.0, 0.0, True),      # starts as the kept one ends: kept
]


def test_gabor_rows_out_of_order_are_dropped(converted, tmp_path):
    from interfaces_oracle import convert, copy_session, restamp_dataset

    session = copy_session(converted[0], tmp_path / "cache")
    rel = "alf/_ibl_passiveGabor.table.csv"
    rows = pd.DataFrame(GABOR_WITH_OVERLAPS, columns=["start", "stop", "position", "contrast", "phase", "kept"])
    rows.drop(columns="kept").to_csv(session.alf(rel), index=False)
    restamp_dataset(session, rel)
    out = tmp_path / "gabor.nwb"
    result = convert(session, out, "--modalities", "passive")
    assert result.returncode == 0, result.stderr
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        table = io.read().processing["passive_protocol"]["gabor_table"].to_dataframe()
    kept = rows[rows["kept"]]
    np.testing.assert_array_equal(table[["start_time", "stop_time", "position", "contrast", "phase"]].to_numpy(),
                                  kept[["start", "stop", "position", "contrast", "phase"]].to_numpy())


def test_pose_likelihood_threshold_hides_uncertain_points(converted, tmp_path):
    from interfaces_oracle import convert

    session = converted[0]
    result = convert(session, tmp_path / "s.nwb", "--modalities", "pose", "--pose-threshold", "0.9")
    assert result.returncode == 0, result.stderr
    table, _ = pose_table(session, "left")
    with pynwb.NWBHDF5IO(str(tmp_path / "s.nwb"), "r") as io:
        pose = io.read().processing["pose_estimation"]["LeftCamera"]
        hidden = 0
        for k in [c[:-2] for c in table.columns if c.endswith("_x")]:
            series = pose.pose_estimation_series[f"PoseEstimationSeries{KEYPOINTS[k]}"]
            expected = table[[f"{k}_x", f"{k}_y"]].to_numpy().copy()
            low = table[f"{k}_likelihood"].to_numpy() < 0.9
            expected[low] = np.nan
            hidden += low.sum()
            np.testing.assert_array_equal(series.data[:], expected)
            np.testing.assert_array_equal(series.confidence[:], table[f"{k}_likelihood"])
        assert hidden > 0

"""#19.1: per-frame camera tables a few rows longer than their frame times (as real sessions have)
convert with the first len(times) rows and a report note per camera and table; a table shorter
than its times, or far longer, is damage and fails naming both datasets."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb
import pytest

from interfaces_oracle import convert, copy_session, leftovers
from quirks_oracle import assert_file_is_clean, notes, save_npy, save_pqt, with_extra_rows

# Extra rows per table: a different count each, so each note is told apart.
EXTRA = {
    "alf/_ibl_leftCamera.features.pqt": 3,
    "alf/_ibl_rightCamera.features.pqt": 7,
    "alf/_ibl_leftCamera.lightningPose.pqt": 5,
    "alf/_ibl_bodyCamera.dlc.pqt": 1,
}
ME_EXTRA = {"alf/leftCamera.ROIMotionEnergy.npy": 2}


@pytest.fixture(scope="module")
def longer(session, tmp_path_factory):
    """The session with every camera table longer than its times, converted."""
    copy = copy_session(session, tmp_path_factory.mktemp("longer") / "cache")
    for rel, extra in EXTRA.items():
        save_pqt(copy, rel, with_extra_rows(pd.read_parquet(copy.alf(rel)), extra))
    for rel, extra in ME_EXTRA.items():
        values = np.load(copy.alf(rel))
        save_npy(copy, rel, np.concatenate([values, values[-extra:] + 0.5]))
    out = tmp_path_factory.mktemp("longer_out") / "s.nwb"
    result = convert(copy, out)
    assert result.returncode == 0, result.stderr
    return copy, out, result.report


def times_of(session, view):
    return np.load(session.alf(f"alf/_ibl_{view}Camera.times.npy"))


def test_each_longer_table_is_noted_with_its_dropped_rows(longer):
    _, _, report = longer
    messages = [n["message"] for n in notes(report)]
    for rel, extra in {**EXTRA, **ME_EXTRA}.items():
        mine = [m for m in messages if rel in m]
        assert len(mine) == 1, messages
        assert f"dropped the last {extra}" in mine[0]
    steps = {n["step"] for n in notes(report)}
    assert steps == {"pupil", "pose", "motion_energy"}


def test_kept_rows_equal_the_first_rows_of_the_source(longer):
    session, path, report = longer
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        for view in ["left", "right"]:
            times = times_of(session, view)
            table = pd.read_parquet(session.alf(f"alf/_ibl_{view}Camera.features.pqt"))
            series = nwb.processing["pupil"][f"{view.title()}PupilDiameter"]
            np.testing.assert_array_equal(series.timestamps[:], times)
            np.testing.assert_array_equal(series.data[:], table["pupilDiameter_raw"].to_numpy()[: len(times)])
            smooth = nwb.processing["pupil"][f"{view.title()}PupilDiameterSmoothed"]
            np.testing.assert_array_equal(smooth.data[:], table["pupilDiameter_smooth"].to_numpy()[: len(times)])
        pose = pd.read_parquet(session.alf("alf/_ibl_leftCamera.lightningPose.pqt"))
        nose = nwb.processing["pose_estimation"]["LeftCamera"].pose_estimation_series["PoseEstimationSeriesNoseTip"]
        n = len(times_of(session, "left"))
        np.testing.assert_array_equal(nose.data[:], pose[["nose_tip_x", "nose_tip_y"]].to_numpy()[:n])
        np.testing.assert_array_equal(nose.confidence[:], pose["nose_tip_likelihood"].to_numpy()[:n])
        energy = np.load(session.alf("alf/leftCamera.ROIMotionEnergy.npy"))
        me = nwb.processing["motion_energy"]["LeftCameraMotionEnergy"]
        np.testing.assert_array_equal(me.data[:], energy[:n])
        np.testing.assert_array_equal(me.timestamps[:], times_of(session, "left"))
    # The fidelity report checked the kept rows, and says they are a prefix of the source.
    pupil = next(i for i in report["interfaces"] if i["name"] == "pupil")
    assert all(a["equal"] for a in pupil["arrays"])
    sources = [a["source"] for a in pupil["arrays"] if "features" in a["source"]]
    assert any(f"[:{len(times_of(session, 'left'))}]" in s for s in sources), sources


def test_converted_file_is_clean(longer):
    assert_file_is_clean(longer[1])


@pytest.mark.parametrize(
    "rel, change, needles",
    [
        ("alf/_ibl_rightCamera.features.pqt", -1, ["fewer rows than frames"]),
        ("alf/_ibl_leftCamera.lightningPose.pqt", 101, ["101 extra rows"]),
    ],
)
def test_shorter_or_far_longer_table_is_damage(session, tmp_path, rel, change, needles):
    copy = copy_session(session, tmp_path / "cache")
    table = pd.read_parquet(copy.alf(rel))
    view = rel.split("_ibl_")[1].split("Camera")[0]
    times = times_of(copy, view)
    table = table.iloc[:change] if change < 0 else with_extra_rows(table, change)
    save_pqt(copy, rel, table)
    out = tmp_path / "out"
    out.mkdir()
    result = convert(copy, out / "s.nwb")
    assert result.returncode == 1
    for needle in [rel, f"_ibl_{view}Camera.times.npy", f"{len(table)} rows for {len(times)} frame times", *needles]:
        assert needle in result.stderr, result.stderr
    assert leftovers(out) == []

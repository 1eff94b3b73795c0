"""Issue #19.4 for camera data in a ONE cache: a pose, pupil or motion-energy table whose camera has no frame
times is an incomplete camera object. The run fails naming `_ibl_<view>Camera.times.npy` (no file left), unless
the cache's own records say the times do not exist (`exists` false): then that camera is left out with a note."""
from __future__ import annotations

import pandas as pd
import pynwb
import pytest

from interfaces_oracle import convert, copy_session, leftovers

TIMES = "alf/_ibl_leftCamera.times.npy"
TABLES = {"pose": "alf/_ibl_leftCamera.lightningPose.pqt", "pupil": "alf/_ibl_leftCamera.features.pqt",
          "motion_energy": "alf/leftCamera.ROIMotionEnergy.npy"}
MODULES = {"pose": "pose_estimation", "pupil": "pupil", "motion_energy": "motion_energy"}


@pytest.fixture
def copy(session, tmp_path):
    copied = copy_session(session, tmp_path / "cache")
    for table in TABLES.values():
        assert copied.alf(table).exists(), table
    return copied


def records(copy) -> pd.DataFrame:
    return pd.read_parquet(copy.cache / "datasets.pqt")


@pytest.mark.parametrize("modality", sorted(TABLES))
def test_times_neither_on_disk_nor_in_the_records_fail_naming_them(copy, tmp_path, modality):
    table = records(copy)
    table[table.rel_path != TIMES].to_parquet(copy.cache / "datasets.pqt")
    copy.alf(TIMES).unlink()
    out = tmp_path / "out"
    out.mkdir()
    result = convert(copy, out / "s.nwb", "--modalities", modality)
    assert result.returncode == 1, result.stderr
    assert TIMES in result.stderr and "incomplete" in result.stderr, result.stderr
    assert leftovers(out) == []


@pytest.mark.parametrize("modality", sorted(TABLES))
def test_times_the_records_say_do_not_exist_leave_that_camera_out_with_a_note(copy, tmp_path, modality):
    table = records(copy)
    table.loc[table.rel_path == TIMES, "exists"] = False
    table.to_parquet(copy.cache / "datasets.pqt")
    copy.alf(TIMES).unlink()
    out = tmp_path / "s.nwb"
    result = convert(copy, out, "--modalities", modality)
    assert result.returncode == 0, result.stderr
    notes = [n["message"] for n in result.report.get("notes", []) if n["step"] == modality]
    assert any(TABLES[modality] in n and TIMES in n for n in notes), result.report.get("notes")
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        names = set(io.read().processing[MODULES[modality]].data_interfaces)
    assert names - {"Skeletons"} and not any(n.startswith("Left") for n in names), names

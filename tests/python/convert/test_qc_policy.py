"""QC policy (#13): the release's gates as a choice recorded in the file. With the release policy, the
camera-derived data of a camera whose video QC is CRITICAL or FAIL are left out (with a report note), a
camera with no QC outcome is kept (noted), pose points below a likelihood of 0.9 are NaN, and
`/general/ibl_metadata@qc_policy` says which gates were applied. The expectations are written here from
the release's rule (exclude {CRITICAL, FAIL}; threshold 0.9), against the source files read with pandas."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
RELEASE = {"exclude_video_qc": ["CRITICAL", "FAIL"], "require_resolved_alignment": True,
           "pose_likelihood_threshold": 0.9}


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    out = tmp_path_factory.mktemp("qc") / "cache"
    proc = subprocess.run([str(TSX), "src/one/generate/main.ts", "--out", str(out), "--sessions", "1", "--seed", "11",
                           "--size", "tiny"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    row = pd.read_parquet(out / "sessions.pqt").reset_index().iloc[0]
    folder = out / row["lab"] / "Subjects" / row["subject"] / str(row["date"])[:10] / f"{int(row['number']):03d}"
    return out, str(row["id"]), folder


def _metadata(node, session, path: Path, video_qc: dict, policy: dict | None) -> Path:
    cache, eid, _ = session
    made = subprocess.run([node, find_cli(), "metadata", eid, "--cache", str(cache), "-o", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    document = json.loads(path.read_text())
    document["Ibl"]["extended_qc"].update(video_qc)
    if policy is not None:
        document["QcPolicy"] = policy
    path.write_text(json.dumps(document))
    return path


def _convert(node, session, out: Path, *args: str) -> subprocess.CompletedProcess:
    cache, eid, _ = session
    return subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out), *args],
                          capture_output=True, text=True, timeout=300)


def _objects(out: Path) -> set[str]:
    names: set[str] = set()
    with h5py.File(out, "r") as f:
        for module in ("pupil", "motion_energy", "pose_estimation"):
            if f"processing/{module}" in f:
                names.update(f"{module}/{name}" for name in f[f"processing/{module}"])
    return names


def test_release_policy_leaves_out_failed_cameras_and_records_itself(node, session, tmp_path):
    meta = _metadata(node, session, tmp_path / "meta.json", {"videoLeft": "FAIL", "videoRight": "PASS"}, RELEASE)
    out = tmp_path / "gated.nwb"
    result = _convert(node, session, out, "--metadata", str(meta))
    assert result.returncode == 0, result.stderr
    names = _objects(out)
    # Left camera (FAIL): nothing of it. Right (PASS) and body (no QC outcome: kept) stay.
    assert not [n for n in names if "Left" in n], names
    assert "motion_energy/RightCameraMotionEnergy" in names and "motion_energy/BodyCameraMotionEnergy" in names
    assert any(n.startswith("pupil/RightPupilDiameter") for n in names)
    assert "pose_estimation/BodyCamera" in names
    with h5py.File(out, "r") as f:
        assert json.loads(f["general/ibl_metadata"].attrs["qc_policy"]) == RELEASE
    notes = [n["message"] for n in json.loads((tmp_path / "gated.report.json").read_text())["notes"]]
    assert any("left camera (video QC FAIL) left out by the QC policy" in n for n in notes), notes
    assert any("body camera has no video QC outcome" in n for n in notes), notes
    # The file still reads and validates with the cached specs.
    with NWBHDF5IO(str(out), "r", load_namespaces=True) as io:
        io.read()


def test_release_pose_threshold_blanks_low_likelihood_points(node, session, tmp_path):
    _, _, folder = session
    meta = _metadata(node, session, tmp_path / "meta.json", {}, RELEASE)
    out = tmp_path / "pose.nwb"
    result = _convert(node, session, out, "--metadata", str(meta), "--modalities", "pose")
    assert result.returncode == 0, result.stderr
    table = pd.read_parquet(folder / "alf" / "_ibl_bodyCamera.dlc.pqt")
    times = np.load(folder / "alf" / "_ibl_bodyCamera.times.npy")
    table = table.iloc[: len(times)]
    parts = sorted({c[: -len("_likelihood")] for c in table.columns if c.endswith("_likelihood")})
    assert parts
    checked = 0
    with h5py.File(out, "r") as f:
        camera = f["processing/pose_estimation/BodyCamera"]
        for series in camera:
            if not isinstance(camera[series], h5py.Group) or "confidence" not in camera[series]:
                continue
            confidence = camera[series]["confidence"][:]
            xy = camera[series]["data"][:]
            part = next(p for p in parts if np.array_equal(table[f"{p}_likelihood"].to_numpy(), confidence))
            low = table[f"{part}_likelihood"].to_numpy() < 0.9
            assert low.any() and (~low).any(), "the generated likelihoods straddle 0.9"
            assert np.isnan(xy[low]).all()
            np.testing.assert_array_equal(xy[~low, 0], table[f"{part}_x"].to_numpy()[~low])
            checked += 1
    assert checked == len(parts)


def test_option_replaces_the_document_policy(node, session, tmp_path):
    meta = _metadata(node, session, tmp_path / "meta.json", {"videoLeft": "FAIL"}, RELEASE)
    out = tmp_path / "none.nwb"
    result = _convert(node, session, out, "--metadata", str(meta), "--qc-policy", "none")
    assert result.returncode == 0, result.stderr
    assert "pupil/LeftPupilDiameter" in _objects(out)
    with h5py.File(out, "r") as f:
        assert "qc_policy" not in f["general/ibl_metadata"].attrs if "general/ibl_metadata" in f else True


def test_every_camera_left_out_is_not_available_when_asked_by_name(node, session, tmp_path):
    meta = _metadata(node, session, tmp_path / "meta.json", {"videoLeft": "CRITICAL", "videoRight": "FAIL"},
                     None)
    out = tmp_path / "pupil.nwb"
    result = _convert(node, session, out, "--metadata", str(meta), "--qc-policy", "release",
                      "--modalities", "pupil")
    assert result.returncode == 3, result.stderr
    assert "QC policy excludes every camera" in result.stderr
    assert not out.exists()


def test_bad_policy_is_a_usage_error(node, session, tmp_path):
    result = _convert(node, session, tmp_path / "x.nwb", "--qc-policy", "strict")
    assert result.returncode == 2
    assert "--qc-policy" in result.stderr

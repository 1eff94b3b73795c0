"""Issue #19.4: a bare session folder (no cache tables) behaves like a cache. An ALF object with some files
present and others missing is damage: the run fails naming the missing file and leaves no NWB file, instead of
skipping the modality (and with it an intact probe) and saying "done"."""
import shutil

import pytest
from pynwb import NWBHDF5IO

from bare_sessions import cli, metadata_for

SESSION = "cortexlab/Subjects/KS074/2021-11-17/001"


@pytest.fixture
def bare(repo, tmp_path):
    folder = tmp_path / "bare" / SESSION
    shutil.copytree(repo / "demo" / "one-cache" / SESSION, folder)
    return folder


def convert(node, folder, tmp_path, modalities):
    meta = metadata_for(node, folder, tmp_path / "meta.json", "2021-11-17T10:30:00+00:00")
    out = tmp_path / "out.nwb"
    return cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", modalities), out


def assert_fails_naming(result, out, missing: str):
    assert result.returncode == 1, result.stderr
    assert missing in result.stderr, result.stderr
    assert "incomplete" in result.stderr, result.stderr
    assert not out.exists() and not out.with_suffix(".nwb.part").exists()


def test_both_probes_of_an_intact_folder_are_converted(node, bare, tmp_path):
    result, out = convert(node, bare, tmp_path, "spike_sorting")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        groups = set(io.read().electrodes["group_name"][:])
    assert groups == {"Probe00", "Probe01"}


@pytest.mark.parametrize("missing", ["spikes.clusters.npy", "spikes.times.npy", "channels.rawInd.npy"])
def test_a_probe_missing_one_file_fails_the_run_naming_it(node, bare, tmp_path, missing):
    (bare / "alf/probe01/pykilosort" / missing).unlink()
    result, out = convert(node, bare, tmp_path, "spike_sorting")
    assert_fails_naming(result, out, f"alf/probe01/pykilosort/{missing}")


def test_wheel_without_timestamps_fails_naming_them(node, bare, tmp_path):
    (bare / "alf/_ibl_wheel.timestamps.npy").unlink()
    result, out = convert(node, bare, tmp_path, "wheel")
    assert_fails_naming(result, out, "alf/_ibl_wheel.timestamps.npy")


def test_per_attribute_trials_without_intervals_fail_naming_them(node, bare, tmp_path):
    (bare / "alf/_ibl_trials.table.pqt").unlink()
    (bare / "alf/_ibl_trials.intervals.npy").unlink()
    result, out = convert(node, bare, tmp_path, "trials")
    assert_fails_naming(result, out, "alf/_ibl_trials.intervals.npy")


def test_a_modality_with_no_file_at_all_is_still_a_plain_skip(node, bare, tmp_path):
    for path in (bare / "alf").glob("_ibl_wheel*"):
        path.unlink()
    # Asked for by name, it cannot be written: exit 3 (contract 6), not damage (exit 1).
    result, out = convert(node, bare, tmp_path, "wheel,licks")
    assert result.returncode == 3, result.stderr
    assert "incomplete" not in result.stderr and not out.exists()
    # In a default run it is a skip with its reason.
    meta = metadata_for(node, bare, tmp_path / "default-meta.json", "2021-11-17T10:30:00+00:00")
    result = cli(node, "convert", bare, "-o", out, "--metadata", meta)
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert "wheel" not in nwb.processing and "lick_times" in nwb.processing


@pytest.mark.parametrize("modality,table", [
    ("pose", "_ibl_leftCamera.lightningPose.pqt"),
    ("pupil", "_ibl_leftCamera.features.pqt"),
    ("motion_energy", "leftCamera.ROIMotionEnergy.npy"),
])
def test_a_camera_table_without_frame_times_fails_naming_them(node, bare, tmp_path, modality, table):
    assert (bare / "alf" / table).exists()
    (bare / "alf/_ibl_leftCamera.times.npy").unlink()
    result, out = convert(node, bare, tmp_path, modality)
    assert_fails_naming(result, out, "alf/_ibl_leftCamera.times.npy")


def test_a_camera_with_frame_times_but_no_pose_is_a_plain_skip_of_that_camera(node, bare, tmp_path):
    (bare / "alf/_ibl_leftCamera.lightningPose.pqt").unlink()  # IBL did not track every camera
    result, out = convert(node, bare, tmp_path, "pose")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        assert set(io.read().processing["pose_estimation"].data_interfaces) == {"BodyCamera", "Skeletons"}

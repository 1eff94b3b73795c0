"""ndx-pose, ndx-events and ndx-ibl types, read with only the namespaces cached in the file."""
import h5py
import numpy as np
import pytest

from nwb_oracles import assert_h5py_opens, assert_inspected, assert_valid, expected, read_strict


@pytest.fixture(scope="module")
def folder(written):
    return written("extensions")


def test_extensions_are_not_installed():
    # The point of the test: pynwb must build these classes from the cached specifications.
    for module in ("ndx_pose", "ndx_events", "ndx_ibl"):
        with pytest.raises(ImportError):
            __import__(module)


def test_reads_with_cached_namespaces(folder):
    exp = expected(folder, "extensions")
    with read_strict(folder / "extensions.nwb", load_namespaces=True) as nwb:
        subject = nwb.subject
        assert type(subject).__name__ == "IblSubject"
        assert subject.uuid == "b57c1934-f9a1-4dc4-a474-e2cb4acdf918"
        assert subject.nickname == "KS091"
        assert list(subject.projects[:]) == ["ibl_neuropixel_brainwide_01"]
        assert subject.expected_water_ml == pytest.approx(0.75)
        assert subject.alive == "True"
        assert nwb.lab_meta_data["ibl_metadata"].revision == "2025-05-06"

        pose_module = nwb.processing["pose_estimation"]
        skeleton = pose_module["Skeletons"].skeletons["LeftCameraSkeleton"]
        assert list(skeleton.nodes[:]) == ["NoseTip", "LeftPaw"]
        assert skeleton.edges[:].tolist() == [[0, 1]]
        assert skeleton.subject is subject
        pose = pose_module["LeftCamera"]
        assert pose.skeleton is skeleton
        assert pose.source_software == "Lightning Pose" and pose.source_software__version == "1.7.0"
        assert pose.devices["LeftCamera"] is nwb.devices["LeftCamera"]
        assert list(pose.original_videos[:]) == ["./extensions_VideoLeftCamera.mp4"]
        nose = pose.pose_estimation_series["PoseEstimationSeriesNoseTip"]
        np.testing.assert_array_equal(nose.data[:], np.array(exp["nose"]).reshape(-1, 2))
        np.testing.assert_array_equal(nose.confidence[:], np.array(exp["likelihood"], dtype=np.float32))
        np.testing.assert_array_equal(nose.timestamps[:], exp["times"])
        paw = pose.pose_estimation_series["PoseEstimationSeriesLeftPaw"]
        np.testing.assert_array_equal(paw.data[:], np.array(exp["paw"], dtype=np.float32).reshape(-1, 2))
        np.testing.assert_array_equal(paw.timestamps[:], exp["times"])

        licks = nwb.processing["lick_times"]["EventsLickTimes"]
        np.testing.assert_array_equal(licks.timestamps[:], exp["licks"])
        assert licks.timestamps__resolution == pytest.approx(1 / 60)
        assert licks.description == "lick times from tongue keypoints"


def test_cached_extension_specs(folder):
    with h5py.File(folder / "extensions.nwb", "r") as f:
        assert set(f["specifications"]) >= {"ndx-pose", "ndx-events", "ndx-ibl"}
        link = f["processing/pose_estimation/LeftCamera/PoseEstimationSeriesLeftPaw"].get("timestamps", getlink=True)
        assert link.path == "/processing/pose_estimation/LeftCamera/PoseEstimationSeriesNoseTip/timestamps"


def test_valid_and_inspected(folder):
    path = folder / "extensions.nwb"
    assert_valid(path)
    assert_inspected(path, allowed={
        "check_processing_module_name": "DANDI 000409 uses IBL module names such as 'pose_estimation'",
        "check_description": "this test subject has no free-text description (Alyx has none for it)",
    })
    assert_h5py_opens(path)

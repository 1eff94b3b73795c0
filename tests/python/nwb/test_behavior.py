"""Processing modules, behavior containers, TimeIntervals, ragged tables, external ImageSeries."""
import numpy as np
import pytest

from nwb_oracles import assert_h5py_opens, assert_inspected, assert_valid, expected, read_strict


@pytest.fixture(scope="module")
def folder(written):
    return written("behavior")


def test_behavior_containers(folder):
    exp = expected(folder, "behavior")
    with read_strict(folder / "behavior.nwb") as nwb:
        wheel = nwb.processing["wheel"]
        series = wheel["CompassDirection"]["WheelPositionSeries"]
        assert type(series).__name__ == "SpatialSeries"
        assert series.reference_frame == "initial angle 0, counter-clockwise positive"
        np.testing.assert_array_equal(series.data[:], np.array(exp["t"]) * 2)
        behavior = nwb.processing["behavior"]
        nose = behavior["Position"]["NosePosition"]
        assert nose.unit == "meters"
        np.testing.assert_array_equal(nose.data[:], np.array(exp["xy"]).reshape(40, 2))
        np.testing.assert_array_equal(nose.timestamps[:], exp["t"])
        assert behavior["BehavioralTimeSeries"]["WheelVelocity"].rate == 1000
        assert type(behavior["LeftPupilTracking"]).__name__ == "PupilTracking"
        reward = behavior["BehavioralEvents"]["RewardVolume"]
        assert list(reward.data[:]) == [1.5, 3, 1.5]


def test_tables_and_intervals(folder):
    with read_strict(folder / "behavior.nwb") as nwb:
        moves = nwb.processing["wheel"]["WheelMovementIntervals"].to_dataframe()
        assert list(moves["start_time"]) == [1, 3, 6]
        np.testing.assert_array_equal(moves["peak_amplitude"], [0.1, -0.2, np.nan])
        licks = nwb.processing["behavior"]["LickTable"].to_dataframe()
        assert list(licks.index) == [10, 11, 12]
        assert [list(r) for r in licks["lick_times"]] == [[1.1, 1.2], [], [6.5]]
        assert [list(r) for r in licks["tongue"]] == [["left", "right"], [], ["λ"]]
        assert licks["trial"].dtype == np.uint16
        trials = nwb.trials.to_dataframe()
        assert list(trials["stop_time"]) == [2.5, 5.5, 8]
        assert [list(t) for t in trials["tags"]] == [["easy"], [], ["hard", "probe"]]
        assert list(trials["choice"]) == ["clockwise", "none", "counter_clockwise"]
        assert list(trials["contrast"]) == [100, 6.25, 0]
        assert list(nwb.epochs["protocol_type"][:]) == ["task"]
        passive = nwb.intervals["passive_intervals"]
        assert list(passive["protocol_name"][:]) == ["spontaneous", "replay"]


def test_external_image_series(folder):
    exp = expected(folder, "behavior")
    with read_strict(folder / "behavior.nwb") as nwb:
        video = nwb.acquisition["VideoLeftCamera"]
        assert list(video.external_file[:]) == ["./behavior_VideoLeftCamera.mp4"]
        assert list(video.starting_frame) == [0]
        assert video.format == "external"
        np.testing.assert_array_equal(video.timestamps[:], exp["t"])


def test_valid_and_inspected(folder):
    path = folder / "behavior.nwb"
    assert_valid(path)
    assert_inspected(path, allowed={
        # IBL's published layout names modules by modality (wheel, pupil, ...), on purpose.
        "check_processing_module_name": "DANDI 000409 uses IBL module names such as 'wheel'",
        # The epochs table of a session has few rows by nature.
        "check_single_row": "one task epoch in this small test file",
    })
    assert_h5py_opens(path)

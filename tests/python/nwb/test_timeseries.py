"""NWBFile root, /general, Subject and TimeSeries timing variants written by TypeScript."""
from datetime import datetime, timedelta, timezone

import h5py
import numpy as np
import pytest

from nwb_oracles import assert_h5py_opens, assert_inspected, assert_valid, expected, read_strict


@pytest.fixture(scope="module")
def folder(written):
    return written("timeseries")


def test_file_metadata(folder):
    with read_strict(folder / "timeseries.nwb") as nwb:
        tz = timezone(timedelta(hours=1))
        assert nwb.identifier == "timeseries"
        assert nwb.session_start_time == datetime(2024, 3, 5, 14, 30, tzinfo=tz)
        assert nwb.timestamps_reference_time == nwb.session_start_time
        assert nwb.file_create_date[0] == datetime(2024, 3, 6, 9, 0, tzinfo=timezone.utc)
        assert list(nwb.experimenter) == ["Doe, Jane", "Müller, Jürgen"]
        assert list(nwb.keywords[:]) == ["IBL", "test"]
        assert list(nwb.related_publications) == ["doi:10.1101/2020.01.17.909838"]
        assert nwb.institution == "University College London"
        assert nwb.lab == "cortexlab"
        assert nwb.protocol == "_iblrig_tasks_ephysChoiceWorld6.4.2"
        assert nwb.notes == "notes with ünïcode ✓"
        assert nwb.session_id == "c7bd79c9-c47e-4ea5-aea3-74dda991b48e"
        s = nwb.subject
        assert (s.subject_id, s.species, s.sex, s.age, s.strain, s.weight) == (
            "KS091", "Mus musculus", "F", "P90D", "C57BL/6", "0.025 kg")
        assert s.age__reference == "birth"


def test_timeseries_values(folder):
    exp = expected(folder, "timeseries")
    with read_strict(folder / "timeseries.nwb") as nwb:
        wheel = nwb.acquisition["WheelPositionRaw"]
        np.testing.assert_array_equal(wheel.data[:], exp["wheel"])
        np.testing.assert_array_equal(wheel.timestamps[:], exp["times"])
        assert (wheel.unit, wheel.conversion, wheel.offset, wheel.resolution, wheel.continuity) == (
            "radians", 0.5, 0.25, 0.0015, "continuous")
        lick = nwb.acquisition["LickPiezo"]
        assert lick.data.dtype == np.float32
        np.testing.assert_array_equal(lick.data[:], np.array(exp["lick"], dtype=np.float32))
        np.testing.assert_array_equal(lick.timestamps[:], exp["times"])
        reg = nwb.acquisition["Regular2D"]
        np.testing.assert_array_equal(reg.data[:], np.array(exp["twoD"], dtype=np.int16).reshape(200, 3))
        assert (reg.rate, reg.starting_time, reg.conversion) == (1000, 1.25, 2.34375e-6)


def test_shared_timestamps_are_a_soft_link(folder):
    with h5py.File(folder / "timeseries.nwb", "r") as f:
        link = f["acquisition/LickPiezo"].get("timestamps", getlink=True)
        assert isinstance(link, h5py.SoftLink)
        assert link.path == "/acquisition/WheelPositionRaw/timestamps"
        assert f["acquisition/Regular2D/starting_time"].attrs["rate"] == 1000


def test_valid_and_inspected(folder):
    path = folder / "timeseries.nwb"
    assert_valid(path)
    assert_inspected(path, allowed={})
    assert_h5py_opens(path)

"""The shared NWB judge fails on what it must: schema failures, crashed checks, CRITICAL and
BEST_PRACTICE_VIOLATION messages; and passes a clean file."""
from __future__ import annotations

import datetime

import pytest
from hdmf.common import DynamicTable
from nwbinspector import Importance, InspectorMessage
from nwb_checks import SERIOUS, assert_nwb_ok, serious
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.file import Subject


def _file(path, *, empty_table: bool = False):
    nwb = NWBFile(session_description="judge test", identifier="judge",
                  session_start_time=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
                  experimenter=["Doe, Jane"], lab="lab", institution="inst", experiment_description="x",
                  session_id="s",
                  subject=Subject(subject_id="m1", species="Mus musculus", sex="F", age="P90D",
                                  description="a mouse"))
    nwb.add_acquisition(TimeSeries(name="series", data=[1.0, 2.0, 3.0], unit="V", rate=10.0,
                                   description="three samples"))
    if empty_table:
        module = nwb.create_processing_module("behavior", "empty table")
        module.add(DynamicTable(name="nothing", description="no rows"))
    with NWBHDF5IO(str(path), "w") as io:
        io.write(nwb)
    return path


def test_every_level_from_violation_up_is_serious():
    assert SERIOUS == {Importance.ERROR, Importance.PYNWB_VALIDATION, Importance.CRITICAL,
                       Importance.BEST_PRACTICE_VIOLATION}
    messages = [InspectorMessage(message=i.name, importance=i, check_function_name="f") for i in Importance]
    assert {m.importance for m in serious(messages + [None])} == SERIOUS


def test_clean_file_passes(tmp_path):
    assert_nwb_ok(_file(tmp_path / "clean.nwb"))


def test_empty_table_fails(tmp_path):
    with pytest.raises(AssertionError, match="check_empty_table"):
        assert_nwb_ok(_file(tmp_path / "empty.nwb", empty_table=True))

"""NWB files written with pynwb for the validation tests: one the NWB Inspector has nothing to say
about, and one with a known CRITICAL finding (a TimeSeries of several frames at rate 0 Hz:
check_rate_is_not_zero)."""
from __future__ import annotations

import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.file import Subject

KNOWN_CHECK = "check_rate_is_not_zero"


def write_nwb(path: Path, rate: float = 30.0) -> Path:
    nwb = NWBFile(
        session_description="A test session", identifier=path.stem,
        session_start_time=datetime(2024, 1, 2, tzinfo=timezone.utc), experimenter=["Doe, Jane"],
        institution="Test institute", lab="Test lab", keywords=["test"], experiment_description="A test",
        subject=Subject(subject_id="mouse1", species="Mus musculus", sex="F", age="P90D", description="a mouse"),
    )
    with warnings.catch_warnings():  # pynwb warns about rate 0, which is the point of the bad file
        warnings.simplefilter("ignore")
        nwb.add_acquisition(
            TimeSeries(name="position", description="Position of the wheel", data=np.arange(10.0), unit="m", rate=rate)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with NWBHDF5IO(str(path), "w") as io:
        io.write(nwb)
    return path


def inspector_findings(path: Path) -> list[tuple]:
    """The NWB Inspector's own findings, as (check_name, object_type, object_name, location, message)."""
    from nwbinspector import inspect_nwbfile

    return sorted(
        (m.check_function_name, m.object_type, m.object_name, m.location, m.message)
        for m in inspect_nwbfile(nwbfile_path=str(path)) if m is not None
    )

"""#19.8: a source table with no rows is never written as an empty table (nwbinspector
check_empty_table, and a crash of nwbinspector itself): a modality whose table is empty is
skipped with "<dataset> has no rows"; an empty sub-table is left out with a report note."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb
import pytest

from interfaces_oracle import convert, copy_session
from quirks_oracle import assert_file_is_clean, interface, notes, save_csv, save_npy, save_pqt


@pytest.fixture(scope="module")
def empty(session, tmp_path_factory):
    """Zero wheel moves, zero licks, no replayed stimuli, no Gabor patches, one empty camera table."""
    copy = copy_session(session, tmp_path_factory.mktemp("empty") / "cache")
    save_npy(copy, "alf/_ibl_wheelMoves.intervals.npy", np.zeros((0, 2)))
    save_npy(copy, "alf/_ibl_wheelMoves.peakAmplitude.npy", np.zeros(0))
    save_npy(copy, "alf/licks.times.npy", np.zeros(0))
    for rel in ["alf/_ibl_passiveStims.table.csv", "alf/_ibl_passiveGabor.table.csv"]:
        save_csv(copy, rel, pd.read_csv(copy.alf(rel)).iloc[:0])
    save_pqt(copy, "alf/_ibl_rightCamera.features.pqt",
             pd.read_parquet(copy.alf("alf/_ibl_rightCamera.features.pqt")).iloc[:0])
    out = tmp_path_factory.mktemp("empty_out") / "s.nwb"
    result = convert(copy, out)
    assert result.returncode == 0, result.stderr
    return copy, out, result.report


def test_empty_modality_is_skipped_with_the_reason(empty):
    _, _, report = empty
    licks = interface(report, "licks")
    assert licks["status"] == "skipped"
    assert licks["reason"] == "alf/licks.times.npy has no rows"


def test_empty_sub_tables_are_left_out_with_a_note(empty):
    _, path, report = empty
    by_step = {}
    for n in notes(report):
        by_step.setdefault(n["step"], []).append(n["message"])
    assert any("alf/_ibl_wheelMoves.intervals.npy has no rows" in m for m in by_step["wheel"])
    assert any("alf/_ibl_passiveStims.table.csv has no rows" in m for m in by_step["passive"])
    assert any("alf/_ibl_passiveGabor.table.csv has no rows" in m for m in by_step["passive"])
    assert any("alf/_ibl_rightCamera.features.pqt has no rows" in m for m in by_step["pupil"])
    for name in ["wheel", "passive", "pupil"]:
        assert interface(report, name)["status"] == "written"
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        assert "WheelMovementIntervals" not in nwb.processing["wheel"].data_interfaces
        assert "WheelPosition" in nwb.processing["wheel"].data_interfaces
        assert "lick_times" not in nwb.processing
        passive = nwb.processing["passive_protocol"].data_interfaces
        assert "passive_task_replay" not in passive and "gabor_table" not in passive
        assert "passive_intervals" in passive
        assert set(nwb.processing["pupil"].data_interfaces) == {"LeftPupilDiameter", "LeftPupilDiameterSmoothed"}


def test_file_without_the_empty_tables_is_clean(empty):
    assert_file_is_clean(empty[1])


@pytest.mark.parametrize(
    "modality, rel",
    [
        ("wheel", "alf/_ibl_wheel.timestamps.npy"),
        ("trials", "alf/_ibl_trials.table.pqt"),
        ("pupil", "alf/_ibl_leftCamera.features.pqt"),
    ],
)
def test_whole_modality_with_no_rows_is_skipped(session, tmp_path, modality, rel):
    copy = copy_session(session, tmp_path / "cache")
    if modality == "wheel":
        save_npy(copy, "alf/_ibl_wheel.position.npy", np.zeros(0))
        save_npy(copy, rel, np.zeros(0))
    elif modality == "trials":
        # A session without trials: the table and every attribute kept beside it are empty.
        save_pqt(copy, rel, pd.read_parquet(copy.alf(rel)).iloc[:0])
        for npy in copy.folder.glob("alf/_ibl_trials.*.npy"):
            attr = f"alf/{npy.name}"
            save_npy(copy, attr, np.load(npy)[:0])
    else:
        for view in ["left", "right"]:
            table = f"alf/_ibl_{view}Camera.features.pqt"
            save_pqt(copy, table, pd.read_parquet(copy.alf(table)).iloc[:0])
    # Asked for by name, a modality with no rows cannot be written: the run fails naming the
    # reason, no file (contract 6; the CLI's exit 3 is checked by the quirks corpus).
    asked = convert(copy, tmp_path / "asked.nwb", "--modalities", f"{modality},licks")
    assert asked.returncode != 0, asked.stderr
    assert "ModalityNotAvailableError" in asked.stderr
    assert rel in asked.stderr and "has no rows" in asked.stderr
    assert not (tmp_path / "asked.nwb").exists()
    # In a default run it is a skip with its reason, and the rest is written.
    out = tmp_path / "s.nwb"
    result = convert(copy, out)
    assert result.returncode == 0, result.stderr
    entry = interface(result.report, modality)
    assert entry["status"] == "skipped"
    assert rel in entry["reason"] and "has no rows" in entry["reason"]
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert modality not in nwb.processing and (modality != "trials" or nwb.trials is None)
    assert_file_is_clean(out)


def test_empty_trials_table_beside_full_attributes_is_damage(session, tmp_path):
    """Empty intervals but 13 quiescence periods: not a session without trials, an inconsistency."""
    copy = copy_session(session, tmp_path / "cache")
    rel = "alf/_ibl_trials.table.pqt"
    save_pqt(copy, rel, pd.read_parquet(copy.alf(rel)).iloc[:0])
    result = convert(copy, tmp_path / "s.nwb", "--modalities", "trials")
    assert result.returncode == 1
    assert "_ibl_trials.quiescencePeriod.npy" in result.stderr and "but the trials have 0" in result.stderr


def empty_spikes(copy, probe: str) -> None:
    folder = f"alf/{probe}/pykilosort"
    for attr in ["times", "clusters", "amps", "depths"]:
        rel = f"{folder}/spikes.{attr}.npy"
        save_npy(copy, rel, np.load(copy.alf(rel))[:0])


def test_probe_without_spikes_has_no_units_and_a_note(session, tmp_path):
    copy = copy_session(session, tmp_path / "cache")
    empty_spikes(copy, "probe01")
    out = tmp_path / "s.nwb"
    result = convert(copy, out, "--modalities", "spike_sorting")
    assert result.returncode == 0, result.stderr
    messages = [n["message"] for n in notes(result.report) if n["step"] == "spike_sorting"]
    assert any("alf/probe01/pykilosort/spikes.times.npy has no rows" in m for m in messages), messages
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert set(nwb.units.to_dataframe()["probe_name"]) == {"Probe00"}
        assert set(nwb.electrodes.to_dataframe()["probe_name"]) == {"Probe00", "Probe01"}
    assert_file_is_clean(out)


def test_no_probe_with_spikes_skips_spike_sorting(session, tmp_path):
    copy = copy_session(session, tmp_path / "cache")
    empty_spikes(copy, "probe00")
    empty_spikes(copy, "probe01")
    out = tmp_path / "s.nwb"
    # A default run (spike sorting not asked for by name: that would be a failure, contract 6).
    result = convert(copy, out)
    assert result.returncode == 0, result.stderr
    entry = interface(result.report, "spike_sorting")
    assert entry["status"] == "skipped"
    assert "alf/probe00/pykilosort/spikes.times.npy has no rows" in entry["reason"]
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        assert io.read().units is None
    assert_file_is_clean(out)

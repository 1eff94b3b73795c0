"""The corpus's outcome checker can pass as well as fail: synthetic runs that meet an expectation give no
problem, and each way of missing it gives the problem that says so (nothing in the converter is needed)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from quirks_outcome import outcome_problems
from quirks_runner import Run

DATASET = "alf/probe00/pykilosort/spikes.times.npy"


def failed_run(tmp_path: Path, **changes) -> Run:
    output = tmp_path / "case.nwb"
    message = f"{DATASET}: spike times go backwards at row 12; re-extract the spike sorting."
    error = {"type": "error", "code": "DATASET_INVALID", "message": message, "dataset": DATASET, "row": 12}
    error.update(changes.pop("error", {}))
    human = subprocess.CompletedProcess([], changes.pop("human_exit", 1), "",
                                        changes.pop("human_stderr", f"ibl2nwb convert: {message}\n"))
    case = {"name": "case", "issue": "19.2", "describe": "", "expect": {
        "exit": 1, "code": "DATASET_INVALID", "messageIncludes": [DATASET], "files": "none"},
        "build": {"args": [], "output": str(output), "session": str(tmp_path), "facts": {"row": 12}}}
    return Run("case", case, changes.pop("returncode", 1), "", "", [error], human=human)


def converted_run(tmp_path: Path, notes=None, report_name="case.report.json") -> Run:
    output = tmp_path / "case.nwb"
    output.write_bytes(b"")
    (tmp_path / report_name).write_text("{}")
    report = {"status": "done", "interfaces": [{"name": "licks", "status": "skipped",
                                                "reason": "alf/licks.times.npy has no rows"}],
              "notes": notes if notes is not None else [{"step": "pupil", "message": "left camera: 3 rows dropped"}]}
    done = {"type": "done", "report": report, "reportPath": str(tmp_path / "case.report.json")}
    human = subprocess.CompletedProcess([], 0, "", "  note pupil: left camera: 3 rows dropped\n")
    case = {"name": "case", "issue": "19.1", "describe": "", "expect": {
        "exit": 0, "notes": [r"left.*\b3\b"], "skipped": ["licks.*has no rows"], "files": "nwb"},
        "build": {"args": [], "output": str(output), "session": str(tmp_path)}}
    return Run("case", case, 0, "", "", [done], human=human)


def test_a_failure_as_expected_has_no_problem(tmp_path):
    assert outcome_problems(failed_run(tmp_path)) == []


def test_each_way_of_failing_wrongly_is_named(tmp_path):
    assert "exit code 2, expected 1" in outcome_problems(failed_run(tmp_path, returncode=2))
    assert any("code 'INTERNAL'" in p for p in outcome_problems(failed_run(tmp_path, error={"code": "INTERNAL"})))
    assert any("row 3" in p for p in outcome_problems(failed_run(tmp_path, error={"row": 3})))
    assert any("does not name" in p for p in outcome_problems(failed_run(tmp_path, error={"message": "bad data"})))
    assert any("human mode" in p for p in outcome_problems(failed_run(tmp_path, human_stderr="HDF5-DIAG: …\n")))
    (tmp_path / "case.nwb.part").write_bytes(b"")
    assert any("left behind" in p for p in outcome_problems(failed_run(tmp_path)))


def test_a_conversion_as_expected_has_no_problem(tmp_path):
    assert outcome_problems(converted_run(tmp_path)) == []


def test_a_missing_note_or_a_report_named_nwb_is_named(tmp_path):
    assert any("no report note" in p for p in outcome_problems(converted_run(tmp_path, notes=[])))
    problems = outcome_problems(converted_run(tmp_path, report_name="case.nwb.report.json"))
    assert any(".nwb.report.json" in p for p in problems)

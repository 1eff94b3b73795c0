"""Every case of the quirks corpus (src/one/generate/quirks) through the bundled `ibl2nwb convert`: exit
code, the error event's code and message (and the human stderr line), files left behind, report notes and
skip reasons, and for converted cases pynwb read + validation, no empty table, the case's own oracle, and
nwbinspector on the folder of every output (--split pairs included)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nwbinspector import inspect_all

from quirks_oracles import ORACLES, SERIOUS, empty_tables, read_and_validate
from quirks_outcome import outcome_problems, report_path
from quirks_runner import case_names

CASES = case_names()


def explain(run, problems: list[str]) -> str:
    case = run.case
    return (f"quirk {case['name']} (#{case['issue']}): {case['describe']}\n"
            f"expected: {case['expect']}\n" + "\n".join(f"  - {p}" for p in problems) + "\n" + run.transcript())


@pytest.mark.parametrize("name", CASES)
def test_quirk(corpus_runs, name):
    _, runs = corpus_runs
    run = runs[name]
    problems = outcome_problems(run)
    outputs = [Path(p) for p in run.build.get("outputs") or [run.build["output"]]]
    # whatever else went wrong, a written file is checked too, so one run reports every finding
    if run.returncode == 0 and all(p.is_file() for p in outputs):
        for output in outputs:
            problems += read_and_validate(output)
            problems += empty_tables(output)
        if name in ORACLES and run.case["expect"]["exit"] == 0:
            problems += ORACLES[name](run)
    assert not problems, explain(run, problems)


def converted_outputs(runs) -> list[Path]:
    files = []
    for run in runs.values():
        if run.returncode == 0:
            for output in run.build.get("outputs") or [run.build["output"]]:
                files += [Path(output), report_path(output), Path(f"{output}.report.json")]
    return [f for f in files if f.is_file()]


@pytest.fixture(scope="module")
def outputs_folder(corpus_runs):
    """The outputs of every converted case and their reports, side by side as a user's folder would be."""
    root, runs = corpus_runs
    folder = root / "all-outputs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for file in converted_outputs(runs):
        os.link(file, folder / file.name)
    nwb = sorted(p.name for p in folder.glob("*.nwb"))
    assert nwb, "no case converted: nothing to inspect"
    return folder


def test_nwbinspector_on_the_folder_of_outputs(outputs_folder):
    # pynwb.validate already ran on every output in test_quirk: skip it here, it doubles the time
    messages = list(inspect_all(path=str(outputs_folder), progress_bar=False, skip_validate=True))
    serious = [f"{m.importance.name} {m.check_function_name} {Path(m.file_path).name}:{m.location} {m.message}"
               for m in messages if m.importance.name in SERIOUS]
    assert not serious, "nwbinspector on the folder of outputs:\n" + "\n".join(serious)


def test_dandi_validate_on_the_folder_of_outputs(outputs_folder):
    dandi = shutil.which("dandi", path=str(Path(sys.executable).parent)) or shutil.which("dandi")
    assert dandi, ("`dandi` is not installed: it is a test dependency of the quirks corpus "
                   "(pyproject [test] extra: \"dandi>=0.70\")")
    proc = subprocess.run([dandi, "validate", "--ignore", "DANDI.NO_DANDISET_FOUND", str(outputs_folder)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"dandi validate:\n{proc.stdout}\n{proc.stderr}"

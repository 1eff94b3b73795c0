"""Does a run end as its case expects (CONTRACTS.md 1, 2, 3, 5, 6)? Each check returns the problems it found,
in words that say what was expected and what happened."""
from __future__ import annotations

import re
from pathlib import Path

from quirks_runner import Run

HUMAN_PREFIX = "ibl2nwb convert: "


def report_path(output: str) -> Path:
    """OUT.nwb -> OUT.report.json (CONTRACTS.md 3)."""
    out = Path(output)
    return out.with_name(re.sub(r"\.nwb$", "", out.name) + ".report.json")


def problems_for(run: Run, expect: dict) -> list[str]:
    """Problems of `run` against one expectation."""
    build = run.build
    problems: list[str] = []
    if run.prepare_error:
        return [f"preparing the case failed: {run.prepare_error}"]
    if run.returncode != expect["exit"]:
        problems.append(f"exit code {run.returncode}, expected {expect['exit']}")
    if expect["exit"] != 0:
        problems += _failure_problems(run, expect)
    else:
        problems += _success_problems(run, expect)
    problems += _files_problems(run, expect)
    for path, content in run.untouched_before.items():
        if not Path(path).exists() or Path(path).read_bytes() != content:
            problems.append(f"{path} was changed by the run (it must be left untouched)")
    for path in build.get("absentAfter", []):
        if Path(path).exists() or Path(path).is_symlink():
            problems.append(f"{path} still exists after the run")
    return problems


def _failure_problems(run: Run, expect: dict) -> list[str]:
    problems = []
    error = run.error
    codes = expect.get("code")
    codes = [codes] if isinstance(codes, str) else codes
    row = (run.build.get("facts") or {}).get("row")
    if error is None:
        problems.append("no --json error event on stdout")
    else:
        if codes and error.get("code") not in codes:
            problems.append(f"error event code {error.get('code')!r}, expected {' or '.join(codes)}")
        # What to do may stand in the event's advice rather than its message (contract 2).
        said = f"{error.get('message', '')}\n{error.get('advice') or ''}"
        for text in expect.get("messageIncludes", []):
            if text not in said:
                problems.append(f"error event message and advice do not name {text!r}: {said!r}")
        if row is not None:
            if error.get("row") != row:
                problems.append(f"error event row {error.get('row')!r}, expected the first offending row {row}")
            if not re.search(rf"\b{row}\b", error.get("message", "")):
                problems.append(f"error message does not name row {row}: {error.get('message')!r}")
        if "HDF5-DIAG" in error.get("message", ""):
            problems.append("the error message is an HDF5 diagnostic dump")
    human = run.human
    if human is None:
        problems.append("no human-mode run")
    else:
        if human.returncode != expect["exit"]:
            problems.append(f"human mode: exit code {human.returncode}, expected {expect['exit']}")
        lines = [line for line in human.stderr.splitlines() if line.startswith(HUMAN_PREFIX)]
        if len(lines) != 1:
            problems.append(f"human mode: {len(lines)} lines start with {HUMAN_PREFIX!r}, expected one")
        else:
            # The error line, and the advice printed under it.
            said = human.stderr[human.stderr.index(lines[0]):]
            for text in expect.get("messageIncludes", []):
                if text not in said:
                    problems.append(f"human mode: the error line and its advice do not name {text!r}: {said!r}")
        if "HDF5-DIAG" in human.stderr:
            problems.append("human mode: stderr holds an HDF5 diagnostic dump")
    return problems


def _notes(report: dict) -> list[str]:
    return [f"{n.get('step')}: {n.get('message')}" for n in report.get("notes") or []]


def _skips(report: dict) -> list[str]:
    return [f"{i.get('name')}: {i.get('reason')}" for i in report.get("interfaces", []) if i.get("status") == "skipped"]


def _success_problems(run: Run, expect: dict) -> list[str]:
    problems = []
    done = run.done
    if not done:
        problems.append("no --json done event")
        return problems
    report = done[0].get("report") or {}
    expected_report = report_path(run.build["output"])
    if done[0].get("reportPath") is None or Path(done[0]["reportPath"]).resolve() != expected_report.resolve():
        problems.append(f"done event reportPath {done[0].get('reportPath')!r}, expected {str(expected_report)!r}")
    notes, skips = _notes(report), _skips(report)
    for pattern in expect.get("notes", []):
        if not any(re.search(pattern, n, re.I) for n in notes):
            problems.append(f"no report note matches /{pattern}/; notes: {notes}")
        if run.human is not None and not any(
            re.search(pattern, line, re.I) for line in run.human.stderr.splitlines() if line.startswith("  note ")
        ):
            problems.append(f"human mode: no `  note <step>: <message>` line on stderr matches /{pattern}/")
    for pattern in expect.get("skipped", []):
        if not any(re.search(pattern, text, re.I) for text in skips + notes):
            problems.append(f"no skip reason or note matches /{pattern}/; skipped: {skips}; notes: {notes}")
    return problems


def _files_problems(run: Run, expect: dict) -> list[str]:
    build = run.build
    outputs = build.get("outputs") or [build["output"]]
    preplaced = set(build.get("preplaced", []))
    problems = []
    for output in outputs:
        part, chunks = f"{output}.part", f"{output}.part.chunks"
        for leftover in (part, chunks):
            if leftover not in preplaced and (Path(leftover).exists() or Path(leftover).is_symlink()):
                problems.append(f"{leftover} was left behind")
        if Path(f"{output}.report.json").exists():
            problems.append(f"{output}.report.json: the report's name ends in .nwb.report.json (NWB tools pick it up)")
        if expect["files"] == "nwb":
            if Path(output).is_symlink() or not Path(output).is_file():
                problems.append(f"{output} is not a regular file under its final name")
        elif Path(output).exists() or Path(output).is_symlink():
            problems.append(f"{output} exists after a failed run (nothing may be left under a final name)")
    if expect["files"] == "nwb" and not report_path(build["output"]).is_file():
        problems.append(f"no report at {report_path(build['output'])}")
    return problems


def outcome_problems(run: Run) -> list[str]:
    """Problems against the expectation, or none if the alternative outcome was met instead."""
    expect = run.case["expect"]
    problems = problems_for(run, expect)
    alternative = expect.get("alternative")
    if problems and alternative:
        other = problems_for(run, alternative)
        if not other:
            return []
        problems = [f"expected: {p}" for p in problems] + [f"or else (alternative): {p}" for p in other]
    return problems

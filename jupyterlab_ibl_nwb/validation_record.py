"""A validation's record: what the sidebar shows and a job keeps (a plain dict, so it is saved with
the job's JSON record as it is), and how the worker's JSON lines (validation_worker.py) change it.

Pure: no processes, no files. validation_run.py feeds it the worker's events.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

LEVELS = ("CRITICAL", "BEST_PRACTICE_VIOLATION", "BEST_PRACTICE_SUGGESTION")
ACTIVE = ("queued", "running")
FINDING_FIELDS = ("importance", "check_name", "message", "object_type", "object_name", "location", "tool")
TOOL_TITLES = {"nwbinspector": "NWB Inspector", "dandi": "dandi validate"}


def install_advice(python: str) -> str:
    return (
        f"Install them in the Python the server validates with ({python}): `{python} -m pip install"
        " 'jupyterlab_ibl_nwb[validate]'` (or `pip install nwbinspector dandi`), then validate again."
    )


def duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:g} s"


def new_record(path: str) -> dict:
    """A queued validation of `path` (relative to the Jupyter root, as shown)."""
    return {
        "id": uuid.uuid4().hex[:12],
        "path": path,
        "status": "queued",  # queued | running | done | failed | unavailable
        "step": None,  # the tool running now: nwbinspector | dandi
        "tools": {},  # tool -> installed version, or None
        "findings": [],  # the first `limit` findings, in the order found
        "counts": {level: 0 for level in LEVELS},  # every finding, also those not kept
        "omitted": 0,  # findings counted but not kept (a file can have thousands)
        "notes": [],
        "errors": [],  # [{tool, message}]: a validator that could not run to its end
        "message": None,  # why it failed or is unavailable
        "install": None,  # what to install when no validator is there
        "complete": False,  # every installed validator ran to its end
        "created": time.time(),
        "started": None,
        "finished": None,
    }


def summary(record: dict) -> dict:
    """What the sidebar polls: no findings."""
    return {k: record.get(k) for k in ("id", "path", "status", "step", "counts", "started", "finished")}


def unavailable(record: dict, tools: dict, python: str) -> None:
    record.update(
        status="unavailable",
        tools=tools,
        message="Neither the NWB Inspector (nwbinspector) nor dandi is installed in the server's Python environment.",
        install=install_advice(python),
        finished=time.time(),
    )


@dataclass
class WorkerState:
    """What the worker said that only decides the final status (kept out of the record)."""

    ran: list = field(default_factory=list)  # tools it started
    done: bool = False  # it reached its end
    refused: str | None = None  # why it would not open the file


def apply_event(record: dict, state: WorkerState, event: dict, limit: int) -> None:
    """One JSON line of the worker."""
    kind = event.get("type")
    if kind == "tools":
        record["tools"] = {name: event.get(name) for name in TOOL_TITLES}
    elif kind == "step":
        record["step"] = event.get("tool")
        state.ran.append(event.get("tool"))
    elif kind == "finding":
        finding = {name: event.get(name) for name in FINDING_FIELDS}
        if finding["importance"] not in LEVELS:
            finding["importance"] = "BEST_PRACTICE_SUGGESTION"
        record["counts"][finding["importance"]] += 1
        if len(record["findings"]) < limit:
            record["findings"].append(finding)
        else:
            record["omitted"] += 1
    elif kind == "note":
        record["notes"].append(str(event.get("message")))
    elif kind == "toolError":
        record["errors"].append({"tool": event.get("tool"), "message": str(event.get("message"))})
    elif kind == "refused":
        state.refused = str(event.get("message"))
    elif kind == "done":
        state.done = True


def finish(
    record: dict, state: WorkerState, python: str, exit_code: int | None, stderr: str, timed_out: float | None
) -> None:
    """The final status once the worker is gone (`timed_out`: the limit in seconds it reached)."""
    ran, done, refused = state.ran, state.done, state.refused
    failed_tools = {e["tool"] for e in record["errors"]}
    completed = [tool for tool in ran if tool not in failed_tools]
    installed = [tool for tool, version in record["tools"].items() if version]
    record.update(step=None, finished=time.time())
    if refused:
        record.update(status="failed", message=refused)
    elif timed_out is not None:
        record.update(
            status="failed",
            message=(
                f"Stopped after {duration(timed_out)}, the validation time limit (c.IblNwb.validation_timeout,"
                " in seconds): the findings found until then are listed. Validate a file this large in a"
                f" terminal (`nwbinspector {record['path']}`), or raise the limit."
            ),
        )
    elif not done:
        cause = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {exit_code}"
        record.update(status="failed", message=f"The validation stopped before its end ({cause[:400]}).")
    elif not installed:
        unavailable(record, record["tools"], python)
    elif not completed:
        record.update(status="failed", message=" ".join(e["message"] for e in record["errors"]))
    else:
        record["status"] = "done"
        record["complete"] = set(completed) == set(installed)
        for tool in TOOL_TITLES:
            if tool not in installed:
                record["notes"].append(
                    f"{tool} is not installed here: its checks did not run ({install_advice(python)})"
                )

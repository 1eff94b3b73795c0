"""A conversion job's record, how it is kept on disk (one JSON file per job under the server's
data dir), and the compact summary GET /jobs lists."""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .validation_record import summary as validation_summary

FINISHED = ("done", "failed", "cancelled")
ACTIVE = ("queued", "running")


@dataclass
class Job:
    id: str
    command: list[str]
    output: str | None = None  # relative to the server root, for display
    status: str = "queued"  # queued | running | done | failed | cancelled
    step: str | None = None
    title: str | None = None
    fraction: float = 0.0
    message: str | None = None
    error: str | None = None
    # The CLI's structured error event (code, message, dataset, field, row, advice, file), as sent.
    error_event: dict | None = None
    # The last lines of the CLI's stderr (bounded), for what the event does not say.
    stderr: list[str] = field(default_factory=list)
    exit_code: int | None = None
    report: dict | None = None
    report_path: str | None = None
    pid: int | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    log: list[str] = field(default_factory=list)
    # Absolute paths the job must leave (the .nwb, and the raw file of --split) for "done",
    # and where the CLI runs.
    files: list[str] = field(default_factory=list)
    cwd: str | None = None
    # Files named by the CLI's `done` events (one per written file).
    done_files: list[str] = field(default_factory=list)
    # One validation record per file of a "done" job (validation_record.py), findings included.
    validations: list[dict] = field(default_factory=list)

    def public(self) -> dict:
        """Everything but the command line (it may show paths the user did not send)."""
        data = asdict(self)
        for private in ("command", "files", "cwd", "done_files"):
            data.pop(private)
        data["errorEvent"] = data.pop("error_event")
        data["reportPath"] = data.pop("report_path")
        data["exitCode"] = data.pop("exit_code")
        return data

    def summary(self) -> dict:
        """What the sidebar polls: no log, no report, no stderr (details: GET /jobs/<id>)."""
        event = self.error_event or {}
        return {
            "id": self.id,
            "status": self.status,
            "step": self.step,
            "title": self.title,
            "fraction": self.fraction,
            "error": self.error,
            "errorCode": event.get("code"),
            "output": self.output,
            "hasReport": self.report is not None,
            # Their state and counts (the findings come with the details, GET /jobs/<id>).
            "validations": [validation_summary(v) for v in self.validations],
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
        }


KNOWN = {f.name for f in fields(Job)}


class JobStore:
    """One `<id>.json` per job, replaced atomically."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.json"

    def save(self, job: Job) -> None:
        path = self._path(job.id)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(asdict(job)))
        os.replace(tmp, path)

    def forget(self, job_id: str) -> None:
        self._path(job_id).unlink(missing_ok=True)

    def load(self) -> list[Job]:
        """Every readable record (older records miss newer fields; unknown fields are dropped)."""
        jobs = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text())
                jobs.append(Job(**{k: v for k, v in data.items() if k in KNOWN}))
            except (OSError, ValueError, TypeError):
                continue
        return jobs

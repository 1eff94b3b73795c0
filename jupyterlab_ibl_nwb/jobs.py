"""Conversion jobs: run the bundled `ibl2nwb` CLI as subprocesses and follow their --json progress.

The browser only asks for state; jobs live in the server so a closed or reloaded page finds
them again. Job records are persisted as JSON so finished jobs survive a server restart too.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from .node import cli_environment

FINISHED = ("done", "failed", "cancelled")


@dataclass
class Job:
    id: str
    command: list[str]
    output: str | None = None
    status: str = "queued"  # queued | running | done | failed | cancelled
    step: str | None = None
    title: str | None = None
    fraction: float = 0.0
    message: str | None = None
    error: str | None = None
    report: dict | None = None
    pid: int | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    log: list[str] = field(default_factory=list)

    def public(self) -> dict:
        data = asdict(self)
        data.pop("command")
        return data


class JobManager:
    """Runs at most `max_concurrent` jobs at once; the rest wait in order."""

    def __init__(self, state_dir: Path, max_concurrent: int = 2, log_lines: int = 200):
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.max_concurrent = max(1, int(max_concurrent))
        self.log_lines = log_lines
        self.jobs: dict[str, Job] = {}
        self._processes: dict[str, asyncio.subprocess.Process] = {}
        self._cancelled: set[str] = set()
        self._listeners: list[Callable[[Job], None]] = []
        self._load()

    # -- persistence -------------------------------------------------------
    def _path(self, job_id: str) -> Path:
        return self.state_dir / f"{job_id}.json"

    def _save(self, job: Job) -> None:
        tmp = self._path(job.id).with_suffix(".json.part")
        tmp.write_text(json.dumps(asdict(job)))
        os.replace(tmp, self._path(job.id))

    def _load(self) -> None:
        for path in sorted(self.state_dir.glob("*.json")):
            try:
                job = Job(**json.loads(path.read_text()))
            except (ValueError, TypeError):
                continue
            if job.status not in FINISHED:
                # The server that ran it is gone, and so is its subprocess.
                job.status = "failed"
                job.error = "The Jupyter server stopped while this job was running; start it again."
                job.finished = job.finished or time.time()
                self._save(job)
            self.jobs[job.id] = job

    # -- queries -----------------------------------------------------------
    def list(self) -> list[dict]:
        return [job.public() for job in sorted(self.jobs.values(), key=lambda j: j.created)]

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def running(self) -> int:
        return sum(1 for job in self.jobs.values() if job.status == "running")

    # -- commands ----------------------------------------------------------
    def submit(self, command: list[str], output: str | None = None) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], command=list(command), output=output)
        self.jobs[job.id] = job
        self._save(job)
        self._schedule()
        return job

    async def cancel(self, job_id: str) -> Job | None:
        job = self.jobs.get(job_id)
        if job is None or job.status in FINISHED:
            return job
        self._cancelled.add(job_id)
        process = self._processes.get(job_id)
        if process is None:  # still queued
            self._finish(job, "cancelled", error=None)
            return job
        # SIGTERM lets the CLI abort cleanly (it removes its .part file); escalate if it hangs.
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            await asyncio.wait_for(process.wait(), timeout=10)
        except asyncio.TimeoutError:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return job

    def set_max_concurrent(self, limit: int) -> None:
        """Change the limit; a higher one starts waiting jobs now, a lower one lets running jobs finish."""
        self.max_concurrent = max(1, int(limit))
        self._schedule()

    def _schedule(self) -> None:
        for job in sorted(self.jobs.values(), key=lambda j: j.created):
            if self.running() >= self.max_concurrent:
                return
            if job.status == "queued":
                job.status = "running"
                job.started = time.time()
                self._save(job)
                asyncio.ensure_future(self._run(job))

    async def _run(self, job: Job) -> None:
        try:
            process = await asyncio.create_subprocess_exec(
                *job.command,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=cli_environment(),
                start_new_session=True,  # own process group, so cancel reaches children too
            )
        except OSError as error:
            self._finish(job, "failed", error=f"Could not start the converter: {error}")
            self._schedule()
            return
        self._processes[job.id] = process
        job.pid = process.pid
        self._save(job)
        stderr_task = asyncio.ensure_future(process.stderr.read())
        async for raw in process.stdout:
            self._on_line(job, raw.decode("utf-8", "replace").rstrip("\n"))
        code = await process.wait()
        stderr = (await stderr_task).decode("utf-8", "replace").strip()
        self._processes.pop(job.id, None)
        if job.id in self._cancelled:
            self._finish(job, "cancelled", error=None)
        elif code == 0:
            job.fraction = 1.0
            self._finish(job, "done", error=None)
        else:
            last = stderr.splitlines()[-1] if stderr else ""
            self._finish(job, "failed", error=job.error or last or f"The converter exited with code {code}.")
        self._schedule()

    def _on_line(self, job: Job, line: str) -> None:
        try:
            event: dict[str, Any] = json.loads(line)
        except ValueError:
            event = {"type": "log", "message": line}
        kind = event.get("type")
        if kind == "step":
            job.step, job.title = event.get("step"), event.get("title")
        elif kind == "progress":
            job.step = event.get("step", job.step)
            job.fraction = float(event.get("overall", job.fraction))
        elif kind == "done":
            job.report = event.get("report")
        elif kind == "error":
            job.error = event.get("message")
            job.report = event.get("report", job.report)
        elif kind in ("skipped", "log"):
            pass
        if event.get("message"):
            job.message = str(event["message"])
        job.log.append(line)
        del job.log[: -self.log_lines]
        self._save(job)

    def _finish(self, job: Job, status: str, error: str | None) -> None:
        job.status = status
        if error:
            job.error = error
        job.finished = time.time()
        job.pid = None
        self._save(job)

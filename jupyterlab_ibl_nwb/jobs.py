"""Conversion jobs: run the bundled `ibl2nwb` CLI as subprocesses and follow their --json progress.

The browser only asks for state; jobs live in the server so a closed or reloaded page finds
them again. Records persist (job_record.py), so a restarted server knows which runs it lost:
it sweeps their temporary files, fails the ones that were running and runs the queued ones.

A job holds a slot from the moment it is picked until its process is reaped, whatever its
status says, so a cancel never lets more than `max_concurrent` CLIs run.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
from pathlib import Path
from typing import Any

from .cli_runner import StderrTail, child_setup, read_lines, readable_message
from .job_outcome import decide, remove_temporary_files, remove_unproven_files
from .job_record import ACTIVE, FINISHED, Job, JobStore
from .node import cli_environment
from .spawn import Child, spawn

TERM_GRACE = 10  # seconds the CLI gets to clean up after SIGTERM before SIGKILL
SAVE_EVERY = 1.0  # progress is saved at most this often; steps, errors and the end always
KEEP_FINISHED = 500  # records of finished jobs kept across restarts (the newest); older ones go


class JobManager:
    """Runs at most `max_concurrent` jobs at once; the rest wait in order."""

    def __init__(self, state_dir: Path, max_concurrent: int = 2, log_lines: int = 200, validator=None):
        self.store = JobStore(state_dir)
        # Validates the files of each job that ends "done" (validation_run.Validator), or None.
        self.validator = validator
        self.state_dir = self.store.folder
        self.max_concurrent = max(1, int(max_concurrent))
        self.log_lines = log_lines
        self.jobs: dict[str, Job] = {}
        self._slots: dict[str, asyncio.Future] = {}  # job id -> its run, while it holds a slot
        self._processes: dict[str, Child] = {}
        self._cancelled: set[str] = set()
        self._stopping = False
        self._saved: dict[str, float] = {}
        self._recover()

    # -- restart -----------------------------------------------------------
    def _recover(self) -> None:
        records = sorted(self.store.load(), key=lambda j: j.created, reverse=True)
        finished = [j for j in records if j.status in FINISHED]
        for old in finished[KEEP_FINISHED:]:
            self.store.forget(old.id)
        stale = {j.id for j in finished[KEEP_FINISHED:]}
        for job in reversed(records):
            if job.id in stale:
                continue
            if job.status in ACTIVE:
                # The server that ran it is gone, and so should its process be (PDEATHSIG or our
                # shutdown); one that outlived it (not Linux) is stopped before its files are swept.
                stop_orphan(job)
                remove_temporary_files(job)
                if job.status == "running":
                    remove_unproven_files(job)
                    job.status = "failed"
                    job.error = "The Jupyter server restarted while this job was running; start it again."
                    job.finished = job.finished or time.time()
                    job.pid = None
                self.store.save(job)
            self.jobs[job.id] = job

    def start(self) -> None:
        """Run the jobs a previous server left queued, and the validations it left unfinished
        (call once the event loop runs)."""
        self._schedule()
        for job in self.jobs.values():
            if job.status == "done" and any(v.get("status") in ("queued", "running") for v in job.validations):
                self._validate(job)
                self.store.save(job)

    # -- queries -----------------------------------------------------------
    def list(self, limit: int | None = None) -> list[dict]:
        """Compact summaries, newest first."""
        jobs = sorted(self.jobs.values(), key=lambda j: j.created, reverse=True)
        return [job.summary() for job in (jobs[:limit] if limit else jobs)]

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def running(self) -> int:
        """Jobs holding a slot (their process may still be stopping after a cancel)."""
        return len(self._slots)

    def active_on(self, path: str) -> Job | None:
        """A queued or running job that writes `path`."""
        return next((j for j in self.jobs.values() if j.status in ACTIVE and path in j.files), None)

    # -- commands ----------------------------------------------------------
    def submit(self, command: list[str], output: str | None = None, files: list[str] | None = None,
               cwd: str | None = None) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], command=list(command), output=output, files=list(files or []), cwd=cwd)
        self.jobs[job.id] = job
        self.store.save(job)
        self._schedule()
        return job

    async def cancel(self, job_id: str) -> Job | None:
        job = self.jobs.get(job_id)
        if job is None or job.status in FINISHED:
            return job
        self._cancelled.add(job_id)
        run = self._slots.get(job_id)
        if run is None:  # still queued: it will never start
            self._finish(job, "cancelled", None)
            return job
        self._signal(job_id, signal.SIGTERM)  # no process yet: _run sees the cancel when it has one
        if not await _within(run, TERM_GRACE):
            self._signal(job_id, signal.SIGKILL)
            await _within(run, TERM_GRACE)
        return job

    def set_max_concurrent(self, limit: int) -> None:
        """Change the limit; a higher one starts waiting jobs now, a lower one lets running jobs finish."""
        self.max_concurrent = max(1, int(limit))
        self._schedule()

    async def shutdown(self, grace: float = TERM_GRACE) -> None:
        """Stop every CLI (SIGTERM, then SIGKILL after `grace`): the server is stopping.
        Queued jobs stay queued for the next start."""
        self._stopping = True
        runs = list(self._slots.values())
        for job_id in list(self._processes):
            self._signal(job_id, signal.SIGTERM)
        if runs:
            done, pending = await asyncio.wait(runs, timeout=grace)
            if pending:
                for job_id in list(self._processes):
                    self._signal(job_id, signal.SIGKILL)
                await asyncio.wait(pending, timeout=grace)

    def _signal(self, job_id: str, signum: int) -> None:
        process = self._processes.get(job_id)
        if process is None or process.returncode is not None:
            return
        try:
            os.killpg(process.pid, signum)  # the process group: the CLI and anything it started
        except (ProcessLookupError, PermissionError):
            pass

    def _schedule(self) -> None:
        if self._stopping:
            return
        for job in sorted(self.jobs.values(), key=lambda j: j.created):
            if len(self._slots) >= self.max_concurrent:
                return
            if job.status == "queued" and job.id not in self._slots:
                job.status = "running"
                job.started = time.time()
                self.store.save(job)
                run = asyncio.ensure_future(self._run(job))
                self._slots[job.id] = run
                run.add_done_callback(lambda _, job_id=job.id: self._release(job_id))

    def _release(self, job_id: str) -> None:
        self._slots.pop(job_id, None)
        self._schedule()

    async def _run(self, job: Job) -> None:
        process = None
        try:
            if job.id in self._cancelled:
                return self._finish(job, "cancelled", None)
            remove_temporary_files(job)  # stale ones, or links planted where the CLI will write
            try:
                process = await spawn(job.command, env=cli_environment(), setup=child_setup, cwd=job.cwd)
            except OSError as error:
                return self._finish(job, "failed", f"Could not start the converter: {error}")
            self._processes[job.id] = process
            if job.id in self._cancelled or self._stopping:  # asked while it was starting
                self._signal(job.id, signal.SIGTERM)
            job.pid = process.pid
            self.store.save(job)
            await self._follow(job, process)
        except Exception as error:  # never leave a job "running" for ever
            self._finish(job, "failed", f"The server failed to follow the converter: {error!r}")
        finally:
            if process is not None and process.returncode is None:
                self._signal(job.id, signal.SIGKILL)
                await process.wait()
            self._processes.pop(job.id, None)

    async def _follow(self, job: Job, process: Child) -> None:
        tail = StderrTail()
        stderr_task = asyncio.ensure_future(tail.follow(process.stderr))
        reader_error = None
        try:
            async for line in read_lines(process.stdout):
                self._on_line(job, line)
        except Exception as error:  # noqa: BLE001 - any reader failure ends the job, not the server
            reader_error = repr(error)
            self._signal(job.id, signal.SIGKILL)
        code = await process.wait()
        if not await _within(stderr_task, 5):  # a grandchild may hold stderr open
            stderr_task.cancel()
        job.exit_code = code
        job.stderr = list(tail.lines)
        status, error = decide(job, code, job.id in self._cancelled, self._stopping, reader_error, tail.text())
        if status != "done":  # a killed CLI could not clean up after itself
            remove_unproven_files(job)
            remove_temporary_files(job)
        else:
            job.fraction = 1.0
        self._finish(job, status, error)

    def _on_line(self, job: Job, line: str) -> None:
        if not line.strip():
            return
        try:
            event: dict[str, Any] = json.loads(line)
            if not isinstance(event, dict):
                raise ValueError
        except ValueError:
            event = {"type": "log", "message": line[:2000]}
        kind = event.get("type")
        if kind == "step":
            job.step, job.title = event.get("step"), event.get("title")
        elif kind == "progress":
            job.step = event.get("step", job.step)
            try:
                job.fraction = float(event.get("overall", job.fraction))
            except (TypeError, ValueError):
                pass
        elif kind == "done":
            report = event.get("report") if isinstance(event.get("report"), dict) else None
            job.report = report or job.report
            job.report_path = event.get("reportPath") or job.report_path
            written = (report or {}).get("output")
            # The file this event vouches for ("" if it names none: proof of nothing on disk).
            job.done_files.append(os.path.abspath(os.path.join(job.cwd or "", written)) if isinstance(written, str) else "")
        elif kind == "error":
            job.report = event.get("report", job.report)
            job.error_event = {k: v for k, v in event.items() if k not in ("report", "type")}
            job.error_event.setdefault("code", "INTERNAL")  # a CLI before contract 2 sends none
            if event.get("message"):
                # Shown as sent, unless it is an HDF5 dump: then its cause, the dump kept apart.
                message = readable_message(str(event["message"]))
                if message != str(event["message"]).strip():
                    job.error_event["detail"] = str(event["message"])[-4000:]
                job.error_event["message"] = job.error = message
        if isinstance(event.get("message"), str) and kind != "error":
            job.message = event["message"][:2000]
        # The log keeps lines, not reports: a done line is 25 KB+ and is kept as `report`.
        job.log.append(line if len(line) <= 2000 else line[:2000] + "…")
        del job.log[: -self.log_lines]
        now = time.time()
        if kind != "progress" or now - self._saved.get(job.id, 0) >= SAVE_EVERY:
            self._saved[job.id] = now
            self.store.save(job)

    def _finish(self, job: Job, status: str, error: str | None) -> None:
        job.status = status
        if error:
            job.error = error
        job.finished = time.time()
        job.pid = None
        self._saved.pop(job.id, None)
        if status == "done":
            self._validate(job)
        self.store.save(job)

    def _validate(self, job: Job) -> None:
        """Validate the files the job wrote; their records are kept (and saved) with the job."""
        if self.validator is None:
            for record in job.validations:  # left running by a server that validated; this one does not
                if record.get("status") in ("queued", "running"):
                    record.update(status="failed", message="Not finished: the server restarted, and it no longer"
                                  " validates after conversions (c.IblNwb.validate_after_convert).")
            return
        files = job.files or [f for f in job.done_files if f]
        job.validations = [
            self.validator.validate(Path(file), on_change=lambda: self.store.save(job)) for file in files
        ]


def stop_orphan(job: Job) -> None:
    """SIGKILL the process group of a job's recorded pid if that is still our CLI."""
    if not job.pid:
        return
    try:
        command = Path(f"/proc/{job.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return  # gone (or no /proc: nothing we can check safely)
    if any(part.endswith(b"ibl2nwb.mjs") for part in command) and os.getpgid(job.pid) == job.pid:
        try:
            os.killpg(job.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


async def _within(future: asyncio.Future, seconds: float) -> bool:
    """Wait for `future` at most `seconds` (without cancelling it); whether it finished."""
    done, _ = await asyncio.wait([future], timeout=seconds)
    return bool(done)

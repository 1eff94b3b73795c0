"""How a finished CLI run becomes a job's final state, and which temporary files a run leaves.

"done" needs proof: exit 0, a `done` event for every file, and every file on disk. Anything
else is "failed" with the cause (the CLI's structured error, else its stderr's cause line),
or "cancelled"; a file left under a final name by a run that failed is removed, so the
status always matches the files.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

from .cli_runner import EXIT_CANCELLED, cause_line, readable_message
from .job_record import Job

# What the CLI writes beside OUT.nwb while it works (contract 3 and the fast writer's side file);
# `.nwb.report.json.part` is the report's temporary name before contract 3.
TEMP_SUFFIXES = (".part", ".part.chunks")


def temporary_files(output: str) -> list[Path]:
    path = Path(output)
    names = [path.name + suffix for suffix in TEMP_SUFFIXES]
    names += [path.name + ".report.json.part"]
    if path.suffix == ".nwb":
        names.append(path.stem + ".report.json.part")
    return [path.with_name(name) for name in names]


def remove_temporary_files(job: Job) -> list[str]:
    """Remove what a run of this job may have left (links are removed, never followed)."""
    removed = []
    for output in job.files:
        for path in temporary_files(output):
            try:
                os.unlink(path)
                removed.append(str(path))
            except FileNotFoundError:
                pass
            except OSError:  # a folder of that name, or no permission: leave it, the CLI will say
                pass
    return removed


def remove_unproven_files(job: Job) -> None:
    """A failed run must not leave a file under a final name: remove the outputs this run wrote
    (modified since it started; nothing else writes them, POST /jobs refuses a second job)."""
    for output in job.files:
        try:
            info = os.lstat(output)
        except OSError:
            continue
        if job.started is not None and info.st_mtime >= job.started - 1:
            try:
                os.unlink(output)
            except OSError:
                pass


def signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def missing_proof(job: Job) -> str | None:
    """Why a run that exited 0 is not proven done, or None if it is."""
    if not job.done_files:
        return "the converter exited without a 'done' event"
    done = set(job.done_files)
    for output in job.files:
        if output not in done:
            return f"the converter exited without reporting {Path(output).name} as written (no 'done' event)"
        if not os.path.isfile(output):
            return f"the converter reported {Path(output).name} as written, but it is not on disk"
    return None


def decide(job: Job, code: int, cancelled: bool, stopping: bool, reader_error: str | None, stderr: str) -> tuple[str, str | None]:
    """(status, error) of a run that ended with exit `code`."""
    if reader_error is not None:
        return "failed", f"The server lost the converter's output ({reader_error}); the job was stopped."
    why = missing_proof(job) if code == 0 else "it failed"
    if why is None:
        return "done", None
    if cancelled:
        return "cancelled", None
    if code == 0:
        return "failed", f"Not trusted: {why}. Run the conversion again; if it repeats, report it with the log."
    if stopping:
        return "failed", "The Jupyter server stopped during this conversion; start it again."
    event_message = (job.error_event or {}).get("message")
    if event_message:
        return "failed", str(event_message)
    if code < 0:
        return "failed", (
            f"The converter was killed by {signal_name(code)}"
            + (" (out of memory?)" if -code == signal.SIGKILL else "")
            + "; no NWB file was kept. Start it again."
        )
    if code == EXIT_CANCELLED:
        return "failed", "The converter was stopped by a signal from outside the server; no NWB file was kept."
    return "failed", readable_message(cause_line(stderr)) or f"The converter exited with code {code} without a message."

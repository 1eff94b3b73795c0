"""Run validations of NWB files in worker processes (validation_worker.py), off the event loop.

At most `max_running` run at once (the rest wait, "queued"); each worker runs niced, in its own
process group, and is killed at `timeout` seconds (the findings so far are kept) or when the
server stops. Records (validation_record.py) change as the worker's lines arrive; `on_change` is
called at most once a second while it runs, and always when its status changes.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from .cli_runner import StderrTail, child_setup, read_lines
from .spawn import Child, spawn
from .validation_record import ACTIVE, WorkerState, apply_event, finish, new_record, unavailable

WORKER = str(Path(__file__).with_name("validation_worker.py"))
DEFAULT_TIMEOUT = 3600.0  # an hour: the inspector reads whole timestamp arrays of raw files
TOOLS_TIMEOUT = 30.0
MAX_FINDINGS = 2000  # kept per file; every finding is counted
KEEP = 100  # validations asked through the route, kept in memory (the newest)
NOTIFY_EVERY = 1.0


def worker_setup() -> None:
    """Before exec: die with the server (PDEATHSIG), and yield the CPU to conversions and the server."""
    child_setup()
    os.nice(10)


class Validator:
    def __init__(
        self, root: Path, python: str | None = None, timeout: float = DEFAULT_TIMEOUT, max_running: int = 1,
        max_findings: int = MAX_FINDINGS,
    ):
        self.root = Path(root).resolve()
        self.python = python or sys.executable
        self.timeout = float(timeout)
        self.max_findings = max_findings
        self._slots = asyncio.Semaphore(max(1, int(max_running)))
        self._children: dict[str, Child] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._stopping = False
        # Validations asked through the route (a job keeps its own in its record).
        self.asked: OrderedDict[str, dict] = OrderedDict()

    async def tools(self) -> dict:
        """{nwbinspector, dandi}: the versions the validating Python has (None: not installed)."""
        child = await spawn([self.python, WORKER, "--tools"], env=dict(os.environ), setup=child_setup)
        try:
            out = await asyncio.wait_for(child.stdout.read(), TOOLS_TIMEOUT)
            await child.wait()
        except asyncio.TimeoutError:
            _kill(child)
            raise RuntimeError(f"{self.python} did not say which validators it has within {TOOLS_TIMEOUT:.0f} s")
        for line in out.decode("utf-8", "replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("type") == "tools":
                return {"nwbinspector": event.get("nwbinspector"), "dandi": event.get("dandi")}
        raise RuntimeError(f"{self.python} could not run {WORKER} (exit code {child.returncode})")

    def unavailable(self, path: str, tools: dict) -> dict:
        """The record of a validation that cannot run here (kept, so GET finds it)."""
        record = new_record(path)
        unavailable(record, tools, self.python)
        self._keep(record)
        return record

    def active_on(self, path: str) -> dict | None:
        """A queued or running validation of `path` asked through the route."""
        return next((r for r in self.asked.values() if r["path"] == path and r["status"] in ACTIVE), None)

    def ask(self, file: Path) -> dict:
        """Validate `file` (inside the root) for the route."""
        record = self.validate(file)
        self._keep(record)
        return record

    def validate(self, file: Path, on_change: Callable[[], None] | None = None) -> dict:
        """Start validating `file`; its record, which changes until its status is final."""
        try:
            shown = str(file.resolve().relative_to(self.root))
        except ValueError:  # not under the root: the worker refuses it, the record says so
            shown = str(file)
        record = new_record(shown)
        self._tasks[record["id"]] = asyncio.ensure_future(self._run(record, file, on_change or (lambda: None)))
        self._tasks[record["id"]].add_done_callback(lambda _, rid=record["id"]: self._tasks.pop(rid, None))
        return record

    async def shutdown(self) -> None:
        """Kill every worker (the server is stopping); their records stay as they were, so a job's
        unfinished validation runs again with the next server."""
        self._stopping = True
        for child in list(self._children.values()):
            _kill(child)
        if self._tasks:
            await asyncio.wait(list(self._tasks.values()), timeout=10)

    def _keep(self, record: dict) -> None:
        self.asked[record["id"]] = record
        while len(self.asked) > KEEP:
            self.asked.popitem(last=False)

    async def _run(self, record: dict, file: Path, on_change: Callable[[], None]) -> None:
        async with self._slots:
            if self._stopping:
                return
            record.update(status="running", started=time.time())
            on_change()
            state, tail = WorkerState(), StderrTail()
            child, timed_out, code = None, None, None
            try:
                child = await spawn([self.python, WORKER, str(self.root), str(file)], env=dict(os.environ),
                                    setup=worker_setup, cwd=str(file.parent))
                self._children[record["id"]] = child
                stderr = asyncio.ensure_future(tail.follow(child.stderr))
                try:
                    await asyncio.wait_for(self._follow(record, state, child, on_change), self.timeout)
                except asyncio.TimeoutError:
                    timed_out = self.timeout
                    _kill(child)
                code = await child.wait()
                if not (await asyncio.wait([stderr], timeout=5))[0]:  # a grandchild may hold it open
                    stderr.cancel()
            except OSError as error:
                tail.lines.append(f"could not start {self.python}: {error}")
            except Exception as error:  # noqa: BLE001 - never leave a record "running" for ever
                tail.lines.append(f"the server failed to follow the validation: {error!r}")
            finally:
                if child is not None:
                    if child.returncode is None:
                        _kill(child)
                    self._children.pop(record["id"], None)
            if self._stopping:
                return
            finish(record, state, self.python, code, tail.text(), timed_out)
            on_change()

    async def _follow(self, record: dict, state: WorkerState, child: Child, on_change: Callable[[], None]) -> None:
        told = time.monotonic()
        async for line in read_lines(child.stdout):
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            step = record["step"]
            apply_event(record, state, event, self.max_findings)
            now = time.monotonic()
            if record["step"] != step or now - told >= NOTIFY_EVERY:
                told = now
                on_change()


def _kill(child: Child) -> None:
    """SIGKILL to the worker's process group (dandi runs as its child)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass

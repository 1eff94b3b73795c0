"""Long-lived `ibl2nwb search --serve` processes for local searches.

A one-shot search pays ~0.5 s of Node start and bundle load before it reads a table; a worker
pays it once and keeps the caches it opened (it reopens one whose tables changed). Each worker
answers one request at a time; a worker that died (killed, crashed, out of memory) is started
again for the next request, and the request it was answering fails with a 502 that says so.
Every request has a timeout: a worker that does not answer in time is killed (504), so nothing
waits for ever. The first worker is started with the server (`warm`), the others on first use.
Workers run in their own process group with PDEATHSIG, like the job CLIs, and
are stopped with the server (`shutdown`).

Remote (Alyx) searches stay on the one-shot path (cli_runner.run_once): they need the user's
token in the environment of the process, and a worker is shared by every user of the server.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal

from .cli_runner import CliError, StderrTail, child_setup, cli_command, failure, read_lines
from .node import cli_environment
from .spawn import Child, spawn

STOP_GRACE = 2.0
# Searches yield the CPU to the server itself: a crowd of searches (or two cold Node starts)
# on a small machine must not stall the server's cheap routes, which answer the sidebar.
SEARCH_NICENESS = 5


def search_child_setup() -> None:
    """child_setup (own process group, PDEATHSIG) and a lower CPU priority."""
    child_setup()
    try:
        os.nice(SEARCH_NICENESS)
    except OSError:
        pass


def gone(pid: int) -> bool:
    """The process has exited though asyncio may not have said so yet (killed while idle just
    before a request: the request would reach a dead pipe). Reaped, or a zombie (Linux)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


class SearchWorker:
    """One `ibl2nwb search --serve` process, started on first use and after it died."""

    def __init__(self, command: list[str] | None = None):
        self._command = command  # tests give a stand-in; None: the bundled CLI
        self.process: Child | None = None
        self._answers = None
        self._stderr: asyncio.Future | None = None
        self.tail = StderrTail()
        self._ids = itertools.count(1)
        self.started = 0  # how many processes this worker has started (restarts + 1)
        self._killed = False
        self._starting: asyncio.Future | None = None

    @property
    def alive(self) -> bool:
        """Running and usable (one killed after a timeout is not, even before it is reaped)."""
        return (
            self.process is not None and self.process.returncode is None and not self._killed
            and not gone(self.process.pid)
        )

    async def ready(self) -> None:
        """Running, started now if it is not: a start already under way (the warm-up at server
        start) is waited for, never doubled."""
        if self._starting is None and not self.alive:
            self._starting = asyncio.ensure_future(self.start())
            self._starting.add_done_callback(self._started)
        if self._starting is not None:
            await asyncio.shield(self._starting)

    def _started(self, start: asyncio.Future) -> None:
        self._starting = None
        if not start.cancelled():
            start.exception()  # retrieved: a waiter raises it, a warm-up logs it

    async def start(self) -> None:
        command = self._command or cli_command(["search", "--serve"])
        self.tail = StderrTail()
        self.process = await spawn(command, env=cli_environment(), setup=search_child_setup, stdin=True)
        self.started += 1
        self._killed = False
        self._answers = read_lines(self.process.stdout)
        self._stderr = asyncio.ensure_future(self.tail.follow(self.process.stderr))

    async def send(self, args: list[str]) -> int:
        """Write one request; its id. BrokenPipeError/ConnectionResetError if the process is gone."""
        request_id = next(self._ids)
        self.process.stdin.write((json.dumps({"id": request_id, "args": args}) + "\n").encode())
        await self.process.stdin.drain()
        return request_id

    async def answer(self, request_id: int) -> dict:
        """The answer to `request_id`, its head with its `lines` (passed on unparsed: a big
        answer parsed at once would hold up the event loop); CliError(502) if the process
        ended before giving all of it."""
        async for line in self._answers:
            if not line.startswith("{"):
                continue  # not an answer (a stray print)
            try:
                head = json.loads(line)
            except ValueError:
                continue
            if isinstance(head, dict) and head.get("id") == request_id:
                count = head.get("count")
                lines = []
                if isinstance(count, int) and count > 0:
                    async for row in self._answers:
                        lines.append(row)
                        if len(lines) == count:
                            break
                if len(lines) == (count or 0):
                    return {**head, "lines": lines}
                break  # the process ended in the middle of the answer
        code = await self.process.wait()
        await asyncio.wait([self._stderr], timeout=1)
        said = self.tail.text().strip().splitlines()
        cause = f" ({said[-1].strip()})" if said else ""
        raise CliError(
            f"The search process stopped (exit {code}) before answering{cause}; try again: a new one is started.",
            502,
        )

    def kill(self) -> None:
        """SIGKILL to its process group (the process and anything it started)."""
        self._killed = True
        if self.process is not None and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """End of input first (the worker exits 0), then SIGTERM, then SIGKILL."""
        if self._starting is not None:  # a start under way ends first, then its process is stopped
            await asyncio.wait([self._starting])
        if self.process is None:
            return
        if self.process.returncode is None:
            try:
                self.process.stdin.close()
                await asyncio.wait_for(self.process.wait(), grace)
            except (asyncio.TimeoutError, OSError):
                for signum in (signal.SIGTERM, signal.SIGKILL):
                    try:
                        os.killpg(self.process.pid, signum)
                    except ProcessLookupError:
                        break
                    try:
                        await asyncio.wait_for(self.process.wait(), grace)
                        break
                    except asyncio.TimeoutError:
                        continue
        if self._stderr is not None:
            await asyncio.wait([self._stderr], timeout=1)


class SearchPool:
    """`size` search workers; `run` takes an idle one (waiting if none is), starts it if needed,
    and answers like cli_runner.run_once: stdout lines, or CliError with the HTTP status."""

    def __init__(self, size: int = 2, command: list[str] | None = None):
        self.workers = [SearchWorker(command) for _ in range(max(1, size))]
        self._idle: asyncio.LifoQueue | None = None
        self._stopping = False

    def _queue(self) -> asyncio.Queue:
        if self._idle is None:  # made in the server's event loop, on first use
            # Last in, first out: a lone search goes to the warm process that has its cache
            # open; a second one starts only when two searches run at once.
            self._idle = asyncio.LifoQueue()
            for worker in reversed(self.workers):  # workers[0] first: the one `warm` starts
                self._idle.put_nowait(worker)
        return self._idle

    async def run(self, args: list[str], timeout: float = 120, slow: str = "try narrower filters") -> list[str]:
        """`args` as for run_once: ["search", *options]."""
        if not args or args[0] != "search":
            raise ValueError(f"a search pool runs `search` only, not {args[:1]}")
        args = [*args, "--json"]
        idle = self._queue()
        worker = await idle.get()
        try:
            if self._stopping:
                raise CliError("The server is stopping; search again after it restarted.", 503)
            answer = await asyncio.wait_for(self._ask(worker, args[1:]), timeout)  # without "search"
        except asyncio.TimeoutError:
            worker.kill()  # the next request starts a fresh one
            raise CliError(f"ibl2nwb search took longer than {timeout:.0f} s; {slow}.", 504) from None
        finally:
            idle.put_nowait(worker)
        lines = [line for line in answer.get("lines", []) if isinstance(line, str) and line.strip()]
        code = answer.get("exit")
        if code != 0:
            raise failure(args, code if isinstance(code, int) else 1, lines, str(answer.get("error") or ""))
        return lines

    async def _ask(self, worker: SearchWorker, args: list[str]) -> dict:
        # A worker found dead before the request was sent (killed while idle) is replaced and
        # the request sent again: it never reached the dead one. One that dies after receiving
        # it is not retried (the request may be what kills it): 502.
        for attempt in (1, 2):
            await worker.ready()
            try:
                request_id = await worker.send(args)
            except (BrokenPipeError, ConnectionResetError):
                worker.kill()
                await worker.process.wait()
                if attempt == 2:
                    raise CliError("The search process could not be started; see the server log.", 502) from None
                continue
            return await worker.answer(request_id)
        raise AssertionError("unreachable")

    async def warm(self) -> str | None:
        """Start the first search process now, so the first searches find it running (a Node
        start is ~0.4 s of CPU, and on a small machine the server's own routes wait while it
        runs). One process only: it costs ~70 MiB while idle; a second one starts when two
        searches run at once. Never raises: with no Node or no CLI here the server still
        starts (this says why, for the log), and the first search answers with what is
        missing, as without the warm-up."""
        if self._stopping:
            return None
        try:
            await self.workers[0].ready()
        except (CliError, OSError) as error:
            return str(error)
        return None

    async def shutdown(self, grace: float = STOP_GRACE) -> None:
        """Stop every worker (the server is stopping); later requests get a 503."""
        self._stopping = True
        await asyncio.gather(*(worker.stop(grace) for worker in self.workers))

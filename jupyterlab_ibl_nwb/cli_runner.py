"""The one way the server runs the bundled `ibl2nwb` CLI: where it is, its environment, how its
output is read (JSON lines of any length), how many short commands run at once, and how its
exit codes and structured error events become HTTP statuses.

Conversions are long and run as jobs (jobs.py builds on `cli_command`, `read_lines` and
`StderrTail`); search, info, metadata and login are short and go through `ShortCommands`,
which sends local searches to long-lived `search --serve` processes (search_pool.py).
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from collections import OrderedDict, deque
from typing import AsyncIterator

from .node import cli_environment, find_cli, find_node, missing_node_message
from .spawn import spawn

NO_CLI = (
    "The bundled ibl2nwb CLI (jupyterlab_ibl_nwb/cli/ibl2nwb.mjs) is missing on the server:"
    " reinstall jupyterlab_ibl_nwb (from source, `npm run build:cli` builds it)."
)

# Contract 1 of the CLI: 0 ok, 1 failure, 2 usage, 3 not available, 130 cancelled.
EXIT_USAGE, EXIT_NOT_AVAILABLE, EXIT_CANCELLED = 2, 3, 130

# Error codes of the CLI's structured error event (contract 2) that are the request's fault.
REQUEST_CODES = {
    "USAGE": 400, "METADATA_INVALID": 400, "METADATA_MISMATCH": 400, "OUTPUT_EXISTS": 409,
    "OUTPUT_INVALID": 400, "NOT_AVAILABLE": 422, "NOTHING_WRITTEN": 422,
    "DATASET_MISSING": 422, "DATASET_INVALID": 422, "DISK_FULL": 507, "INTERNAL": 500,
    "NOT_FOUND": 404,
}

# stdout is read in chunks and split into lines with no limit (the `done` line carries the
# report, 25 KB and more), except this guard against a runaway line eating the server's memory.
CHUNK = 1 << 16
MAX_LINE = 256 << 20


class CliError(Exception):
    """The CLI could not run or reported an error; `status` is the HTTP status to answer with,
    `event` the CLI's structured error event if it sent one."""

    def __init__(self, message: str, status: int = 502, event: dict | None = None):
        super().__init__(message)
        self.status = status
        self.event = event


def cli_command(args: list[str]) -> list[str]:
    """[node, ibl2nwb.mjs, *args], or CliError(503) if either is missing here."""
    node, cli = find_node(), find_cli()
    if node is None:
        # Says which: a wrong IBL2NWB_NODE, or no Node.js at all (node.py).
        raise CliError(missing_node_message(), status=503)
    if cli is None:
        raise CliError(NO_CLI, status=503)
    return [node, cli, *args]


def _parent_death_signal():
    """libc's prctl, resolved once in the server: the forked child must not import or load
    anything (another thread may hold a lock at fork time)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
    except (OSError, AttributeError):
        return None


_PRCTL = _parent_death_signal()
PR_SET_PDEATHSIG = 1


def child_setup() -> None:
    """Run in the forked child before exec (with start_new_session, so a signal to its process
    group reaches the CLI's workers too): on Linux, SIGTERM when the server dies, even by kill -9."""
    if _PRCTL is not None:  # elsewhere the shutdown hook still stops children
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


async def read_lines(stream: asyncio.StreamReader) -> AsyncIterator[str]:
    """Lines of `stream` as text, however long (asyncio's readline stops at 64 KiB)."""
    buffer = bytearray()
    searched = 0  # bytes of `buffer` known to hold no newline: a long line is scanned once
    while True:
        chunk = await stream.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
        while True:
            end = buffer.find(b"\n", searched)
            if end < 0:
                searched = len(buffer)
                break
            yield buffer[:end].decode("utf-8", "replace")
            del buffer[: end + 1]
            searched = 0
        if len(buffer) > MAX_LINE:
            yield buffer.decode("utf-8", "replace")
            buffer.clear()
    if buffer:
        yield buffer.decode("utf-8", "replace")


OWN_LINE = re.compile(r"^ibl2nwb( \w+)?: ")


class StderrTail:
    """The last lines of stderr, bounded in lines and in characters per line, and the CLI's own
    first `ibl2nwb <command>: …` lines wherever they are (a 4 KB HDF5 dump may follow them)."""

    def __init__(self, lines: int = 40, width: int = 400):
        self.lines: deque[str] = deque(maxlen=lines)
        self.own: list[str] = []
        self.width = width

    async def follow(self, stream: asyncio.StreamReader) -> None:
        async for line in read_lines(stream):
            if line.strip():
                line = line if len(line) <= self.width else line[: self.width] + "…"
                self.lines.append(line)
                if OWN_LINE.match(line.strip()) and len(self.own) < 5:
                    self.own.append(line)

    def text(self) -> str:
        """The own lines first, then the tail: cause_line finds the cause in either."""
        return "\n".join([*self.own, *self.lines])


HDF5_ERRNO = re.compile(r"filename = '([^']*)'.*?error message = '([^']*)'", re.DOTALL)
HDF5_MINOR = re.compile(r"^\s*minor: (.+)$", re.MULTILINE)


def readable_message(text: str, limit: int = 600) -> str:
    """One or two sentences from an error message: an HDF5 diagnostic dump (HDF5-DIAG, kilobytes
    of stack) becomes its cause, `<file>: <system error>`; anything else is cut to `limit`."""
    text = text.strip()
    if "HDF5-DIAG" in text or text.count("\n") > 5:
        lead = text.split("HDF5-DIAG")[0].strip().splitlines()
        found = HDF5_ERRNO.findall(text)
        if found:
            filename, cause = found[-1]
            name = re.sub(r"\.part(\.chunks)?$", "", os.path.basename(filename))
            cause = f"could not write {name}: {cause}"
        else:
            minors = HDF5_MINOR.findall(text)
            cause = f"HDF5 failed: {minors[-1].strip()}" if minors else text.splitlines()[-1].strip()
        text = f"{lead[0].rstrip(':')}: {cause}" if lead else cause[:1].upper() + cause[1:]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_event(events: list[dict]) -> dict | None:
    """The CLI's structured error event (the last one), if it sent any."""
    found = [e for e in events if isinstance(e, dict) and e.get("type") == "error"]
    return found[-1] if found else None


def cause_line(stderr: str) -> str:
    """The line of stderr that names the cause: the CLI's `ibl2nwb <command>: …` line if any,
    else the last line (an HDF5 dump puts the cause last), without the prefix."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    own = [line for line in lines if OWN_LINE.match(line)]
    line = own[0] if own else (lines[-1] if lines else "")
    return OWN_LINE.sub("", line)


def status_of(code: int, event: dict | None, message: str, remote: bool) -> int:
    """The HTTP status of a failed short command."""
    kind = (event or {}).get("code")
    if kind == "NOT_FOUND":  # a session the source does not have (the CLI's code, contract 7)
        return 404
    if code == EXIT_USAGE:
        return 400
    if kind in REQUEST_CODES:
        return REQUEST_CODES[kind]
    if code == EXIT_NOT_AVAILABLE:
        return 422
    if remote or kind == "REMOTE":
        legacy = (event or {}).get("kind")
        if legacy == "AuthenticationError" or "Authentication failed" in message:
            return 401
        if legacy == "ForbiddenError" or "Access refused" in message:
            return 403
        if legacy == "NotFoundError" or (event or {}).get("status") == 404:
            return 404
    return 502


class ShortCommands:
    """Runs short commands (search, info, metadata, login) at most `limit` at once; others wait
    up to `wait` seconds, then get a 503. Identical commands running at the same time share one
    process, so a crowd asking the same search costs one Node process. A caller may give a
    `stamp` (e.g. the cache tables' size and mtime): answers are then kept, and reused while the
    stamp is the same (the answer of a local search depends on nothing else)."""

    def __init__(self, limit: int = 2, wait: float = 30, remembered: int = 64, searches=None):
        self.limit = limit
        # A search_pool.SearchPool: local searches go to its long-lived processes instead of
        # a Node start each (remote ones keep run_once: they need the user's token in the env).
        self.searches = searches
        self.wait = wait
        self._slots = asyncio.Semaphore(limit)
        self._running: dict[tuple, asyncio.Future] = {}
        self._answers: OrderedDict[tuple, list[str]] = OrderedDict()
        self._remembered = remembered
        self.peak = 0
        self._active = 0

    async def run(
        self, args: list[str], env: dict[str, str] | None = None, timeout: float = 120,
        slow: str = "try narrower filters", stamp: tuple | None = None,
    ) -> list[str]:
        """The command's stdout lines (JSON, unparsed); CliError with the status on failure."""
        key = (tuple(args), tuple(sorted((env or {}).items())), stamp)
        if stamp is not None and key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        lines = await self._shared(key, args, env, timeout, slow)
        if stamp is not None:
            self._answers[key] = lines
            while len(self._answers) > self._remembered:
                self._answers.popitem(last=False)
        return lines

    async def _shared(self, key, args, env, timeout, slow) -> list[str]:
        shared = self._running.get(key)
        if shared is None:
            shared = asyncio.ensure_future(self._run_in_slot(args, env, timeout, slow))
            self._running[key] = shared
            shared.add_done_callback(lambda _: self._running.pop(key, None))
        return await asyncio.shield(shared)

    async def _run_in_slot(self, args, env, timeout, slow) -> list[str]:
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait)
        except asyncio.TimeoutError:
            raise CliError(
                f"The server is busy with other searches (at most {self.limit} at once); try again in a moment.", 503
            ) from None
        self._active += 1
        self.peak = max(self.peak, self._active)
        try:
            if self.searches is not None and args[0] == "search" and "--alyx" not in args and not env:
                return await self.searches.run(args, timeout, slow)
            return await run_once(args, env, timeout, slow)
        finally:
            self._active -= 1
            self._slots.release()

    async def warm(self) -> str | None:
        """Start one search process ahead of the first search; why not, if it could not."""
        return await self.searches.warm() if self.searches is not None else None

    async def shutdown(self) -> None:
        """Stop the long-lived search processes (the server is stopping)."""
        if self.searches is not None:
            await self.searches.shutdown()


async def run_once(args: list[str], env: dict[str, str] | None, timeout: float, slow: str) -> list[str]:
    """Run `ibl2nwb <args> --json` once; stdout lines, or CliError mapped from its exit."""
    process = await spawn(cli_command([*args, "--json"]), env={**cli_environment(), **(env or {})}, setup=child_setup)
    tail = StderrTail()
    lines: list[str] = []

    async def collect() -> None:
        async for line in read_lines(process.stdout):
            if line.strip():
                lines.append(line)

    try:
        await asyncio.wait_for(asyncio.gather(collect(), tail.follow(process.stderr), process.wait()), timeout)
    except asyncio.TimeoutError:
        raise CliError(f"ibl2nwb {args[0]} took longer than {timeout:.0f} s; {slow}.", 504) from None
    finally:
        if process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await process.wait()
    if process.returncode != 0:
        raise failure(args, process.returncode, lines, tail.text())
    return lines


def planned_outputs(args: list[str], timeout: float = 60) -> list[dict]:
    """The files a `convert` command line would write, as the CLI itself names them
    (`convert … --plan`: each .nwb with its report, and with --split which file it is):
    [{"path", "report", "file"?}]. CliError as for any command. Blocking (a Node start,
    ~0.4 s): call it off the event loop (job_request.build runs in a thread)."""
    if not args or args[0] != "convert":
        raise ValueError(f"a plan is of `convert`, not {args[:1]}")
    command = [*args, "--plan", "--json"]
    try:
        done = subprocess.run(
            cli_command(command), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
            env=cli_environment(), start_new_session=True, preexec_fn=child_setup,
        )
    except subprocess.TimeoutExpired:
        raise CliError(f"ibl2nwb convert --plan took longer than {timeout:.0f} s; the server may be overloaded.", 504) from None
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0:
        raise failure(command, done.returncode, lines, done.stderr)
    plan = next((e for e in parse_lines(lines) if isinstance(e, dict) and e.get("type") == "plan"), None)
    if plan is None or not isinstance(plan.get("outputs"), list):
        raise CliError("ibl2nwb convert --plan printed no plan: reinstall jupyterlab_ibl_nwb.", 502)
    return plan["outputs"]


def failure(args: list[str], code: int, lines: list[str], stderr: str) -> CliError:
    """The CliError of a command that exited with `code` (not 0), printed `lines` on stdout
    (its error event among them, with --json) and `stderr`."""
    event = error_event(parse_lines(lines))
    message = (event or {}).get("message") or cause_line(stderr) or f"ibl2nwb {args[0]} failed"
    message = readable_message(re.sub(r"^ibl2nwb \w+: ", "", str(message)))
    remote = "--alyx" in args
    return CliError(message, status_of(code, event, message, remote), event)


def parse_lines(lines: list[str]) -> list[dict]:
    """JSON lines as objects (lines that are not JSON are skipped)."""
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            continue
    return parsed

"""Start a CLI child process without holding up the server's event loop.

asyncio.create_subprocess_exec forks and execs in the event loop's thread, and with a
`preexec_fn` (PDEATHSIG, nice) Python can use neither vfork nor posix_spawn: every route waits
while the whole server process is forked and until the child has exec'd (20-50 ms measured on a
loaded 2-core machine, once per search process or conversion started). Here the fork and exec
run in a thread; the child's pipes are then joined to the loop as asyncio streams and its exit
is awaited by a thread of its own (as asyncio's ThreadedChildWatcher does). `Child` answers
like asyncio.subprocess.Process (pid, returncode, stdin, stdout, stderr, wait).

PDEATHSIG (cli_runner.child_setup) fires when the *thread* that forked the child ends: the
spawner's threads are a pool's, which live as long as the server process.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Callable

# Its own threads: a spawn never queues behind the default executor's slower work (job checks).
_SPAWNER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ibl2nwb-spawn")


class Child:
    """A started child: `returncode` is None until the event loop has seen it exit."""

    def __init__(self, popen: subprocess.Popen, loop: asyncio.AbstractEventLoop):
        self.pid = popen.pid
        self.returncode: int | None = None
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout: asyncio.StreamReader | None = None
        self.stderr: asyncio.StreamReader | None = None
        self._exited = loop.create_future()

    async def wait(self) -> int:
        """Its exit code (negative: the signal that ended it); cancelling a waiter is harmless."""
        return await asyncio.shield(self._exited)

    def _exit(self, code: int) -> None:
        self.returncode = code
        if self.stdin is not None:
            self.stdin.close()
        if not self._exited.done():
            self._exited.set_result(code)


def _reap(popen: subprocess.Popen, loop: asyncio.AbstractEventLoop, child: Child | None) -> None:
    code = popen.wait()
    if child is not None:
        try:
            loop.call_soon_threadsafe(child._exit, code)
        except RuntimeError:  # the loop is closed: nobody is left to tell
            pass


def _watch(popen: subprocess.Popen, loop: asyncio.AbstractEventLoop, child: Child | None) -> None:
    threading.Thread(target=_reap, args=(popen, loop, child), daemon=True, name=f"ibl2nwb-wait-{popen.pid}").start()


def _kill(popen: subprocess.Popen) -> None:
    """SIGKILL to its process group (start_new_session made it the leader)."""
    try:
        os.killpg(popen.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


async def spawn(
    command: list[str], *, env: dict[str, str], setup: Callable[[], None], cwd: str | None = None,
    stdin: bool = False,
) -> Child:
    """Start `command` in a new session (its own process group) with `setup` run before exec;
    stdout and stderr are pipes, stdin a pipe if asked, else /dev/null. OSError if it cannot
    start (as subprocess.Popen)."""
    loop = asyncio.get_running_loop()
    starting = loop.run_in_executor(_SPAWNER, partial(
        subprocess.Popen, command, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True,
        preexec_fn=setup,
    ))
    try:
        popen = await asyncio.shield(starting)
    except asyncio.CancelledError:
        # The caller gave up (a timeout) while the fork ran: the child it would have had is
        # killed and reaped as soon as it exists, never left running unowned.
        def orphan(done: asyncio.Future) -> None:
            if not done.cancelled() and done.exception() is None:
                _kill(done.result())
                _watch(done.result(), loop, None)

        starting.add_done_callback(orphan)
        raise
    child = Child(popen, loop)
    _watch(popen, loop, child)
    try:
        child.stdout = await _reader(loop, popen.stdout)
        child.stderr = await _reader(loop, popen.stderr)
        if stdin:
            transport, protocol = await loop.connect_write_pipe(
                lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader()), popen.stdin
            )
            child.stdin = asyncio.StreamWriter(transport, protocol, None, loop)
    except BaseException:
        _kill(popen)
        raise
    return child


async def _reader(loop: asyncio.AbstractEventLoop, pipe) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=1 << 16)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
    return reader

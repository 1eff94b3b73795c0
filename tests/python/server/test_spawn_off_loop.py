"""Starting a CLI child never stops the server's event loop: the fork and exec (slow on a loaded
machine, and Python cannot use vfork with a preexec_fn) run off the loop, so the cheap routes keep
answering while a search process or a conversion starts. A child whose start is slowed on
purpose (its setup sleeps before exec) must not stall a ticker running beside it."""
import asyncio
import sys
import time

import pytest

from jupyterlab_ibl_nwb import search_pool, spawn
from jupyterlab_ibl_nwb.cli_runner import child_setup
from jupyterlab_ibl_nwb.jobs import JobManager

from loop_stall import longest_stall  # pytest puts this folder on sys.path

SLOW_START = 0.6  # seconds the child's setup sleeps before exec
ECHO = [sys.executable, "-c", "import sys\nfor line in sys.stdin: print(line, end='', flush=True)"]


def slow_setup() -> None:
    child_setup()
    time.sleep(SLOW_START)


async def test_a_search_process_starts_without_stalling_the_loop(monkeypatch):
    monkeypatch.setattr(search_pool, "search_child_setup", slow_setup)
    worker = search_pool.SearchWorker(ECHO)
    started = time.perf_counter()
    stall, _ = await longest_stall(worker.start())
    try:
        assert time.perf_counter() - started >= SLOW_START  # the slow start did happen
        assert stall < SLOW_START / 3, f"the loop stalled {stall:.2f} s while a search process started"
        request = await worker.send(["--cache", "x"])
        assert request == 1 and (await worker.process.stdout.readline()).startswith(b'{"id": 1')
    finally:
        await worker.stop()
    assert worker.process.returncode == 0  # end of stdin ended it


async def test_a_conversion_starts_without_stalling_the_loop(monkeypatch, tmp_path):
    import jupyterlab_ibl_nwb.jobs as jobs

    monkeypatch.setattr(jobs, "child_setup", slow_setup)
    manager = JobManager(tmp_path / "state")

    async def run():
        job = manager.submit([sys.executable, "-c", "print('{\"type\": \"log\", \"message\": \"hi\"}')"])
        for _ in range(400):
            if manager.get(job.id).status not in ("queued", "running"):
                return manager.get(job.id)
            await asyncio.sleep(0.01)

    stall, job = await longest_stall(run())
    assert job is not None and job.message == "hi" and job.exit_code == 0
    assert stall < SLOW_START / 3, f"the loop stalled {stall:.2f} s while a conversion started"


async def test_a_start_given_up_on_leaves_no_child(tmp_path):
    """A caller that stops waiting (a timeout) while the child is being started: the child is
    killed as soon as it exists, not left running with nobody to stop it."""
    marker = tmp_path / "ran"
    command = [sys.executable, "-c", f"import time; time.sleep(1); open({str(marker)!r}, 'w')"]
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(spawn.spawn(command, env={}, setup=slow_setup), SLOW_START / 3)
    await asyncio.sleep(SLOW_START + 1.5)
    assert not marker.exists()

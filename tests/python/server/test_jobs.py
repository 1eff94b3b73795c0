"""The job manager runs converter subprocesses, follows their JSON progress, cancels them and
remembers them across a page reload (same manager) and a server restart (new manager)."""
import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from jupyterlab_ibl_nwb.jobs import JobManager
from jupyterlab_ibl_nwb.paths import PathOutsideRoot, resolve_inside

FAKE = str(Path(__file__).with_name("fake_converter.py"))


async def wait_finished(manager, job_id, timeout=30):
    for _ in range(int(timeout / 0.05)):
        if manager.get(job_id).status in ("done", "failed", "cancelled"):
            return manager.get(job_id)
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {manager.get(job_id)}")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_job_reports_progress_and_report(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "a.nwb"
    job = manager.submit([sys.executable, FAKE, "ok", str(out)], output=str(out))
    done = await wait_finished(manager, job.id)
    assert done.status == "done", done
    assert done.fraction == 1.0
    assert done.report["output"] == str(out)
    assert out.exists() and not Path(str(out) + ".part").exists()
    assert any('"step": "probe00"' in line for line in done.log)


async def test_failure_keeps_the_error_and_no_output(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "b.nwb"
    job = manager.submit([sys.executable, FAKE, "fail", str(out)], output=str(out))
    done = await wait_finished(manager, job.id)
    assert done.status == "failed"
    assert "truncated" in done.error and "re-download" in done.error
    assert not out.exists() and not Path(str(out) + ".part").exists()


async def test_cancel_stops_the_subprocess_and_leaves_no_file(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "c.nwb"
    job = manager.submit([sys.executable, FAKE, "slow", str(out)], output=str(out))
    for _ in range(200):
        if manager.get(job.id).step:
            break
        await asyncio.sleep(0.05)
    pid = manager.get(job.id).pid
    assert pid is not None and pid_alive(pid)
    await manager.cancel(job.id)
    done = await wait_finished(manager, job.id)
    assert done.status == "cancelled"
    assert not pid_alive(pid)
    assert not out.exists() and not Path(str(out) + ".part").exists()


async def test_concurrency_limit_queues_jobs(tmp_path):
    manager = JobManager(tmp_path / "state", max_concurrent=1)
    jobs = [manager.submit([sys.executable, FAKE, "ok", str(tmp_path / f"{i}.nwb")]) for i in range(3)]
    assert [manager.get(j.id).status for j in jobs] == ["running", "queued", "queued"]
    for job in jobs:
        assert (await wait_finished(manager, job.id)).status == "done"


async def test_jobs_survive_a_server_restart(tmp_path):
    state = tmp_path / "state"
    manager = JobManager(state)
    out = tmp_path / "d.nwb"
    job = manager.submit([sys.executable, FAKE, "ok", str(out)], output=str(out))
    await wait_finished(manager, job.id)
    again = JobManager(state)
    assert again.get(job.id).status == "done"
    assert again.get(job.id).report["output"] == str(out)
    assert [j["id"] for j in again.list()] == [job.id]


def test_paths_must_stay_inside_the_root(tmp_path):
    (tmp_path / "sub").mkdir()
    assert resolve_inside(tmp_path, "sub/x.nwb") == (tmp_path / "sub" / "x.nwb").resolve()
    assert resolve_inside(tmp_path, str(tmp_path / "y.nwb")) == (tmp_path / "y.nwb").resolve()
    for bad in ("../x.nwb", "sub/../../x.nwb", "/etc/passwd", "a\x00b"):
        with pytest.raises(PathOutsideRoot):
            resolve_inside(tmp_path, bad)
    os.symlink("/tmp", tmp_path / "escape")
    with pytest.raises(PathOutsideRoot):
        resolve_inside(tmp_path, "escape/x.nwb")


def test_jobs_dir_is_configurable(tmp_path):
    from jupyterlab_ibl_nwb.handlers import setup_route_handlers

    class App:
        settings = {"base_url": "/"}

        def add_handlers(self, *_):
            pass

    app = App()
    setup_route_handlers(app, max_jobs=3, jobs_dir=str(tmp_path / "jobs"))
    manager = app.settings["ibl_nwb_jobs"]
    assert manager.state_dir == tmp_path / "jobs" and manager.max_concurrent == 3
    assert (tmp_path / "jobs").is_dir()


async def test_jobs_run_with_the_malloc_tunables_unless_the_user_set_their_own(tmp_path, monkeypatch):
    """Conversions get transparent huge pages for large arrays (jupyterlab_ibl_nwb.node)."""
    from jupyterlab_ibl_nwb.node import MALLOC_TUNABLES

    probe = (
        "import json, os; print(json.dumps({'type': 'log', 'message': os.environ.get('GLIBC_TUNABLES')}));"
        " print(json.dumps({'type': 'done', 'report': {}}))"
    )
    for preset, expected in ((None, MALLOC_TUNABLES), ("glibc.malloc.arena_max=2", "glibc.malloc.arena_max=2")):
        if preset is None:
            monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
        else:
            monkeypatch.setenv("GLIBC_TUNABLES", preset)
        manager = JobManager(tmp_path / f"state-{preset}")
        job = manager.submit([sys.executable, "-c", probe])
        done = await wait_finished(manager, job.id)
        assert done.status == "done", done
        expected_here = expected if sys.platform.startswith("linux") or preset else None
        assert any(f'"message": {json.dumps(expected_here)}' in line for line in done.log), done.log

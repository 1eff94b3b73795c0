"""The server's CLI children live and die with it: stopping Jupyter stops them (SIGTERM, then
SIGKILL), a server killed outright takes them down too (PDEATHSIG), and a full disk ends a
real conversion as "failed" with no .nwb and no .part files (tmpfs at several sizes)."""
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from one.api import ONE

HERE = Path(__file__).resolve().parent
FAKE = str(HERE / "fake_converter.py")


def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


async def test_stopping_jupyter_stops_its_clis(jp_serverapp, tmp_path):
    manager = jp_serverapp.web_app.settings["ibl_nwb_jobs"]
    out = tmp_path / "x.nwb"
    job = manager.submit([sys.executable, FAKE, "slow", str(out)], output="x.nwb", files=[str(out)])
    for _ in range(200):
        if manager.get(job.id).pid and manager.get(job.id).step:
            break
        await asyncio.sleep(0.05)
    pid = manager.get(job.id).pid
    assert pid and alive(pid)
    await jp_serverapp.cleanup_extensions()  # what ServerApp._cleanup runs on stop
    assert not alive(pid)
    assert manager.get(job.id).status == "failed"
    assert "server stopped" in manager.get(job.id).error
    assert not out.exists() and not Path(str(out) + ".part").exists()


SERVER = """
import asyncio, sys
from jupyterlab_ibl_nwb.jobs import JobManager
async def main():
    manager = JobManager(sys.argv[1])
    job = manager.submit([sys.executable, sys.argv[2], "slow", sys.argv[3]], files=[sys.argv[3]])
    while not manager.get(job.id).step:
        await asyncio.sleep(0.05)
    print(manager.get(job.id).pid, flush=True)
    await asyncio.sleep(60)
asyncio.run(main())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PDEATHSIG is Linux's")
def test_a_server_killed_outright_takes_its_clis_down(tmp_path):
    out = tmp_path / "k.nwb"
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[2])}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp_path / "state"), FAKE, str(out)],
                              stdout=subprocess.PIPE, text=True, env=env)
    pid = int(server.stdout.readline())
    assert alive(pid)
    server.send_signal(signal.SIGKILL)
    server.wait()
    for _ in range(100):
        if not alive(pid):
            break
        time.sleep(0.05)
    assert not alive(pid)
    assert not out.exists() and not Path(str(out) + ".part").exists()  # it got SIGTERM and cleaned up


async def wait_job(jp_fetch, job_id, timeout=120):
    for _ in range(int(timeout / 0.2)):
        job = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "jobs", job_id)).body)
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.mark.parametrize("size", ["64k", "1m", "3m"])
async def test_a_full_disk_fails_the_job_and_leaves_nothing(jp_fetch, jp_root_dir, repo, size):
    """The sample converts to ~3.4 MB: each tmpfs fills at a different point of the run."""
    small = jp_root_dir / "small"
    small.mkdir()
    if os.system(f"mount -t tmpfs -o size={size} tmpfs {small} 2>/dev/null") != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        eid = str(ONE(mode="local", cache_dir=repo / "demo" / "one-cache").search()[0])
        body = {"eid": eid, "cacheDir": "", "output": "small/x.nwb"}
        response = await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
        job = await wait_job(jp_fetch, json.loads(response.body)["id"])
        assert job["status"] == "failed", job["status"]
        assert any(cause in job["error"].lower() for cause in ("no space left on device", "disk full")), job["error"]
        assert len(job["error"]) < 600 and "HDF5-DIAG" not in job["error"]
        assert sorted(p.name for p in small.iterdir() if ".nwb" in p.name and "report" not in p.name) == []
    finally:
        os.system(f"umount {small}")

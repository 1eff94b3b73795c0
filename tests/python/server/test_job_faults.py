"""Faults a conversion job must survive and end in the right state: status matching the files,
a message that names the cause, no .nwb after a failure, no .part left, nothing hung, no slot
leaked. The CLI is stood in for by fake_converter.py, which prints the same events."""
import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from jupyterlab_ibl_nwb import jobs as jobs_module
from jupyterlab_ibl_nwb.jobs import JobManager

FAKE = str(Path(__file__).with_name("fake_converter.py"))


def fake(mode, out, starts=None):
    return [sys.executable, FAKE, mode, str(out), *([str(starts)] if starts else [])]


async def finished(manager, job_id, timeout=20):
    for _ in range(int(timeout / 0.05)):
        if manager.get(job_id).status in ("done", "failed", "cancelled"):
            return manager.get(job_id)
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {manager.get(job_id)}")


async def running_step(manager, job_id, timeout=20):
    for _ in range(int(timeout / 0.05)):
        job = manager.get(job_id)
        if job.step and job.pid:
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} never started: {manager.get(job_id)}")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def leftovers(folder: Path):
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name or p.suffix == ".nwb")


def most_at_once(starts: Path) -> tuple[int, int]:
    """(how many fakes started, most running at the same time) from their start/end marks."""
    level = peak = started = 0
    for line in starts.read_text().splitlines() if starts.exists() else []:
        what = line.split()[0]
        level += 1 if what == "start" else -1
        started += what == "start"
        peak = max(peak, level)
    return started, peak


@pytest.mark.parametrize("mode, cause", [("nodone", "without a 'done' event"), ("nofile", "not on disk")])
async def test_exit_0_is_not_done_without_the_done_event_and_the_file(tmp_path, mode, cause):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "x.nwb"
    job = manager.submit(fake(mode, out), output="x.nwb", files=[str(out)])
    done = await finished(manager, job.id)
    assert done.status == "failed", done
    assert cause in done.error
    assert leftovers(tmp_path) == []


async def test_split_needs_both_files(tmp_path):
    manager = JobManager(tmp_path / "state")
    out, raw = tmp_path / "s.nwb", tmp_path / "s_raw.nwb"
    job = manager.submit(fake("split", out), output="s.nwb", files=[str(out), str(raw)])
    assert (await finished(manager, job.id)).status == "done"
    # The same run where the raw file is expected under another name: not proven, nothing kept.
    out2 = tmp_path / "t.nwb"
    job = manager.submit(fake("split", out2), output="t.nwb", files=[str(out2), str(tmp_path / "other_raw.nwb")])
    failed = await finished(manager, job.id)
    assert failed.status == "failed" and "other_raw.nwb" in failed.error
    assert not out2.exists()


async def test_a_done_line_of_300_KB_is_read(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "long.nwb"
    job = manager.submit(fake("longline", out), output="long.nwb", files=[str(out)])
    done = await finished(manager, job.id, timeout=15)
    assert done.status == "done", done.error
    assert len(done.report["interfaces"]) == 3000
    assert done.report_path == str(tmp_path / "long.report.json")


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("at", [0.3, 1.2])
async def test_a_cli_killed_from_outside_fails_the_job_and_leaves_no_file(tmp_path, signum, at):
    manager = JobManager(tmp_path / "state", max_concurrent=1)
    out = tmp_path / "k.nwb"
    job = manager.submit(fake("slow", out), output="k.nwb", files=[str(out)])
    pid = (await running_step(manager, job.id)).pid
    await asyncio.sleep(at)
    os.kill(pid, signum)
    failed = await finished(manager, job.id)
    assert failed.status == "failed"
    assert ("signal" in failed.error) or ("SIG" in failed.error), failed.error
    assert leftovers(tmp_path) == []
    assert manager.running() == 0
    # The slot is free: the next job runs.
    nxt = manager.submit(fake("ok", tmp_path / "n.nwb"), output="n.nwb", files=[str(tmp_path / "n.nwb")])
    assert (await finished(manager, nxt.id)).status == "done"


async def test_structured_error_is_kept_as_sent_and_stderr_is_bounded(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "m.nwb"
    job = manager.submit(fake("structured", out), output="m.nwb", files=[str(out)])
    failed = await finished(manager, job.id)
    assert failed.status == "failed"
    assert failed.error_event["code"] == "METADATA_INVALID"
    assert failed.error_event["field"] == "NWBFile.session_start_time"
    assert failed.error_event["advice"] == "Use YYYY-MM-DDTHH:MM:SS"
    assert failed.error == "NWBFile.session_start_time is not a date: fix it in the form"
    assert 1 < len(failed.stderr) <= 40 and failed.stderr[-1] == "H5Fcreate(): unable to create file"
    summary = manager.list()[0]
    assert summary["errorCode"] == "METADATA_INVALID" and "stderr" not in summary and "log" not in summary


async def test_an_hdf5_dump_is_never_the_message(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "d.nwb"
    job = manager.submit(fake("hdf5event", out), output="d.nwb", files=[str(out)])
    failed = await finished(manager, job.id)
    assert failed.error == "Could not write d.nwb: No space left on device"
    assert failed.error_event["message"] == failed.error
    assert failed.error_event["code"] == "INTERNAL"  # the event named no code
    assert "H5FD__sec2_write" in failed.error_event["detail"] and len(failed.error_event["detail"]) <= 4000


async def test_an_old_cli_without_events_gives_its_own_line_not_the_hdf5_dump(tmp_path):
    manager = JobManager(tmp_path / "state")
    out = tmp_path / "l.nwb"
    job = manager.submit(fake("legacy", out), output="l.nwb", files=[str(out)])
    failed = await finished(manager, job.id)
    assert failed.error == "cannot create nwb/x.nwb: the folder does not exist"


async def test_a_reader_that_fails_ends_the_job_and_frees_the_slot(tmp_path, monkeypatch):
    manager = JobManager(tmp_path / "state", max_concurrent=1)

    def broken(job, line):
        raise RuntimeError("reader broke")

    monkeypatch.setattr(manager, "_on_line", broken)
    out = tmp_path / "r.nwb"
    job = manager.submit(fake("slow", out), output="r.nwb", files=[str(out)])
    failed = await finished(manager, job.id)
    assert failed.status == "failed" and "reader broke" in failed.error
    assert manager.running() == 0 and leftovers(tmp_path) == []


async def test_cancel_right_after_submit_never_starts_the_cli(tmp_path):
    manager = JobManager(tmp_path / "state", max_concurrent=1)
    starts = tmp_path / "starts.log"
    out = tmp_path / "c.nwb"
    job = manager.submit(fake("ok", out, starts), output="c.nwb", files=[str(out)])
    assert job.status == "running"  # picked at once: the process is being spawned
    await manager.cancel(job.id)
    await asyncio.sleep(1.5)
    assert manager.get(job.id).status == "cancelled"
    assert not out.exists()
    assert manager.running() == 0


async def test_cancels_keep_the_concurrency_limit(tmp_path):
    """Limit 1, three jobs, each cancelled at a different state: never two CLIs at once."""
    manager = JobManager(tmp_path / "state", max_concurrent=1)
    starts = tmp_path / "starts.log"
    outs = [tmp_path / f"{i}.nwb" for i in range(4)]
    jobs = [manager.submit(fake("slow", o, starts), output=o.name, files=[str(o)]) for o in outs[:3]]
    await manager.cancel(jobs[0].id)  # while its process starts
    await running_step(manager, jobs[1].id)
    await manager.cancel(jobs[1].id)  # while it runs
    await manager.cancel(jobs[2].id)  # possibly queued, possibly starting
    last = manager.submit(fake("ok", outs[3], starts), output=outs[3].name, files=[str(outs[3])])
    assert (await finished(manager, last.id)).status == "done"
    assert [manager.get(j.id).status for j in jobs] == ["cancelled"] * 3
    started, peak = most_at_once(starts)
    assert peak == 1, starts.read_text()
    assert [o.exists() for o in outs] == [False, False, False, True]


async def test_cancel_kills_a_cli_that_ignores_sigterm(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs_module, "TERM_GRACE", 1)
    manager = JobManager(tmp_path / "state", max_concurrent=1)
    out = tmp_path / "h.nwb"
    job = manager.submit(fake("stubborn", out), output="h.nwb", files=[str(out)])
    pid = (await running_step(manager, job.id)).pid
    started = time.monotonic()
    await manager.cancel(job.id)
    assert time.monotonic() - started < 5
    assert manager.get(job.id).status == "cancelled"
    assert not alive(pid) and manager.running() == 0
    assert leftovers(tmp_path) == []


async def test_server_stop_stops_the_clis(tmp_path):
    manager = JobManager(tmp_path / "state", max_concurrent=2)
    outs = [tmp_path / f"{i}.nwb" for i in range(3)]
    jobs = [manager.submit(fake("slow", o), output=o.name, files=[str(o)]) for o in outs]
    pids = [(await running_step(manager, j.id)).pid for j in jobs[:2]]
    await manager.shutdown(grace=5)
    assert not any(alive(pid) for pid in pids)
    assert [manager.get(j.id).status for j in jobs] == ["failed", "failed", "queued"]
    assert "server stopped" in manager.get(jobs[0].id).error
    assert leftovers(tmp_path) == []


async def test_a_restart_sweeps_part_files_fails_running_jobs_and_runs_queued_ones(tmp_path):
    """As after kill -9 of the server: records say running/queued, .part files are on disk."""
    state = tmp_path / "state"
    manager = JobManager(state, max_concurrent=1)
    outs = [tmp_path / f"{i}.nwb" for i in range(2)]
    jobs = [manager.submit(fake("slow", o), output=o.name, files=[str(o)]) for o in outs]
    await running_step(manager, jobs[0].id)
    # The old server vanishes without a word: its child goes too, its files stay.
    manager._stopping = True  # (this stand-in for the dead server must not start job 1 itself)
    os.killpg(manager.get(jobs[0].id).pid, signal.SIGKILL)
    manager.store.save(manager.get(jobs[0].id))
    for name in ("0.nwb.part", "0.nwb.part.chunks", "0.report.json.part", "1.nwb.part"):
        (tmp_path / name).write_bytes(b"stale")
    again = JobManager(state, max_concurrent=1)
    assert again.get(jobs[0].id).status == "failed"
    assert "restarted" in again.get(jobs[0].id).error
    assert leftovers(tmp_path) == []
    assert again.get(jobs[1].id).status == "queued"
    again.start()
    assert (await finished(again, jobs[1].id)).status == "done"
    await manager.shutdown(grace=1)


async def test_a_long_history_is_pruned_on_restart(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs_module, "KEEP_FINISHED", 3)
    manager = JobManager(tmp_path / "state", max_concurrent=4)
    outs = [tmp_path / f"{i}.nwb" for i in range(5)]
    ids = []
    for out in outs:
        job = manager.submit(fake("ok", out), output=out.name, files=[str(out)])
        await finished(manager, job.id)
        ids.append(job.id)
        await asyncio.sleep(0.01)
    again = JobManager(tmp_path / "state")
    assert sorted(again.jobs) == sorted(ids[2:])
    assert len(list((tmp_path / "state").glob("*.json"))) == 3


async def test_a_restart_stops_a_cli_that_outlived_its_server(tmp_path, repo):
    """Without PDEATHSIG (another OS, a launcher that cleared it) the CLI may outlive the server:
    the next server stops it before sweeping, so it cannot finish a .nwb for a failed job."""
    import subprocess

    from jupyterlab_ibl_nwb.cli_runner import cli_command
    from jupyterlab_ibl_nwb.job_record import Job, JobStore

    out = tmp_path / "o.nwb"
    eid = "949e5d42-ac82-42e6-a5d7-0de34bbc7bc1"
    orphan = subprocess.Popen(
        cli_command(["convert", eid, "--cache", str(repo / "demo" / "one-cache"), "-o", str(out), "--json"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    JobStore(tmp_path / "state").save(
        Job(id="0123456789ab", command=[], status="running", pid=orphan.pid, files=[str(out)], started=time.time())
    )
    await asyncio.sleep(0.5)
    manager = JobManager(tmp_path / "state")
    assert orphan.wait(timeout=10) == -signal.SIGKILL
    assert manager.get("0123456789ab").status == "failed"
    assert leftovers(tmp_path) == []

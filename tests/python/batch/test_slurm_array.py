"""deploy/slurm-array.sbatch on a real (one-node) SLURM: an array over generated sessions converts
every session under its final name, a re-submission skips them, a task requeued mid-conversion
leaves no partial file and converts on its second run, and tasks can download from an Alyx."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from pynwb import NWBHDF5IO

from batch_support import ALYX_PASSWORD, ALYX_USER, REPO
from slurm_cluster import SlurmCluster, stepds_under

SCRIPT = REPO / "deploy" / "slurm-array.sbatch"
SUFFIX = "_desc-processed_behavior+ecephys.nwb"


def submit(slurm: SlurmCluster, work: Path, env: dict, array: str, *args: Path, wait: bool = True) -> str:
    """sbatch --array=ARRAY the script with ARGS (eids.txt, cache, output) from `work`, where the
    task logs go; the job id. With `wait`, until every task has ended, and all must have completed."""
    job = slurm.run("sbatch", "--parsable", f"--array={array}", str(SCRIPT), *map(str, args), cwd=work,
                    env=env).stdout.strip().split(";")[0]
    if wait:
        # Not `sbatch --wait`: it polls at 2, 8, 32 s... (a minute of nothing in a short test).
        states = wait_for("the array to end", lambda: ended(task_states(slurm, job)), 240, slurm, work)
        if set(states.values()) != {"COMPLETED"}:
            raise AssertionError(f"array tasks {states}\n{task_logs(work)}\n{slurm.logs()}")
    return job


END_STATES = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"}


def task_states(slurm: SlurmCluster, job: str) -> dict[str, str]:
    """JOBID_TASK → state, for every task of an array job."""
    text = slurm.run("scontrol", "show", "job", job).stdout
    return {f"{j}_{t}": state for j, t, state in
            re.findall(r"ArrayJobId=(\d+) ArrayTaskId=(\S+).*?JobState=(\S+)", text, re.S)}


def ended(states: dict[str, str]) -> dict[str, str] | None:
    return states if states and all(s in END_STATES for s in states.values()) and \
        not any("-" in task or "," in task for task in states) else None


def task_logs(work: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()}" for p in sorted(work.glob("ibl2nwb-*.log")))


def records(out: Path) -> list[dict]:
    return [json.loads(line) for log in sorted(out.glob("batch-*.jsonl")) for line in log.read_text().splitlines()]


def status(out: Path) -> dict:
    done = subprocess.run(["ibl2nwb", "batch", "status", str(out), "--json"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def output_of(out: Path, eid: str) -> Path:
    found = list(out.glob(f"sub-*/sub-*_ses-{eid}{SUFFIX}"))
    assert len(found) == 1, (eid, sorted(p.name for p in out.rglob("*")))
    return found[0]


def assert_readable(path: Path, eid: str) -> None:
    with NWBHDF5IO(str(path), "r") as io:
        assert io.read().session_id == eid


def no_partial_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if ".part" in p.name or p.name.endswith(".tmp"))


def test_array_converts_each_shard_and_a_resubmission_skips(slurm, tiny_cache, job_env, tmp_path, capsys):
    cache, eids = tiny_cache
    work, out = tmp_path / "work", tmp_path / "nwb"
    work.mkdir()
    listing = work / "eids.txt"
    listing.write_text("\n".join(eids) + "\n")

    job = submit(slurm, work, job_env, "0-2", listing, cache, out)

    # Each task logged its array id and shard; together they converted every session.
    for task in range(3):
        log = work / f"ibl2nwb-{job}_{task}.log"
        assert log.exists(), task_logs(work)
        assert f"array task {job}_{task} (restart 0)" in log.read_text()
        assert f"shard {task}/3 of {listing}" in log.read_text()
    with capsys.disabled():
        print(f"\n[slurm] array job {job} over {len(eids)} sessions:\n{task_logs(work)}")
    first = {r["eid"]: r for r in records(out)}
    assert sorted(first) == sorted(eids)
    for k, eid in enumerate(eids):
        assert first[eid]["status"] == "converted", first[eid]
        assert first[eid]["shard"] == f"{k % 3}/3"
        assert first[eid]["task"] == f"slurm {job}_{k % 3}"
        assert_readable(output_of(out, eid), eid)
    assert no_partial_files(out) == []
    assert status(out)["counts"] == {"done": len(eids), "failed": 0, "pending": 0}

    # The same array again: every session skipped, no file touched.
    mtimes = {eid: output_of(out, eid).stat().st_mtime_ns for eid in eids}
    again = submit(slurm, work, job_env, "0-2", listing, cache, out)
    assert again != job
    second = [r for r in records(out) if r.get("task", "").startswith(f"slurm {again}_")]
    assert sorted(r["eid"] for r in second) == sorted(eids)
    assert {r["status"] for r in second} == {"skipped"}
    for task in range(3):
        assert re.search(r"^skipped +\S+", (work / f"ibl2nwb-{again}_{task}.log").read_text(), re.M)
    assert {eid: output_of(out, eid).stat().st_mtime_ns for eid in eids} == mtimes


def convert_processes(slurm: SlurmCluster, eid: str) -> list[int]:
    """`ibl2nwb convert <eid>` children of our cluster's jobs (never anyone else's process)."""
    found = []
    for pid in stepds_under(slurm.root):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"convert" in argv and eid.encode() in argv:
            found.append(pid)
    return found


def job_state(slurm: SlurmCluster, task: str) -> dict[str, str]:
    text = slurm.run("scontrol", "show", "job", task).stdout
    return dict(re.findall(r"(JobState|Restarts|Reason)=(\S+)", text))


def wait_for(what: str, check, timeout: float, slurm: SlurmCluster, work: Path, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}\n{task_logs(work)}\n{slurm.logs()}")


def test_a_task_requeued_mid_conversion_leaves_no_partial_file(slurm, small_cache, job_env, tmp_path):
    cache, [eid] = small_cache
    work, out = tmp_path / "work", tmp_path / "nwb"
    work.mkdir()
    listing = work / "eids.txt"
    listing.write_text(eid + "\n")
    job = submit(slurm, work, job_env, "0-0", listing, cache, out, wait=False)
    task = f"{job}_0"

    # Catch the conversion with its .part written, and hold it there (SIGSTOP) so the requeue
    # lands mid-way whatever the machine's speed; SLURM sends SIGCONT + SIGTERM when it stops a task.
    wait_for("the .part file", lambda: list(out.rglob(f"*{SUFFIX}.part")), 120, slurm, work, every=0.02)
    pids = convert_processes(slurm, eid)
    assert pids, f"no convert process of {eid} while its .part exists\n{task_logs(work)}"
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    assert list(out.rglob(f"*{SUFFIX}.part")), "the conversion finished before it could be stopped"
    slurm.run("scontrol", "requeue", task)

    # Requeued tasks wait ~2 minutes (BeginTime) before they may start: make it eligible now.
    wait_for("the requeued task to be pending",
             lambda: job_state(slurm, task).get("JobState") == "PENDING", 60, slurm, work)
    slurm.run("scontrol", "update", f"JobId={task}", "StartTime=now")
    state = wait_for("the requeued task to finish", lambda: (s := job_state(slurm, task)).get("JobState") in
                     ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT") and s, 240, slurm, work)
    assert state == {"JobState": "COMPLETED", "Reason": "None", "Restarts": "1"}, task_logs(work)

    # The first run cleaned up and said so; the second converted the session.
    log = (work / f"ibl2nwb-{task}.log").read_text()
    assert "DUE TO JOB REQUEUE" in log and "(restart 0)" in log and "(restart 1)" in log, log
    runs = [r for r in records(out) if r["eid"] == eid]
    assert [r["status"] for r in runs] == ["cancelled", "converted"], runs
    assert runs[0]["code"] == "CANCELLED" and runs[0]["exit"] == 130
    assert no_partial_files(out) == []
    assert_readable(output_of(out, eid), eid)
    assert status(out)["counts"] == {"done": 1, "failed": 0, "pending": 0}


def test_array_tasks_download_from_an_alyx(slurm, tiny_cache, local_alyx, job_env, tmp_path):
    """IBL2NWB_ALYX + ALYX_LOGIN/ALYX_PASSWORD in the environment: tasks fetch into one shared cache."""
    _, eids = tiny_cache
    chosen = eids[:2]
    work, out, cache = tmp_path / "work", tmp_path / "nwb", tmp_path / "downloads"
    work.mkdir()
    listing = work / "eids.txt"
    listing.write_text("\n".join(chosen) + "\n")
    env = {**job_env, "IBL2NWB_ALYX": local_alyx["url"], "ALYX_LOGIN": ALYX_USER, "ALYX_PASSWORD": ALYX_PASSWORD}
    job = submit(slurm, work, env, "0-1", listing, cache, out)

    for k, eid in enumerate(chosen):
        assert_readable(output_of(out, eid), eid)
        assert f"array task {job}_{k}" in (work / f"ibl2nwb-{job}_{k}.log").read_text()
    # The data came over HTTP into the new cache (it held nothing before).
    assert list(cache.rglob("*.npy")), sorted(p.name for p in cache.rglob("*"))
    assert no_partial_files(out) == [] and no_partial_files(cache) == []
    assert status(out)["counts"] == {"done": 2, "failed": 0, "pending": 0}
    # The password went by environment, never on a command line.
    assert ALYX_PASSWORD not in task_logs(work)

"""Validations as processes: a conversion job that ends "done" validates its file and keeps the
findings in its record (they survive a page reload and a server restart, and an unfinished one
runs again with the next server); a validation past its time limit is stopped, its worker killed,
its findings so far kept."""
import asyncio
import json
import sys
import time
from pathlib import Path

from jupyterlab_ibl_nwb.job_record import JobStore
from jupyterlab_ibl_nwb.jobs import JobManager
from jupyterlab_ibl_nwb.validation_run import Validator

from nwb_files import KNOWN_CHECK, write_nwb

CONVERTER = str(Path(__file__).with_name("nwb_converter.py"))


async def settled(get, timeout=120):
    for _ in range(int(timeout / 0.1)):
        value = get()
        if value is not None:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


def validations_done(manager, job_id):
    job = manager.get(job_id)
    if job.status in ("failed", "cancelled"):
        raise AssertionError(job)
    records = job.validations
    return records if records and all(r["status"] not in ("queued", "running") for r in records) else None


def workers_of(file: Path) -> list[int]:
    """Pids of validation workers still running on `file`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"validation_worker.py") for part in command) and str(file).encode() in command:
            found.append(int(proc.name))
    return found


async def test_a_done_job_keeps_its_files_findings_in_its_record(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    out = root / "nwb" / "session.nwb"
    out.parent.mkdir()
    manager = JobManager(tmp_path / "state", validator=Validator(root))
    job = manager.submit([sys.executable, CONVERTER, str(out)], output="nwb/session.nwb", files=[str(out)])
    [record] = await settled(lambda: validations_done(manager, job.id))
    assert manager.get(job.id).status == "done"
    assert record["status"] == "done", record
    assert record["path"] == "nwb/session.nwb"
    known = [f for f in record["findings"] if f["check_name"] == KNOWN_CHECK]
    assert [f["importance"] for f in known] == ["CRITICAL"]
    # The list GET /jobs polls carries the state and counts, the details the findings.
    [compact] = manager.get(job.id).summary()["validations"]
    assert compact["status"] == "done" and compact["counts"] == record["counts"]
    assert "findings" not in compact
    assert manager.get(job.id).public()["validations"][0]["findings"] == record["findings"]
    # A reload asks the same manager; a restarted server reads the record from disk.
    [saved] = next(j for j in JobStore(tmp_path / "state").load() if j.id == job.id).validations
    assert saved == record


async def test_a_validation_the_server_left_unfinished_runs_again_after_a_restart(tmp_path):
    root = tmp_path / "root"
    out = write_nwb(root / "left.nwb", rate=0.0)
    manager = JobManager(tmp_path / "state")  # no validator: nothing runs
    job = manager.submit([sys.executable, CONVERTER, str(root / "other.nwb")], output="other.nwb")
    await settled(lambda: manager.get(job.id) if manager.get(job.id).status == "done" else None)
    record = json.loads((tmp_path / "state" / f"{job.id}.json").read_text())
    # As a server killed mid-validation leaves it: running, a few findings, no end.
    record["files"] = [str(out)]
    record["validations"] = [{"id": "0123456789ab", "path": "left.nwb", "status": "running", "findings": []}]
    (tmp_path / "state" / f"{job.id}.json").write_text(json.dumps(record))
    restarted = JobManager(tmp_path / "state", validator=Validator(root))
    restarted.start()
    [again] = await settled(lambda: validations_done(restarted, job.id))
    assert again["status"] == "done" and again["id"] != "0123456789ab"
    assert any(f["check_name"] == KNOWN_CHECK for f in again["findings"])


async def test_a_server_that_no_longer_validates_ends_a_left_validation_instead_of_polling_for_ever(tmp_path):
    manager = JobManager(tmp_path / "state")
    job = manager.submit([sys.executable, CONVERTER, str(tmp_path / "x.nwb")], output="x.nwb")
    await settled(lambda: manager.get(job.id) if manager.get(job.id).status == "done" else None)
    record = json.loads((tmp_path / "state" / f"{job.id}.json").read_text())
    record["validations"] = [{"id": "0123456789ab", "path": "x.nwb", "status": "running", "findings": []}]
    (tmp_path / "state" / f"{job.id}.json").write_text(json.dumps(record))
    restarted = JobManager(tmp_path / "state")
    restarted.start()
    [left] = restarted.get(job.id).validations
    assert left["status"] == "failed" and "validate_after_convert" in left["message"]
    [saved] = next(j for j in JobStore(tmp_path / "state").load() if j.id == job.id).validations
    assert saved["status"] == "failed"


async def test_a_validation_past_its_time_limit_is_stopped_and_says_so(tmp_path):
    file = write_nwb(tmp_path / "slow.nwb")
    # Importing the validators alone takes longer than this.
    validator = Validator(tmp_path, timeout=0.3)
    changes = []
    record = validator.validate(file, on_change=lambda: changes.append(record["status"]))
    started = time.monotonic()
    await settled(lambda: record if record["status"] not in ("queued", "running") else None)
    assert time.monotonic() - started < 15
    assert record["status"] == "failed"
    assert record["message"].startswith("Stopped after 0.3 s, the validation time limit")
    assert "c.IblNwb.validation_timeout" in record["message"]
    assert record["complete"] is False
    assert changes[0] == "running" and changes[-1] == "failed"
    assert workers_of(file) == []


async def test_validations_wait_for_a_free_slot(tmp_path):
    files = [write_nwb(tmp_path / f"{k}.nwb") for k in range(2)]
    validator = Validator(tmp_path, max_running=1)
    first, second = (validator.validate(f) for f in files)
    await settled(lambda: True if first["status"] == "running" else None)
    assert second["status"] == "queued"
    await settled(lambda: second if second["status"] == "done" else None)
    assert first["status"] == "done" and first["finished"] <= second["started"]


async def test_shutdown_kills_the_worker_and_leaves_the_record_to_run_again(tmp_path):
    file = write_nwb(tmp_path / "stop.nwb")
    validator = Validator(tmp_path)
    record = validator.validate(file)
    await settled(lambda: workers_of(file) or None)
    await validator.shutdown()
    assert workers_of(file) == []
    assert record["status"] == "running"

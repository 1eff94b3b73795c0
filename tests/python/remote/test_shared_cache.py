"""Several `ibl2nwb download` processes fill ONE shared cache folder at once from our local Alyx,
with faults: one process SIGKILLed mid-file, slow files, a cut-off response, a wrong-md5 response
(once, and always). Oracle: the served cache itself (its bytes, and the size and md5 its tables
record) and the server's own log of GETs."""
from __future__ import annotations

import hashlib
import os
import re
import signal
from pathlib import Path

import pytest

from shared_cache import Download, FaultyAlyx, leftovers, served_records, wait_for


@pytest.fixture
def alyx(served_cache: Path):
    server = FaultyAlyx(served_cache)
    yield server
    server.close()


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def session_of(records, subject: str, date: str):
    rows = records[records["session_path"].str.contains(f"/{subject}/{date}/")]
    return rows["eid"].iloc[0], rows["session_path"].iloc[0], rows


def test_processes_sharing_a_cache_fetch_each_file_once(alyx, served_cache, tmp_path):
    records = served_records(served_cache)
    s0, p0, _ = session_of(records, "SWC_043", "2020-09-21")  # has spikes: killed mid-file
    s1, p1, _ = session_of(records, "SWC_043", "2020-09-22")  # a cut-off response
    s2, p2, _ = session_of(records, "KS023", "2019-12-10")  # has spikes: a slow file + one wrong md5
    s3, p3, _ = session_of(records, "CSH_ZAD_029", "2020-09-19")  # a file that is always corrupt
    killed_file = f"{p0}/alf/probe00/pykilosort/spikes.times.npy"
    cut_file = f"{p1}/alf/_ibl_wheel.position.npy"
    slow_file = f"{p2}/alf/probe00/pykilosort/spikes.times.npy"
    corrupt_once = f"{p2}/alf/probe00/pykilosort/spikes.clusters.npy"
    corrupt_always = f"{p3}/alf/_ibl_wheel.position.npy"
    served = lambda rel: rf"^/public/{rel.rsplit('.', 1)[0]}\.[0-9a-f-]{{36}}\.npy$"  # noqa: E731
    alyx.add_faults(
        {"path": served(killed_file), "regex": True, "times": 1, "fault": {"kind": "slow", "bytesPerSecond": 1000}},
        {"path": served(cut_file), "regex": True, "times": 1, "fault": {"kind": "truncate", "bytes": 1000}},
        {"path": served(slow_file), "regex": True, "times": 1, "fault": {"kind": "slow", "bytesPerSecond": 8000}},
        {"path": served(corrupt_once), "regex": True, "times": 1, "fault": {"kind": "corrupt"}},
        {"path": served(corrupt_always), "regex": True, "fault": {"kind": "corrupt"}},
    )
    cache = tmp_path / "shared"

    # The victim starts alone, so that it is the one holding the slow file when it is killed.
    victim = Download(alyx, s0, cache)
    part = cache / f"{killed_file}.part"
    wait_for(lambda: part.exists() and part.stat().st_size > 0, 30, f"{part} to grow")
    others = [Download(alyx, eid, cache) for eid in (s0, s1, s1, s2, s2, s3)]
    taker = others[0]
    wait_for(lambda: taker.saw("waiting", "alf/probe00/pykilosort/spikes.times.npy"), 30,
             "the second downloader of the killed file to wait for its owner")
    os.kill(victim.proc.pid, signal.SIGKILL)
    assert victim.finish() == -signal.SIGKILL

    codes = [p.finish() for p in others]
    assert codes == [0, 0, 0, 0, 0, 1], [p.stderr[-2000:] for p in others]
    # The failure names the file and what was wrong with it.
    error = others[-1].error()
    assert error["code"] == "REMOTE"
    assert "alf/_ibl_wheel.position.npy" in error["message"] and "md5" in error["message"], error

    # Re-running the killed process's command (a requeued task) finds everything verified.
    before = alyx.gets()
    rerun = Download(alyx, s0, cache)
    assert rerun.finish() == 0, rerun.stderr
    assert set(rerun.done().values()) == {"present"}
    assert alyx.gets() == before

    # Every file is the served one, with the size and md5 its record announces.
    for _, row in records.iterrows():
        rel = f"{row['session_path']}/{row['rel_path']}"
        if rel == corrupt_always:
            continue
        local = cache / rel
        assert local.stat().st_size == row["file_size"], rel
        assert md5(local) == row["hash"], rel
        assert local.read_bytes() == (served_cache / rel).read_bytes(), rel
    assert not (cache / corrupt_always).exists()
    assert leftovers(cache) == []

    # Each file fetched once; refetches only after a fault, and a resume starts where the bytes stopped.
    gets = alyx.gets()
    retried = {killed_file, cut_file, corrupt_once, corrupt_always}
    for rel in set(gets) - retried:
        assert gets[rel] == [None], (rel, gets[rel])
    assert len(gets) == len(records), sorted(set(records["session_path"] + "/" + records["rel_path"]) - set(gets))
    assert gets[killed_file][0] is None and len(gets[killed_file]) == 2
    resumed_from = int(gets[killed_file][1].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_from < (served_cache / killed_file).stat().st_size
    # A cut-off response is fetched again (resumed when some of its bytes reached the .part).
    assert gets[cut_file][0] is None and len(gets[cut_file]) == 2
    assert gets[corrupt_once] == [None, None]  # bad bytes are not resumed from
    assert len(gets[corrupt_always]) == 5  # the first try and four retries, then exit 1

    # Each file was downloaded by exactly one process; the others took it as present.
    for pair in (others[1:3], others[3:5]):
        statuses = [p.done() for p in pair]
        for path in statuses[0]:
            assert sorted(s[path] for s in statuses) == ["downloaded", "present"], path
    assert taker.done()[str(cache / killed_file)] == "downloaded"


def test_a_waiter_gives_up_on_a_stalled_owner_with_a_clear_error(alyx, served_cache, tmp_path):
    records = served_records(served_cache)
    eid, path, _ = session_of(records, "SWC_043", "2020-09-22")
    wheel = f"{path}/alf/_ibl_wheel.position.npy"
    alyx.add_faults({"path": "/public/" + path, "times": 1, "fault": {"kind": "delay", "ms": 6000}})
    cache = tmp_path / "shared"
    owner = Download(alyx, eid, cache, "--dataset", "_ibl_wheel.position.npy")
    claim = cache / path / "alf" / "._ibl_wheel.position.npy.lock"
    wait_for(claim.exists, 30, f"{claim} to be made")
    waiter = Download(alyx, eid, cache, "--dataset", "_ibl_wheel.position.npy", env={"IBL2NWB_CLAIM_WAIT_S": "1"})
    assert waiter.finish() == 1, waiter.stderr
    error = waiter.error()
    assert error["code"] == "REMOTE"
    assert re.match(r"Waited \d+ s for alf/_ibl_wheel.position.npy: ", error["message"]), error
    for said in (f"process {owner.proc.pid}", str(claim), "no progress"):
        assert said in error["message"], error
    assert "IBL2NWB_CLAIM_WAIT_S" in error["advice"]
    # The owner was not disturbed: it finishes, verified, fetched once, nothing left behind.
    assert owner.finish() == 0, owner.stderr
    assert md5(cache / wheel) == records[(records["session_path"] == path)
                                         & (records["rel_path"] == "alf/_ibl_wheel.position.npy")]["hash"].iloc[0]
    assert alyx.gets() == {wheel: [None]}
    assert leftovers(cache) == []

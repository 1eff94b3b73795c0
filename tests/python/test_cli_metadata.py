"""`ibl2nwb metadata` builds the editable NWB metadata from ONE's REST cache offline (the bundled
sample ships one), and from the cache tables alone when there is none, without inventing values."""
import hashlib
import json
import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from one.api import ONE

from jupyterlab_ibl_nwb.node import find_cli


def rest_record(cache, path):
    """A REST-cache entry as Python ONE stores it: .rest/<sha1 of the request path> = [response, expiry]."""
    file = cache / ".rest" / hashlib.sha1(path.encode()).hexdigest()
    return json.loads(file.read_text())[0]


def run_metadata(node, cache, eid, out, *extra):
    return subprocess.run(
        [node, find_cli(), "metadata", eid, "--cache", str(cache), "-o", str(out), "--json", *extra],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def demo(repo):
    return repo / "demo" / "one-cache"


def test_offline_metadata_follows_the_alyx_records(demo, node, tmp_path):
    one = ONE(mode="local", cache_dir=demo)
    for eid in map(str, one.search()):
        session = rest_record(demo, f"/sessions/{eid}")
        subject = rest_record(demo, f"/subjects/{session['subject']}")
        lab = rest_record(demo, f"/labs/{session['lab']}")
        out = tmp_path / f"{eid}.json"
        result = run_metadata(node, demo, eid, out)
        assert result.returncode == 0, result.stderr
        status = json.loads(result.stdout)
        assert status["problems"] == [], status
        meta = json.loads(out.read_text())
        nwb = meta["NWBFile"]
        assert nwb["session_id"] == eid
        assert nwb["experimenter"] == session["users"]
        assert nwb["protocol"] == session["task_protocol"]
        start = datetime.fromisoformat(session["start_time"]).replace(tzinfo=ZoneInfo(lab["timezone"]))
        assert datetime.fromisoformat(nwb["session_start_time"]) == start
        assert nwb["session_start_time"].endswith(start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:])
        assert nwb["institution"] == lab["institution"]
        assert meta["Subject"]["subject_id"] == subject["nickname"]
        assert meta["Subject"]["sex"] == subject["sex"]
        assert meta["Subject"]["weight"] == f"{subject['reference_weight'] / 1000:g} kg"
        assert meta["Subject"]["date_of_birth"] == subject["birth_date"][:10]
        assert [p["name"] for p in meta["Probes"]] == sorted(p["name"] for p in session["probe_insertion"])


def test_tables_only_leave_the_timezone_to_the_user(demo, node, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    for table in ("sessions.pqt", "datasets.pqt"):
        shutil.copy(demo / table, bare / table)
    eid = str(ONE(mode="local", cache_dir=bare).search()[0])
    out = tmp_path / "meta.json"
    result = run_metadata(node, bare, eid, out)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["found"] == {"session": False, "subject": False, "lab": False, "trajectories": 0}
    # What only Alyx's session and subject records give: asked for, never invented.
    assert [p["path"] for p in status["problems"]] == [
        "/NWBFile/session_start_time", "/Subject/species", "/Subject/date_of_birth"]
    meta = json.loads(out.read_text())
    assert "institution" not in meta["NWBFile"]
    assert meta["Subject"] == {"subject_id": meta["Subject"]["subject_id"], "sex": "U"}


def test_existing_file_is_not_overwritten(demo, node, tmp_path):
    eid = str(ONE(mode="local", cache_dir=demo).search()[0])
    out = tmp_path / "meta.json"
    out.write_text("{}")
    result = run_metadata(node, demo, eid, out)
    assert result.returncode == 2
    assert "--overwrite" in result.stderr
    assert out.read_text() == "{}"
    assert run_metadata(node, demo, eid, out, "--overwrite").returncode == 0

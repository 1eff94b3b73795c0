"""What `ibl2nwb convert` answers when it cannot give what was asked (contracts 1, 2, 6; #19.3,
#19.4, #19.11, #11.7, #11.9): the exit code of the contract's table, one JSON error event with
its code and the field or dataset at fault, and no file under a final name. The sessions are
copies of the bundled demo cache (real ALF files), made incomplete as real users' are."""
import json
import shutil
import subprocess

import pytest
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

SESSION = "cortexlab/Subjects/KS074/2021-11-17/001"
OTHER = "mainenlab/Subjects/ZFM-01315/2022-05-17/001"


def cli(node, *args):
    return subprocess.run([node, find_cli(), *map(str, args)], capture_output=True, text=True, timeout=300)


def error_event(result):
    """The one error event on stdout, the last JSON line (contract 2)."""
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    errors = [e for e in events if e.get("type") == "error"]
    assert len(errors) == 1, result.stdout + result.stderr
    assert events[-1] is errors[0], "the error event is the last line"
    return errors[0]


def finals(folder):
    """Files left under a final NWB name (the report is allowed)."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".report.json"))


@pytest.fixture
def demo(repo, tmp_path):
    cache = tmp_path / "ONE"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    return cache


@pytest.fixture
def meta(node, demo, tmp_path):
    """The session's own metadata document (from the cache's Alyx records)."""
    path = tmp_path / "meta.json"
    result = cli(node, "metadata", demo / SESSION, "-o", path)
    assert result.returncode == 0, result.stderr
    return path


def bare_copy(demo, tmp_path, without=()):
    """The session as a bare folder (no cache tables), without some of its folders."""
    bare = tmp_path / "bare" / SESSION
    shutil.copytree(demo / SESSION, bare, ignore=shutil.ignore_patterns(*without))
    return bare


def test_raw_asked_for_without_cbin_is_not_available(node, demo, meta, tmp_path):
    bare = bare_copy(demo, tmp_path, without=["raw_ephys_data"])
    out = tmp_path / "out" / "raw.nwb"
    result = cli(node, "convert", bare, "-o", out, "--metadata", meta, "--modalities", "trials", "--raw", "--json")
    assert result.returncode == 3, result.stderr
    event = error_event(result)
    assert event["code"] == "NOT_AVAILABLE"
    assert "raw_ephys" in event["message"] and "cbin" in event["message"], event["message"]
    assert finals(out.parent) == []


def test_a_modality_asked_for_that_the_session_lacks_is_not_available(node, demo, meta, tmp_path):
    bare = bare_copy(demo, tmp_path, without=["licks.times.npy"])
    out = tmp_path / "out" / "licks.nwb"
    result = cli(node, "convert", bare, "-o", out, "--metadata", meta, "--modalities", "trials,licks", "--json")
    assert result.returncode == 3, result.stderr
    event = error_event(result)
    assert event["code"] == "NOT_AVAILABLE" and "licks" in event["message"], event
    assert finals(out.parent) == []
    # Not asked for, the same gap is a skip with its reason, and the rest is written.
    result = cli(node, "convert", bare, "-o", out, "--metadata", meta, "--modalities", "trials")
    assert result.returncode == 0, result.stderr


def test_a_run_that_would_write_nothing_fails_and_leaves_no_file(node, demo, meta, tmp_path):
    bare = tmp_path / "bare" / SESSION
    (bare / "alf").mkdir(parents=True)
    shutil.copy(demo / SESSION / "alf" / "_ibl_leftCamera.times.npy", bare / "alf")
    out = tmp_path / "out" / "nothing.nwb"
    result = cli(node, "convert", bare, "-o", out, "--metadata", meta, "--json")
    assert result.returncode == 3, result.stderr
    assert error_event(result)["code"] == "NOTHING_WRITTEN"
    assert finals(out.parent) == []


def test_metadata_of_another_session_is_refused(node, demo, tmp_path):
    other = tmp_path / "other.json"
    assert cli(node, "metadata", demo / OTHER, "-o", other).returncode == 0
    out = tmp_path / "out" / "x.nwb"
    result = cli(node, "convert", demo / SESSION, "-o", out, "--metadata", other, "--json")
    assert result.returncode == 2, result.stderr
    event = error_event(result)
    assert event["code"] == "METADATA_MISMATCH"
    # Both values named: the document's and the session's.
    assert "ZFM-01315" in event["message"] and "KS074" in event["message"], event["message"]
    assert not out.parent.exists() or finals(out.parent) == []


@pytest.mark.parametrize("value", [
    "2021-13-17T10:30:00+00:00",  # month 13
    "2021-02-30T10:30:00+00:00",  # 30 February
    "2021-11-17T25:61:00+00:00",  # 25:61
    "2021-11-17T10:30:00+25:00",  # no such offset
])
def test_impossible_dates_are_refused_with_the_field_named(node, demo, meta, tmp_path, value):
    document = json.loads(meta.read_text())
    document["NWBFile"]["session_start_time"] = value
    meta.write_text(json.dumps(document))
    out = tmp_path / "out" / "x.nwb"
    result = cli(node, "convert", demo / SESSION, "-o", out, "--metadata", meta, "--json")
    assert result.returncode == 2, result.stderr
    event = error_event(result)
    assert event["code"] == "METADATA_INVALID"
    assert event["field"] == "NWBFile.session_start_time"
    assert not out.exists()


def test_incomplete_metadata_is_the_same_error_for_an_eid_and_a_folder(node, demo, tmp_path):
    """Without Alyx records the start time is unknown: exit 2 and the field named, both ways."""
    shutil.rmtree(demo / ".rest")
    bare = bare_copy(demo, tmp_path)
    from one.api import ONE

    (eid,) = [str(e) for e in ONE(mode="local", cache_dir=demo).search(subject="KS074")]
    for args in ([eid, "--cache", demo], [bare]):
        out = tmp_path / "out" / "x.nwb"
        result = cli(node, "convert", *args, "-o", out, "--json")
        assert result.returncode == 2, (args, result.stderr)
        event = error_event(result)
        assert event["code"] == "METADATA_INVALID", event
        assert event["field"] == "NWBFile.session_start_time", event
        assert "session_start_time" in result.stderr and "ibl2nwb metadata" in result.stderr
        assert not out.exists()


def test_metadata_without_alyx_takes_the_start_from_the_task_settings_or_names_the_field(node, demo, tmp_path):
    shutil.rmtree(demo / ".rest")
    settings = demo / SESSION / "raw_behavior_data" / "_iblrig_taskSettings.raw.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps({"SESSION_DATETIME": "2021-11-17T10:31:12.345678"}))
    meta = tmp_path / "meta.json"
    result = cli(node, "metadata", demo / SESSION, "-o", meta, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(meta.read_text())
    problems = json.loads(result.stdout)["problems"]
    # No lab record gives the time zone: no start time is written that the validator rejects
    # (the old document held "2021-11-17", which its own validator refused) ...
    assert "session_start_time" not in document["NWBFile"]
    (start,) = [p for p in problems if p["path"] == "/NWBFile/session_start_time"]
    # ... and the message says what the settings give and what to add.
    assert "2021-11-17T10:31:12.345678" in start["message"] and "UTC offset" in start["message"]

    # Filled in, the document converts.
    document["NWBFile"]["session_start_time"] = "2021-11-17T10:31:12+00:00"
    # The subject's species and birth date come only from Alyx: asked for, and filled in too.
    assert {p["path"] for p in problems} >= {"/Subject/species", "/Subject/date_of_birth"}
    document["Subject"].update(species="Mus musculus", date_of_birth="2021-06-01")
    meta.write_text(json.dumps(document))
    out = tmp_path / "x.nwb"
    result = cli(node, "convert", demo / SESSION, "-o", out, "--metadata", meta, "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        assert io.read().session_start_time.isoformat() == "2021-11-17T10:31:12+00:00"


def test_every_metadata_problem_names_its_field(node, demo, meta, tmp_path):
    document = json.loads(meta.read_text())
    del document["NWBFile"]["session_description"]
    document["Subject"]["sex"] = "X"
    meta.write_text(json.dumps(document))
    result = cli(node, "convert", demo / SESSION, "-o", tmp_path / "x.nwb", "--metadata", meta, "--json")
    assert result.returncode == 2
    event = error_event(result)
    fields = {p["field"] for p in event["problems"]}
    assert fields == {"NWBFile.session_description", "Subject.sex"}, event
    # The last stderr line (what the server kept) names them too.
    last = result.stderr.strip().splitlines()
    assert any("NWBFile.session_description" in line and "Subject.sex" in line for line in last), result.stderr


@pytest.mark.parametrize("args", [["--help"], ["convert", "--help"]])
def test_the_exit_codes_are_in_the_help(node, args):
    result = cli(node, *args)
    assert result.returncode == 0
    for line in ("0 ", "1 ", "2 ", "3 ", "130 "):
        assert any(l.strip().startswith(line) for l in result.stdout.splitlines()), (line, result.stdout)

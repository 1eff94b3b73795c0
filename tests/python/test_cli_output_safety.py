"""What `ibl2nwb convert` does with what already sits at its output names, and when it is stopped
(#11.4, #11.6, #11.12, #12.2, #19.11; contracts 1-3): temp files are created exclusively and
never written through a planted link, a stale chunk file goes, a link or folder at OUT.nwb is
refused, the report is published before the .nwb, a signal or a vanished reader ends in cleanup."""
import json
import os
import shutil
import signal
import subprocess
import time

import pytest
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

SESSION = "cortexlab/Subjects/KS074/2021-11-17/001"
PRECIOUS = b"a file outside the output folder that must never be written\n"


def cli(node, *args):
    return subprocess.run([node, find_cli(), *map(str, args)], capture_output=True, text=True, timeout=300)


def convert(node, session, out, *args):
    return cli(node, "convert", session, "-o", out, "--modalities", "trials,wheel", *args)


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


@pytest.fixture
def session(repo, tmp_path):
    cache = tmp_path / "ONE"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    return cache / SESSION


@pytest.fixture
def precious(tmp_path):
    path = tmp_path / "elsewhere" / "precious.txt"
    path.parent.mkdir()
    path.write_bytes(PRECIOUS)
    return path


def assert_nwb(path):
    assert path.is_file() and not path.is_symlink()
    with NWBHDF5IO(str(path), "r") as io:
        assert len(io.read().trials) > 0


@pytest.mark.parametrize("temp", ["x.nwb.part", "x.nwb.part.chunks", "x.report.json.part"])
def test_a_link_planted_at_a_temp_name_is_never_written_through(node, session, precious, tmp_path, temp):
    out = tmp_path / "out" / "x.nwb"
    out.parent.mkdir()
    (out.parent / temp).symlink_to(precious)
    result = convert(node, session, out)
    assert result.returncode == 0, result.stderr
    assert precious.read_bytes() == PRECIOUS
    assert_nwb(out)
    report = out.parent / "x.report.json"
    assert report.is_file() and not report.is_symlink()
    assert leftovers(out.parent) == []


def test_a_stale_chunk_file_of_a_killed_run_is_removed(node, session, tmp_path):
    out = tmp_path / "x.nwb"
    stale = tmp_path / "x.nwb.part.chunks"
    stale.write_bytes(b"\0" * 4096)
    (tmp_path / "x.nwb.part").write_bytes(b"half a file")
    # Trials alone write no chunk file: nothing of this run would overwrite the stale one.
    result = cli(node, "convert", session, "-o", out, "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    assert_nwb(out)
    assert leftovers(tmp_path) == []


def test_a_link_at_the_output_is_refused_and_with_overwrite_replaced_not_followed(node, session, precious, tmp_path):
    out = tmp_path / "x.nwb"
    out.symlink_to(precious)
    result = cli(node, "convert", session, "-o", out, "--modalities", "trials", "--json")
    assert result.returncode == 2, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["code"] == "OUTPUT_INVALID"
    assert out.is_symlink() and precious.read_bytes() == PRECIOUS

    result = convert(node, session, out, "--overwrite")
    assert result.returncode == 0, result.stderr
    assert_nwb(out)
    assert precious.read_bytes() == PRECIOUS


def test_a_folder_at_the_output_is_refused_even_with_overwrite(node, session, tmp_path):
    out = tmp_path / "x.nwb"
    out.mkdir()
    for extra in ([], ["--overwrite"]):
        result = cli(node, "convert", session, "-o", out, "--modalities", "trials", "--json", *extra)
        assert result.returncode == 2, result.stderr
        assert json.loads(result.stdout.splitlines()[-1])["code"] == "OUTPUT_INVALID"
        assert out.is_dir() and list(out.iterdir()) == []


def test_an_existing_output_needs_overwrite(node, session, tmp_path):
    out = tmp_path / "x.nwb"
    out.write_bytes(b"mine")
    result = cli(node, "convert", session, "-o", out, "--modalities", "trials", "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout.splitlines()[-1])["code"] == "OUTPUT_EXISTS"
    assert out.read_bytes() == b"mine"


def test_missing_folders_of_the_output_are_created(node, session, tmp_path):
    out = tmp_path / "nwb" / "deeper" / "x.nwb"
    result = cli(node, "convert", session, "-o", out, "--modalities", "trials", "--json")
    assert result.returncode == 0, result.stderr
    assert_nwb(out)
    done = json.loads(result.stdout.splitlines()[-1])
    assert done["type"] == "done"
    # Contract 3: OUT.report.json, named in the done event, which keeps the report itself.
    assert done["reportPath"] == str(out.parent / "x.report.json")
    assert json.loads((out.parent / "x.report.json").read_text()) == done["report"]
    assert not (out.parent / "x.nwb.report.json").exists()


def test_an_output_that_cannot_be_created_is_one_clear_line(node, session, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder is expected")
    out = blocker / "x.nwb"
    result = cli(node, "convert", session, "-o", out, "--modalities", "trials", "--json")
    assert result.returncode == 2, result.stderr
    event = json.loads(result.stdout.splitlines()[-1])
    assert event["code"] == "OUTPUT_INVALID"
    assert "HDF5" not in result.stderr and "#00" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if l.startswith("ibl2nwb convert:")]
    assert len(lines) == 1 and "not a folder" in lines[0], result.stderr


def test_a_report_that_cannot_be_written_leaves_no_nwb(node, session, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder is expected")
    out = tmp_path / "x.nwb"
    result = convert(node, session, out, "--report", blocker / "r.json")
    assert result.returncode != 0
    assert not out.exists()
    assert leftovers(tmp_path) == []


def start(node, session, out, *args, **popen):
    return subprocess.Popen(
        [node, find_cli(), "convert", str(session), "-o", str(out), "--raw", *args],
        stderr=subprocess.PIPE, text=True, **popen,
    )


def wait_for(path, process, timeout=60):
    end = time.time() + timeout
    while not path.exists():
        assert process.poll() is None, "the conversion ended before the test could signal it"
        assert time.time() < end, f"{path} never appeared"
        time.sleep(0.01)


@pytest.mark.parametrize("signals", [
    [signal.SIGINT], [signal.SIGTERM], [signal.SIGHUP],
    # A second signal exits at once, but still removes the temp files.
    # (Two different signals: the same one twice may be delivered once.)
    [signal.SIGINT, signal.SIGTERM],
])
def test_a_signal_cancels_with_cleanup(node, session, tmp_path, signals):
    out = tmp_path / "x.nwb"
    process = start(node, session, out, stdout=subprocess.DEVNULL)
    wait_for(tmp_path / "x.nwb.part", process)
    for sig in signals:
        process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert not out.exists()
    assert leftovers(tmp_path) == [], stderr


def test_a_reader_that_goes_away_cancels_with_cleanup(node, session, tmp_path):
    out = tmp_path / "x.nwb"
    process = start(node, session, out, "--json", stdout=subprocess.PIPE)
    process.stdout.readline()
    wait_for(tmp_path / "x.nwb.part", process)
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Error: write EPIPE" not in stderr
    assert not out.exists()
    assert leftovers(tmp_path) == [], stderr


def test_a_cancelled_run_reports_nothing_as_written(node, session, tmp_path):
    """Its report is kept (it says what happened), but what it wrote went with the removed
    file: no interface may read "written" (issue 15: the sidebar listed them as written)."""
    out = tmp_path / "x.nwb"
    process = start(node, session, out, "--json", stdout=subprocess.PIPE)
    for line in process.stdout:
        event = json.loads(line)
        # The second step starts once the first interface was written into the .part file.
        if event.get("type") == "step" and event.get("index", 0) >= 1:
            break
    process.send_signal(signal.SIGINT)
    process.stdout.read()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert not out.exists()
    report = json.loads((tmp_path / "x.report.json").read_text())
    assert report["status"] == "cancelled"
    statuses = [i["status"] for i in report["interfaces"]]
    assert "written" not in statuses, statuses
    assert statuses[0] == "discarded", statuses
    assert "unfinished file" in report["interfaces"][0]["reason"]

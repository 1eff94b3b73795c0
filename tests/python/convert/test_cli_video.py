"""`ibl2nwb convert --video`: each camera's raw movie is copied next to the NWB file (DANDI's
`…_ecephys+image/` folder) and referenced by a relative external_file; pynwb resolves it to a file
byte-identical to the source, the timestamps equal the ALF camera times, and the inspector has nothing
serious. A failure removes the copies as well as the .nwb; an existing movie is never replaced silently."""
import hashlib
import json
import shutil
import signal
import subprocess
import time

import numpy as np
import pytest
from nwb_checks import assert_nwb_ok
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

SESSION = "cortexlab/Subjects/KS074/2021-11-17/001"
NAME = "sub-KS074_ses-2021-11-17-001_desc-processed_behavior+ecephys.nwb"
MOVIES = "sub-KS074_ses-2021-11-17-001_ecephys+image"


def cli(node, *args):
    return subprocess.run([node, find_cli(), *map(str, args)], capture_output=True, text=True, timeout=300)


def md5(path):
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture
def session(repo, tmp_path):
    """A bare session folder with two raw movies (arbitrary bytes: they are copied, never decoded)."""
    folder = tmp_path / "data" / SESSION
    shutil.copytree(repo / "demo" / "one-cache" / SESSION, folder)
    rng = np.random.default_rng(7)
    for view in ("left", "right"):
        movie = folder / "raw_video_data" / f"_iblrig_{view}Camera.raw.mp4"
        movie.parent.mkdir(exist_ok=True)
        movie.write_bytes(rng.bytes(200_000))
    meta = tmp_path / "meta.json"
    assert cli(cli.node, "metadata", folder, "-o", meta).returncode == 0
    document = json.loads(meta.read_text())
    # What no Alyx record gave for this bare folder, as a user fills it in.
    document["NWBFile"]["session_start_time"] = "2021-11-17T10:30:00+00:00"
    document["Subject"].update(species="Mus musculus", age="P90D")
    meta.write_text(json.dumps(document))
    return folder, meta


@pytest.fixture(autouse=True)
def _node(node):
    cli.node = node


def test_movies_are_copied_and_referenced(node, session, tmp_path):
    folder, meta = session
    out = tmp_path / "out" / NAME
    out.parent.mkdir()
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials", "--video")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        for view in ("Left", "Right"):
            series = nwb.acquisition[f"Video{view}Camera"]
            assert series.format == "external"
            assert list(series.starting_frame) == [0]
            (external,) = series.external_file[:]
            assert external == f"./{MOVIES}/sub-KS074_ses-2021-11-17-001_Video{view}Camera.mp4"
            copy = (out.parent / external).resolve()
            assert md5(copy) == md5(folder / "raw_video_data" / f"_iblrig_{view.lower()}Camera.raw.mp4")
            times = np.load(folder / "alf" / f"_ibl_{view.lower()}Camera.times.npy")
            np.testing.assert_array_equal(series.timestamps[:], times)
    assert_nwb_ok(out)
    # The report is named so that NWB tools (which glob *.nwb*) leave it alone (contract 3).
    report = json.loads(out.with_suffix(".report.json").read_text())
    assert "video" in json.dumps(report)


def test_a_failure_removes_the_copies_and_an_existing_movie_is_kept(node, session, tmp_path):
    folder, meta = session
    out = tmp_path / "out" / NAME
    out.parent.mkdir()
    # The right camera's times are broken: the left movie is already copied when the right one fails.
    times = folder / "alf" / "_ibl_rightCamera.times.npy"
    broken = np.load(times)
    broken[5] = np.nan
    np.save(times, broken)
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials", "--video")
    assert result.returncode != 0
    assert "_ibl_rightCamera.times.npy" in result.stderr + result.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == [NAME.removesuffix(".nwb") + ".report.json"]
    assert not out.exists()
    assert not (out.parent / MOVIES).exists()

    # A movie already there is not replaced without --overwrite.
    np.save(times, np.load(folder / "alf" / "_ibl_leftCamera.times.npy")[: len(broken)])
    (out.parent / MOVIES).mkdir()
    mine = out.parent / MOVIES / "sub-KS074_ses-2021-11-17-001_VideoLeftCamera.mp4"
    mine.write_bytes(b"someone else's movie")
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials", "--video")
    assert result.returncode != 0
    assert "already next to the output" in result.stderr + result.stdout
    assert mine.read_bytes() == b"someone else's movie"
    assert not out.exists()


def wait_for_file(path, process, timeout=120):
    end = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, "the conversion ended before the test could signal it"
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.001)


@pytest.mark.parametrize("folder_there", [False, True])
def test_a_second_signal_removes_the_movies_this_run_copied_and_nothing_else(node, session, tmp_path, folder_there):
    """Ctrl-C then `kill` (a copy from a slow disk that the user stops twice): the second signal
    exits at once, and still takes away the movies and partial copies this run made, and the
    movie folder if this run made it, never a file or folder that was there before."""
    folder, meta = session
    # The right movie is big enough that its copy and checks are still running when the left
    # one is in place (then the process is stopped, signalled twice, and let go).
    (folder / "raw_video_data" / "_iblrig_rightCamera.raw.mp4").write_bytes(np.random.default_rng(3).bytes(40_000_000))
    out = tmp_path / "out" / NAME
    out.parent.mkdir()
    theirs = out.parent / MOVIES / "notes.txt"
    if folder_there:
        theirs.parent.mkdir()
        theirs.write_text("the user's own notes")
    process = subprocess.Popen(
        [node, find_cli(), "convert", str(folder), "-o", str(out), "--metadata", str(meta),
         "--modalities", "trials", "--video"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for_file(out.parent / MOVIES / "sub-KS074_ses-2021-11-17-001_VideoLeftCamera.mp4", process)
        process.send_signal(signal.SIGSTOP)
        assert process.poll() is None and not out.exists()
        # Both arrive together when it runs again: the second before the first's cleanup.
        process.send_signal(signal.SIGINT)
        process.send_signal(signal.SIGTERM)
        process.send_signal(signal.SIGCONT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert not out.exists()
    left = sorted(str(p.relative_to(out.parent)) for p in out.parent.rglob("*"))
    if folder_there:
        assert left == [MOVIES, f"{MOVIES}/notes.txt"], stderr
        assert theirs.read_text() == "the user's own notes"
    else:
        assert left == [], stderr


def test_a_link_planted_at_a_movie_part_is_not_written_through_and_a_folder_there_before_stays(
    node, session, tmp_path
):
    folder, meta = session
    out = tmp_path / "out" / NAME
    precious = tmp_path / "elsewhere.txt"
    precious.write_bytes(b"never written")
    movies = out.parent / MOVIES
    movies.mkdir(parents=True)  # made by the user, empty
    (movies / "sub-KS074_ses-2021-11-17-001_VideoLeftCamera.mp4.part").symlink_to(precious)
    # The right camera's times are broken: the run fails after the left movie is copied.
    times = folder / "alf" / "_ibl_rightCamera.times.npy"
    broken = np.load(times)
    broken[5] = np.nan
    np.save(times, broken)
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials", "--video")
    assert result.returncode == 1, result.stderr
    assert precious.read_bytes() == b"never written"
    assert movies.is_dir() and list(movies.iterdir()) == []  # its copies gone, the user's folder kept
    assert not out.exists()

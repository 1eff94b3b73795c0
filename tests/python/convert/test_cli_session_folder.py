"""`ibl2nwb convert <session folder>`: inside a ONE cache (no --cache needed) and a bare folder of ALF
files with no cache tables, which is indexed from disk. pynwb reads the files back and the trials match
the ALF files as ONE's own loader reads them."""
import json
import shutil
import subprocess

import numpy as np
import pytest
from one.alf.io import load_object
from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

SESSION = "cortexlab/Subjects/KS074/2021-11-17/001"


def cli(node, *args):
    return subprocess.run([node, find_cli(), *map(str, args)], capture_output=True, text=True, timeout=300)


def assert_trials_match(nwb_path, session_folder):
    trials = load_object(session_folder / "alf", "trials", short_keys=True)
    with NWBHDF5IO(str(nwb_path), "r") as io:
        nwb = io.read()
        table = nwb.trials
        np.testing.assert_array_equal(table["start_time"][:], trials["intervals"][:, 0])
        np.testing.assert_array_equal(table["stop_time"][:], trials["intervals"][:, 1])
        np.testing.assert_array_equal(table["gabor_stimulus_onset_time"][:], trials["stimOn_times"])
        return nwb.session_id, nwb.subject.subject_id, nwb.session_start_time


@pytest.fixture
def demo_copy(repo, tmp_path):
    cache = tmp_path / "ONE"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    return cache


def test_a_folder_inside_a_one_cache_needs_no_cache_option(node, demo_copy, tmp_path):
    out = tmp_path / "in-cache.nwb"
    result = cli(node, "convert", demo_copy / SESSION, "-o", out)
    assert result.returncode == 0, result.stderr
    (eid,) = [str(e) for e in ONE(mode="local", cache_dir=demo_copy).search(subject="KS074")]
    session_id, subject, _ = assert_trials_match(out, demo_copy / SESSION)
    assert (session_id, subject) == (eid, "KS074")


def test_a_bare_folder_is_indexed_from_disk_and_asks_for_what_it_lacks(node, demo_copy, tmp_path):
    bare = tmp_path / "bare" / SESSION
    shutil.copytree(demo_copy / SESSION, bare)
    out = tmp_path / "bare.nwb"

    # No Alyx records and no tables: the start time (with its time zone) is unknown; say how to give it.
    refused = cli(node, "convert", bare, "-o", out)
    assert refused.returncode != 0
    assert "session_start_time" in refused.stderr and "ibl2nwb metadata" in refused.stderr, refused.stderr
    assert not out.exists() and not out.with_suffix(".nwb.part").exists()

    meta = tmp_path / "meta.json"
    assert cli(node, "metadata", bare, "-o", meta).returncode == 0
    document = json.loads(meta.read_text())
    document["NWBFile"]["session_start_time"] = "2021-11-17T10:30:00+00:00"
    # A bare folder has no subject record: species and birth date are the user's to fill too.
    assert "Subject.species" in refused.stderr and "Subject.date_of_birth" in refused.stderr
    document["Subject"].update(species="Mus musculus", date_of_birth="2021-06-01")
    meta.write_text(json.dumps(document))
    result = cli(node, "convert", bare, "-o", out, "--metadata", meta)
    assert result.returncode == 0, result.stderr
    session_id, subject, start = assert_trials_match(out, bare)
    # The session path names it, without slashes (DANDI tools split paths on them).
    assert session_id == "cortexlab_KS074_2021-11-17_001"
    assert subject == "KS074"
    assert start.isoformat() == "2021-11-17T10:30:00+00:00"


def test_a_folder_that_is_not_a_session_is_refused(node, demo_copy, tmp_path):
    result = cli(node, "convert", demo_copy / "cortexlab", "-o", tmp_path / "x.nwb")
    assert result.returncode != 0
    assert "--cache" in result.stderr

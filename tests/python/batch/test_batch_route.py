"""GET /jupyterlab-ibl-nwb/batch/status?path=FOLDER over a real Jupyter server: a batch folder made
by the real CLI (one session done, one failed on a truncated dataset, one not started) answers
with each state, the failure's code, message and log tail, and paths relative to the root; every
bad request is a 4xx with a message, never a 500, and nothing outside the root is read."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_ibl_nwb.node import find_cli

GOOD = "949e5d42-ac82-42e6-a5d7-0de34bbc7bc1"
BROKEN = "2b7095e9-77a5-4f93-95f7-e22949bffc4e"
NEVER_RUN = "0c7e0b8e-5a3c-4d6e-9f1a-2b3c4d5e6f70"
SPIKES = "cortexlab/Subjects/KS074/2021-11-17/001/alf/probe00/pykilosort/spikes.times.npy"


async def status(jp_fetch, **params):
    try:
        response = await jp_fetch("jupyterlab-ibl-nwb", "batch", "status", params=params)
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body or b"{}")
    return response.code, json.loads(response.body)


@pytest.fixture
def batch_out(jp_root_dir, repo, node):
    """out/ of `ibl2nwb batch --shard 0/2` over [GOOD, NEVER_RUN, BROKEN]: shard 1 never ran."""
    cache = jp_root_dir / "cache"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    spikes = cache / SPIKES
    os.truncate(spikes, spikes.stat().st_size - 28)
    listing = jp_root_dir / "eids.txt"
    listing.write_text(f"{GOOD}\n{NEVER_RUN}\n{BROKEN}\n")
    done = subprocess.run([node, find_cli(), "batch", str(listing), "--cache", str(cache), "-o",
                           str(jp_root_dir / "out"), "--shard", "0/2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # one session failed
    return jp_root_dir / "out"


async def test_the_status_of_a_batch_folder(jp_fetch, batch_out):
    code, body = await status(jp_fetch, path="out")
    assert code == 200, body
    assert body["out"] == "out"
    assert body["counts"] == {"done": 1, "failed": 1, "pending": 1}
    good, never, broken = body["sessions"]
    assert good["eid"] == GOOD and good["state"] == "done"
    assert good["output"] == f"out/sub-ZFM-01315/sub-ZFM-01315_ses-{GOOD}_desc-processed_behavior+ecephys.nwb"
    assert (batch_out.parent / good["output"]).is_file()
    assert never == {"eid": NEVER_RUN, "state": "pending", "reason": "not started yet", "shard": "1/2"}
    assert broken["state"] == "failed" and broken["code"] == "DATASET_INVALID"
    assert "spikes.times.npy" in broken["reason"] and "truncated" in broken["reason"]
    assert broken["log"] == "out/batch-0-of-2.jsonl"
    assert any("spikes.times.npy" in line for line in broken["tail"])


def outside_link(folder, outside):
    os.symlink(outside / "batch-0-of-1.jsonl", folder / "batch-0-of-1.jsonl")


@pytest.mark.parametrize("path, expected, says", [
    ("", 400, "'path' is missing"),
    ("../elsewhere", 403, "outside the Jupyter root"),
    ("/etc", 403, "outside the Jupyter root"),
    ("out/../../x", 403, "outside the Jupyter root"),
    ("x" * 5000, 400, "longer than"),
    ("missing", 404, "No folder missing"),
    ("eids.txt", 400, "is a file"),
    ("empty", 400, "holds no batch"),
    ("linked", 403, "leads outside the Jupyter root"),
])
async def test_bad_folders_are_refused_with_a_message(jp_fetch, jp_root_dir, tmp_path, path, expected, says):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "batch-0-of-1.jsonl").write_text('{"eid":"secret","status":"failed","error":"secret"}\n')
    (jp_root_dir / "eids.txt").write_text("a\n")
    (jp_root_dir / "empty").mkdir()
    (jp_root_dir / "linked").mkdir()
    outside_link(jp_root_dir / "linked", outside)
    code, body = await status(jp_fetch, path=path)
    assert code == expected, body
    assert says in body["message"], body
    assert "secret" not in json.dumps(body)

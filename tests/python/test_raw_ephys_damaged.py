"""`ibl2nwb convert --raw` on a `.cbin` whose second probe has a damaged chunk (the md5 check off, so
the bytes reach the decoder): the mtscomp decode threads reject that chunk, and the conversion fails
cleanly: exit code non-zero, one error naming the file and the chunk, no unhandled rejection, and
nothing left under the output's name (no `.nwb`, no `.part` or chunk side file; only the report of
the failure)."""
import json
import shutil
import subprocess

from one.api import ONE

from jupyterlab_ibl_nwb.node import find_cli


def test_damaged_chunk_fails_the_conversion_cleanly(repo, node, tmp_path):
    cache = tmp_path / "one-cache"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    one = ONE(mode="local", cache_dir=cache)
    eid = next(str(e) for e in one.search() if any("raw_ephys_data" in d for d in one.list_datasets(e)))
    session = one.eid2path(eid)
    cbins = sorted(session.glob("raw_ephys_data/probe*/*.ap.cbin"))
    assert len(cbins) == 2, cbins
    damaged = cbins[1]
    offsets = json.loads(damaged.with_suffix(".ch").read_text())["chunk_offsets"]
    assert len(offsets) >= 3, "the demo probe should have two chunks"
    data = bytearray(damaged.read_bytes())
    middle = (offsets[1] + offsets[2]) // 2  # inside chunk 1's deflate stream
    for i in range(middle, middle + 64):
        data[i] ^= 0xA5
    damaged.write_bytes(bytes(data))

    out = tmp_path / "out"
    out.mkdir()
    target = out / "raw.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(target), "--raw",
                             "--no-hash-check", "--json"], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0, result.stdout[-2000:]
    errors = [e for e in map(json.loads, filter(None, result.stdout.splitlines())) if e.get("type") == "error"]
    assert len(errors) == 1, result.stdout[-2000:]
    message = json.dumps(errors[0])
    assert damaged.name in message and "chunk 1" in message, message
    assert "nhandled" not in result.stderr, result.stderr
    # Only the report of the failed conversion (contract 3), no .nwb, .part or chunk side file.
    assert sorted(p.name for p in out.iterdir()) == ["raw.report.json"]
    report = json.loads((out / "raw.report.json").read_text())
    assert damaged.name in json.dumps(report)

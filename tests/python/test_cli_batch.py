"""`ibl2nwb batch` converts a list of sessions with the bundled CLI: shards partition the list,
a re-run skips what is done, a failing session is recorded and the batch goes on."""
import json
import subprocess

from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli


def batch(node, *args):
    return subprocess.run([node, find_cli(), "batch", *args], capture_output=True, text=True, timeout=300)


def log_lines(outdir):
    return [json.loads(line) for path in sorted(outdir.glob("batch-*.jsonl")) for line in path.read_text().splitlines()]


def test_batch_shards_skip_and_record_failures(repo, node, tmp_path):
    cache = repo / "demo" / "one-cache"
    eids = [str(e) for e in ONE(mode="local", cache_dir=cache).search()]
    assert len(eids) >= 2
    listing = tmp_path / "eids.txt"
    listing.write_text("# sessions to convert\n" + "\n".join(eids) + "\nnot-a-session\n")
    out = tmp_path / "out"

    first = batch(node, str(listing), "--cache", str(cache), "-o", str(out), "--shard", "0/2", "--json", "--jobs", "2")
    second = batch(node, str(listing), "--cache", str(cache), "-o", str(out), "--shard", "1/2", "--json")
    outcomes = {o["eid"]: o for o in log_lines(out)}
    assert set(outcomes) == set(eids) | {"not-a-session"}
    assert outcomes["not-a-session"]["status"] == "failed"
    assert "not-a-session" in outcomes["not-a-session"]["error"]
    # The shard holding the bad id fails, the other succeeds; every real session is converted.
    assert sorted([first.returncode, second.returncode]) == [0, 1], (first.stderr, second.stderr)
    for eid in eids:
        assert outcomes[eid]["status"] == "converted", outcomes[eid]
        path = outcomes[eid]["output"]
        assert path.endswith(f"_ses-{eid}_desc-processed_behavior+ecephys.nwb")
        with NWBHDF5IO(path, "r") as io:
            assert io.read().session_id == eid

    again = batch(node, str(listing), "--cache", str(cache), "-o", str(out), "--json")
    statuses = [json.loads(line)["status"] for line in again.stdout.splitlines()]
    assert statuses.count("skipped") == len(eids)
    assert statuses.count("converted") == 0


def test_slurm_array_script_runs_its_shard(repo, tmp_path):
    """The ready-made SLURM script, run as array task 2 of --array=1-2, converts shard 1/2."""
    import os
    import sys
    from pathlib import Path

    cache = repo / "demo" / "one-cache"
    eids = [str(e) for e in ONE(mode="local", cache_dir=cache).search()]
    listing = tmp_path / "eids.txt"
    listing.write_text("\n".join(eids) + "\n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "2"}
    result = subprocess.run(["bash", str(repo / "deploy" / "slurm-array.sbatch"), str(listing), str(cache),
                             str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert [o["eid"] for o in log_lines(tmp_path / "out")] == eids[1::2]
    assert (tmp_path / "out" / "batch-1-of-2.jsonl").exists()

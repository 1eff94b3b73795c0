"""A collection of >= 20 converted sessions, generated and converted once per test run (~25 s on an idle
two-core machine, ~1.5 min with six other agents running).

Small sessions (the generator's `tiny` size) with the modalities the collection reads: trials,
spike sorting and localization, converted by `ibl2nwb batch --jobs 2` as users do."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"
SESSIONS = 20


def _eids(cache: Path) -> list[str]:
    # ONE itself lists the cache: the collection is what a user's cache holds, not our own listing.
    from one.api import ONE

    return [str(e) for e in ONE(mode="local", cache_dir=cache).search()]


@pytest.fixture(scope="session")
def collection_dir(tmp_path_factory, shared, node) -> Path:
    root = tmp_path_factory.mktemp("collection")
    cache = root / "cache"
    generate = subprocess.run(
        [str(TSX), str(REPO / "src/one/generate/main.ts"), "--out", str(cache), "--sessions", str(SESSIONS),
         "--seed", "18", "--size", "tiny", "--fixtures", str(shared / "fixtures")],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert generate.returncode == 0, generate.stderr
    listing = root / "eids.txt"
    home = root / "home"
    (home / ".one").mkdir(parents=True)
    env = {**os.environ, "HOME": str(home)}
    listing.write_text("\n".join(_eids(cache)) + "\n")
    out = root / "nwb"
    from jupyterlab_ibl_nwb.node import find_cli

    batch = subprocess.run(
        [node, find_cli(), "batch", str(listing), "--cache", str(cache), "-o", str(out), "--jobs", "2",
         "--modalities", "trials,spike_sorting,localization", "--json"],
        capture_output=True, text=True, timeout=600, env=env)
    assert batch.returncode == 0, batch.stdout[-2000:] + batch.stderr[-2000:]
    files = sorted(out.glob("sub-*/*.nwb"))
    assert len(files) >= SESSIONS, [json.loads(line) for line in batch.stdout.splitlines()]
    return out

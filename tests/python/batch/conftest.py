"""Fixtures of the batch tests: a one-node SLURM cluster (root only), generated ONE caches, a local Alyx."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from batch_support import ALYX_PASSWORD, ALYX_USER, REPO, TSX, generate
from slurm_cluster import SlurmCluster, missing_programs


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def slurm():
    """A running one-node cluster. Without root or slurm-wlm: skipped on a developer's machine,
    a failure under CI (scripts/install-system-deps.sh installs it there, and CI runs as root)."""
    problems = []
    if os.geteuid() != 0:
        problems.append("the test runs slurmctld and slurmd as root")
    missing = missing_programs()
    if missing:
        problems.append(f"missing {', '.join(missing)} (apt-get install slurmctld slurmd slurm-client munge)")
    if problems:
        message = "no SLURM here: " + "; ".join(problems)
        if in_ci():
            pytest.fail(message + " — CI must run the SLURM test (bash scripts/install-system-deps.sh as root)")
        pytest.skip(message)
    # A short path: munge's socket name must fit in a sockaddr_un (108 bytes).
    root = Path(tempfile.mkdtemp(prefix="ibl-slurm-"))
    cluster = SlurmCluster(root)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def tiny_cache(tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("tiny-cache")
    return out, generate(out, sessions=4, seed=7, size="tiny")


@pytest.fixture(scope="session")
def small_cache(tmp_path_factory) -> tuple[Path, list[str]]:
    """One session big enough (seconds of writing) to be caught mid-conversion."""
    out = tmp_path_factory.mktemp("small-cache")
    return out, generate(out, sessions=1, seed=8, size="small")


@pytest.fixture(scope="session")
def job_env() -> dict[str, str]:
    """What array tasks need from the submitting shell (sbatch passes it on): `ibl2nwb` on PATH."""
    return {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


@pytest.fixture(scope="session")
def local_alyx(tiny_cache):
    """tools/alyx-server serving the tiny cache on a free port; stopped by its process group."""
    cache, _ = tiny_cache
    proc = subprocess.Popen(
        [str(TSX), "tools/alyx-server/run.ts", "--user", ALYX_USER, "--password", ALYX_PASSWORD,
         "--cache", str(cache), "--no-fixtures"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=60)
    if not line or not line[0].strip():
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"the local Alyx did not start: {proc.stderr.read()[-2000:]}")
    yield json.loads(line[0])
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

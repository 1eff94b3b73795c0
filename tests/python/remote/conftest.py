"""The remote oracle's set-up: a ONE cache folder built by ONE itself, served by our local Alyx."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from pathlib import Path

import pandas as pd
import pytest

from remote_oracle import PASSWORD, REPO, SESSIONS, TSX, USER, write_session


@pytest.fixture(scope="session")
def served_cache(tmp_path_factory) -> Path:
    """ALF files + tables from ONE's own builder, with protocols and projects filled in."""
    from one.alf.cache import make_parquet_db

    root = tmp_path_factory.mktemp("served")
    for k, (lab, subject, date, number, _, _) in enumerate(SESSIONS):
        write_session(root, k, lab, subject, date, number)
    ses_path, _ = make_parquet_db(root, hash_files=True)
    sessions = pd.read_parquet(ses_path)
    for lab, subject, date, number, protocol, projects in SESSIONS:
        row = (sessions["subject"] == subject) & (sessions["date"].astype(str) == date)
        sessions.loc[row, "task_protocol"] = protocol
        sessions.loc[row, "projects"] = projects
    sessions.to_parquet(ses_path)
    return root


@pytest.fixture(scope="session")
def alyx_server(served_cache: Path, shared: Path):
    """Our local Alyx as a subprocess on a free port; stopped (by its process group id) at teardown."""
    proc = subprocess.Popen(
        [str(TSX), "tools/alyx-server/run.ts", "--user", USER, "--password", PASSWORD,
         "--cache", str(served_cache), "--fixtures", str(shared / "fixtures"), "--page-size", "2"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=60)
    if not line or not line[0].strip():
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"the local Alyx did not start: {proc.stderr.read()[-2000:]}")
    info = json.loads(line[0])
    yield info
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def one_home(tmp_path: Path, monkeypatch) -> Path:
    """Keep ONE's parameter files out of the real home folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def one(alyx_server, one_home: Path, tmp_path: Path):
    """Python ONE in remote mode against our local Alyx."""
    from one.api import ONE

    one = ONE(base_url=alyx_server["url"], username=USER, password=PASSWORD, silent=True,
              cache_dir=tmp_path / "one_py")
    one.alyx._par = one.alyx._par.set("HTTP_DATA_SERVER", alyx_server["dataUrl"])
    return one

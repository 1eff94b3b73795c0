"""Helpers of the shared-cache test: the fault-injecting local Alyx, CLI processes whose JSON lines
are read as they come, and what the served cache says each file must be."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd

from jupyterlab_ibl_nwb.node import cli_environment, find_cli
from remote_oracle import PASSWORD, REPO, TSX, USER

SERVER = Path(__file__).resolve().parent / "shared_cache_server.ts"
# The server's file names carry the dataset UUID before the extension; the cache's do not.
UUID_IN_NAME = re.compile(r"\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\.[^.]+$)")


class FaultyAlyx:
    """shared_cache_server.ts as a subprocess: faults in, the data-file request log out."""

    def __init__(self, served: Path):
        self.proc = subprocess.Popen(
            [str(TSX), str(SERVER), "--cache", str(served), "--user", USER, "--password", PASSWORD],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        self.url = self._answer(timeout=60)["url"]

    def _answer(self, timeout: float = 10) -> dict:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not line or not line[0].strip():
            raise AssertionError(f"the test Alyx did not answer: {self.proc.stderr.read()[-2000:]}")
        return json.loads(line[0])

    def _send(self, command: dict) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def add_faults(self, *rules: dict) -> None:
        assert self._send({"op": "faults", "rules": list(rules)}) == {"ok": True}

    def gets(self) -> dict[str, list[str | None]]:
        """Range header of each GET of a data file, by cache-relative path (UUID removed)."""
        out: dict[str, list[str | None]] = {}
        for r in self._send({"op": "requests"})["requests"]:
            if r["method"] == "GET":
                rel = UUID_IN_NAME.sub("", r["path"].removeprefix("/public/"))
                out.setdefault(rel, []).append(r["range"])
        return out

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (subprocess.TimeoutExpired, OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


class Download:
    """`ibl2nwb download EID --json` into a cache folder, its JSON lines collected as they come."""

    def __init__(self, alyx: FaultyAlyx, eid: str, cache: Path, *args: str, env: dict | None = None):
        cli = os.environ.get("IBL_NWB_TEST_CLI") or find_cli()
        assert cli, "build the CLI first: npm run build:cli"
        self.eid = eid
        self.proc = subprocess.Popen(
            ["node", cli, "download", eid, "--alyx", alyx.url, "--user", USER, "--password", PASSWORD,
             "--cache", str(cache), "--json", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=cli_environment({**os.environ, **(env or {})}),
        )
        self.events: list[dict] = []
        self.stderr = ""
        self._out = threading.Thread(target=self._read_stdout, daemon=True)
        self._err = threading.Thread(target=self._read_stderr, daemon=True)
        self._out.start()
        self._err.start()

    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            if line.strip():
                self.events.append(json.loads(line))

    def _read_stderr(self) -> None:
        self.stderr = self.proc.stderr.read()

    def saw(self, kind: str, dataset: str | None = None) -> bool:
        return any(e.get("type") == kind and (dataset is None or e.get("dataset") == dataset) for e in self.events)

    def finish(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout=timeout)
        self._out.join(10)
        self._err.join(10)
        return code

    def done(self) -> dict[str, str]:
        """status ('downloaded' | 'present') of each file of the done event, by absolute path."""
        [event] = [e for e in self.events if e.get("type") == "done"]
        return {f["path"]: f["status"] for f in event["files"]}

    def error(self) -> dict:
        [event] = [e for e in self.events if e.get("type") == "error"]
        return event


def wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def served_records(served: Path) -> pd.DataFrame:
    """Every served dataset: eid, session path, rel_path, size and md5 from the served cache tables."""
    sessions = pd.read_parquet(served / "sessions.pqt").reset_index()
    datasets = pd.read_parquet(served / "datasets.pqt").reset_index()
    sessions["session_path"] = sessions.apply(
        lambda s: f"{s['lab']}/Subjects/{s['subject']}/{s['date']}/{int(s['number']):03d}", axis=1)
    return datasets.merge(sessions[["id", "session_path"]].rename(columns={"id": "eid"}), on="eid")


def leftovers(cache: Path) -> list[str]:
    """Part files and claim files (hidden ones included) anywhere in the cache."""
    return sorted(
        p.relative_to(cache).as_posix() for p in cache.rglob("*")
        if p.is_file() and re.search(r"\.(part|lock|break|tmp)$", p.name)
    )

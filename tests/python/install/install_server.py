"""A real `jupyter lab` of an installed environment, started and stopped by the test, and its routes."""
from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TOKEN = "install-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self, base: str):
        self.base = base

    def request(self, path: str, method: str = "GET", body: dict | None = None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, path: str, method: str = "GET", body: dict | None = None, status: int = 200):
        code, payload = self.request(path, method, body)
        assert code == status, f"{method} {path}: {code} {payload[:2000]!r}"
        return json.loads(payload)

    def wait_job(self, job_id: str, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.json(f"/jupyterlab-ibl-nwb/jobs/{job_id}")
            if job["status"] in ("done", "failed", "cancelled"):
                return job
            time.sleep(0.3)
        raise AssertionError(f"job {job_id} did not finish in {timeout:.0f} s")


@contextmanager
def running_lab(jupyter: Path, root: Path, env: dict[str, str], *args: str) -> Iterator[Lab]:
    """`jupyter lab` serving `root` on a free loopback port; stopped (and its log shown on failure) after."""
    port = free_port()
    log = (root.parent / f"lab-{port}.log").open("w")
    process = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={TOKEN}", *args],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    lab = Lab(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, Path(log.name).read_text()[-3000:]
            try:
                if lab.request("/api/status")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "jupyter lab did not start:\n" + Path(log.name).read_text()[-3000:]
            time.sleep(0.3)
        yield lab
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()

"""`ibl2nwb batch` stopped by SIGTERM sent to the process a scheduler started (the `ibl2nwb`
console script: Kubernetes signals PID 1 only, `kill PID` too): the conversion under way cleans
up, the session is logged as cancelled, exit 130, and nothing keeps running."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

SUFFIX = "_desc-processed_behavior+ecephys.nwb"


def processes_with(marker: str) -> list[int]:
    """Our processes: they inherit MARKER in their environment (nobody else's has it)."""
    needle = f"IBL_BATCH_TEST={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_sigterm_to_the_console_script_cleans_up(small_cache, tmp_path):
    cache, [eid] = small_cache
    listing, out = tmp_path / "eids.txt", tmp_path / "nwb"
    listing.write_text(eid + "\n")
    marker = uuid.uuid4().hex
    # The console script as pip installs it (jupyterlab_ibl_nwb.cli:main), not node directly.
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from jupyterlab_ibl_nwb.cli import main; sys.exit(main())",
         "batch", str(listing), "--cache", str(cache), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "IBL_BATCH_TEST": marker},
    )
    try:
        deadline = time.monotonic() + 120
        while not list(out.rglob(f"*{SUFFIX}.part")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no .part file after 120 s"
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (proc.returncode, stderr)
    assert "1 cancelled" in stderr
    [record] = [json.loads(line) for line in (out / "batch-0-of-1.jsonl").read_text().splitlines()]
    assert record["status"] == "cancelled" and record["code"] == "CANCELLED", record
    time.sleep(1)  # an orphaned converter would still be writing now
    assert processes_with(marker) == []
    assert sorted(p.name for p in out.rglob("*") if p.suffix in (".nwb", ".part", ".chunks")) == []

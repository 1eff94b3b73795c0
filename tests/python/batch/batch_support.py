"""What the batch tests share (a module of its own: test files cannot import a conftest by name)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"
GENERATOR = REPO / "src" / "one" / "generate" / "main.ts"
ALYX_USER, ALYX_PASSWORD = "batch_user", "batch_password"


def generate(out: Path, sessions: int, seed: int, size: str) -> list[str]:
    """Sessions from the project's generator into a ONE cache at `out`; their eids, in order."""
    proc = subprocess.run(
        [str(TSX), str(GENERATOR), "--out", str(out), "--sessions", str(sessions), "--seed", str(seed),
         "--size", size, "--fixtures", str(REPO.parent / "shared" / "fixtures")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"generator failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return [line.split(" eid ")[1].split()[0] for line in proc.stdout.splitlines() if " eid " in line]

"""Runs the TypeScript session generator (src/one/generate/main.ts) with tsx."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"
MAIN = REPO / "src" / "one" / "generate" / "main.ts"


def run_generator(out: Path, sessions: int, seed: int, fixtures: Path) -> None:
    cmd = [str(TSX), str(MAIN), "--out", str(out), "--sessions", str(sessions), "--seed", str(seed),
           "--size", "tiny", "--fixtures", str(fixtures)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"generator failed ({proc.returncode}): {proc.stderr}")

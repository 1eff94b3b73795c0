"""Run our TypeScript ONE-layer code with tsx from the oracle tests."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"


def run_tsx(script: str, *args: str, timeout: float = 120) -> object:
    """Run `tests/python/one/<script>` with tsx and return its JSON stdout."""
    if not TSX.exists():
        pytest.fail(f"{TSX} is missing: run `npm ci` first")
    proc = subprocess.run(
        [str(TSX), str(HERE / script), *args],
        capture_output=True, text=True, timeout=timeout, cwd=REPO,
    )
    if proc.returncode != 0:
        raise AssertionError(f"{script} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)

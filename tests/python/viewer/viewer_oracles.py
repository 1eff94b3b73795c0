"""Shared helpers of the viewer oracles: sample paths, the tsx bridge, h5py text values."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SAMPLES = sorted((REPO.parent / "shared" / "nwb-samples").rglob("*.nwb"))


def sample_id(path: Path) -> str:
    return str(path.relative_to(REPO.parent / "shared" / "nwb-samples"))


def text(value) -> str | None:
    """h5py values as text: bytes or str, scalar or 1-element array (MatNWB)."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return None
        value = value.reshape(-1)[0]
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    return value.rstrip(" \0") if isinstance(value, str) else None


def run_bridge(script: str) -> dict:
    """Run a TypeScript bridge script over every sample; parse its JSON output."""
    assert SAMPLES, "no .nwb files found in ../shared/nwb-samples"
    tsx = REPO / "node_modules" / ".bin" / "tsx"
    out = subprocess.run(
        [str(tsx), str(HERE / script), *map(str, SAMPLES)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(out.stdout)

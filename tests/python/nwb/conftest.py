"""Fixtures that run the TypeScript writer scripts (write_*.ts) for the NWB oracle tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from nwb_oracles import run_writer


@pytest.fixture(scope="session")
def written(tmp_path_factory):
    """write(script) -> folder holding that script's .nwb and .expected.json (run once)."""
    done: dict[str, Path] = {}

    def write(script: str) -> Path:
        if script not in done:
            out = tmp_path_factory.mktemp(script)
            proc = run_writer(script, out)
            assert proc.returncode == 0, f"write_{script}.ts failed:\n{proc.stderr[-3000:]}"
            done[script] = out
        return done[script]

    return write

"""Release files built once per run from a clean copy, shared by the install and Binder checks."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from install_build import STALE, build_sdist, clean_copy, wheel_from_sdist

STALE_FILES = [
    "jupyterlab_ibl_nwb/labextension/package.json",
    "jupyterlab_ibl_nwb/labextension/static/style.js",
    "jupyterlab_ibl_nwb/cli/ibl2nwb.mjs",
    "jupyterlab_ibl_nwb/cli/verify-worker.mjs",
    "jupyterlab_ibl_nwb/cli/parquet-worker.mjs",
    "jupyterlab_ibl_nwb/cli/deflate-worker.mjs",
    "jupyterlab_ibl_nwb/cli/copy-worker.mjs",
    "jupyterlab_ibl_nwb/cli/mtscomp-worker.mjs",
    "jupyterlab_ibl_nwb/cli/chunk-STALE.mjs",
]


@dataclass
class Release:
    copy: Path  # the clean copy the sdist was built from
    sdist: Path
    wheel: Path  # built from the sdist with no Node on PATH


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Release:
    base = tmp_path_factory.mktemp("release")
    copy = clean_copy(base / "src")
    # A complete older build left in the tree (what `skip-if-exists` used to take for a fresh one):
    # it must be rebuilt, not packed.
    for name in STALE_FILES:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text(STALE)
    sdist = build_sdist(copy, base / "dist")
    wheel = wheel_from_sdist(sdist, base / "unpacked", base / "wheel")
    return Release(copy, sdist, wheel)

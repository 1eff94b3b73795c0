"""Release files built once per run from a clean copy, shared by the install and Binder checks."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from install_build import build_sdist, clean_copy, wheel_from_sdist

STALE = "// STALE: left in the working tree by an older build\n"


@dataclass
class Release:
    copy: Path  # the clean copy the sdist was built from
    sdist: Path
    wheel: Path  # built from the sdist with no Node on PATH


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Release:
    base = tmp_path_factory.mktemp("release")
    copy = clean_copy(base / "src")
    # Leftovers of an older build in the tree must not be packed in place of a fresh build.
    cli = copy / "jupyterlab_ibl_nwb" / "cli"
    cli.mkdir(parents=True, exist_ok=True)
    (cli / "ibl2nwb.mjs").write_text(STALE)
    (cli / "chunk-STALE.mjs").write_text(STALE)
    sdist = build_sdist(copy, base / "dist")
    wheel = wheel_from_sdist(sdist, base / "unpacked", base / "wheel")
    return Release(copy, sdist, wheel)

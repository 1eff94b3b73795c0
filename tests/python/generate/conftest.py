"""Generate one tiny cache per test session with the TypeScript generator (run by tsx)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generate_cli import run_generator


@pytest.fixture(scope="session")
def generated_cache(tmp_path_factory, shared) -> Path:
    out = tmp_path_factory.mktemp("one_cache")
    run_generator(out, sessions=3, seed=7, fixtures=shared / "fixtures")
    return out


@pytest.fixture(scope="module", autouse=True)
def one_home(tmp_path_factory):
    """ONE writes its parameter files under ~/.one: keep them out of the real home.

    Module scope, so HOME is restored before tests of other folders run."""
    home = tmp_path_factory.mktemp("home")
    (home / ".one").mkdir()
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    yield home
    if old is None:
        del os.environ["HOME"]
    else:
        os.environ["HOME"] = old

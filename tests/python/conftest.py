"""Shared pytest fixtures: repository paths and the read-only ../shared folder."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

pytest_plugins = ["pytest_jupyter.jupyter_server"]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the tests read real fixtures from ../shared beside the clone")
    return SHARED


@pytest.fixture(scope="session")
def package_version() -> str:
    return json.loads((REPO / "package.json").read_text())["version"]


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is not on PATH: install Node.js >= 20")
    return path


@pytest.fixture
def jp_server_config():
    """Load our server extension in the pytest-jupyter server."""
    return {"ServerApp": {"jpserver_extensions": {"jupyterlab_ibl_nwb": True}}}

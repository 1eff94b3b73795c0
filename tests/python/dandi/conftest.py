"""The DANDI-like test server (dandi_like_server.py) and a Jupyter server whose proxy may use it."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from dandi_like_server import ASSET_PATH, DandiLikeServer  # noqa: E402


@pytest.fixture
def blob(tmp_path: Path) -> Path:
    """1 MiB of known, position-dependent bytes (a Range answer is checked byte for byte)."""
    path = tmp_path / "blob.nwb"
    path.write_bytes(os.urandom(1 << 20))
    return path


@pytest.fixture
def dandi(blob: Path):
    server = DandiLikeServer({ASSET_PATH: blob}).start()
    yield server
    server.stop()


@pytest.fixture
def jp_server_config(tmp_path: Path, dandi: DandiLikeServer):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_ibl_nwb": True}},
        "IblNwb": {
            "jobs_dir": str(tmp_path / "jobs"),
            "warm_search": False,
            "dandi_api_urls": [dandi.api_url],
            "dandi_key_file": str(tmp_path / "keys" / "dandi_api_keys.json"),
        },
    }

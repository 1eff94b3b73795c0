"""Fixtures of the ONE-layer oracle tests."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def fixtures_dir(shared: Path) -> Path:
    return shared / "fixtures"

"""The bundled sample ONE cache (generated, seeded IBL sessions) shipped with the package."""
from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).parent / "sample" / "one-cache"


def sample_cache_dir() -> Path | None:
    return SAMPLE_DIR if (SAMPLE_DIR / "sessions.pqt").is_file() else None

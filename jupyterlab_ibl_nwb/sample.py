"""The bundled sample ONE cache (generated, seeded IBL sessions) shipped with the package."""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent
# In a wheel the sample is packed inside the package; in a source checkout it is demo/one-cache.
CANDIDATES = (_HERE / "sample" / "one-cache", _HERE.parent / "demo" / "one-cache")


def sample_cache_dir() -> Path | None:
    for candidate in CANDIDATES:
        if (candidate / "sessions.pqt").is_file():
            return candidate
    return None

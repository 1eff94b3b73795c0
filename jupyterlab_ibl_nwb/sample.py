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


if __name__ == "__main__":  # `python -m jupyterlab_ibl_nwb.sample` prints the folder, for `--cache`
    import sys

    folder = sample_cache_dir()
    if folder is None:
        sys.exit("jupyterlab_ibl_nwb: the bundled sample ONE cache is missing; reinstall the package.")
    print(folder)

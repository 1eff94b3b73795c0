"""Resolve user-supplied paths strictly inside the Jupyter server's root directory."""
from __future__ import annotations

from pathlib import Path


class PathOutsideRoot(ValueError):
    """A path that escapes the server root (absolute elsewhere, or through '..' or a symlink)."""


def resolve_inside(root: str | Path, relative: str) -> Path:
    """Return the absolute path of `relative` under `root`, or raise PathOutsideRoot.

    Paths are API paths as JupyterLab uses them: relative to the root, '/' separated.
    An absolute path is accepted only if it already lies inside the root.
    """
    if not isinstance(relative, str) or "\x00" in relative:
        raise PathOutsideRoot(f"{relative!r} is not a valid path")
    root_path = Path(root).resolve()
    candidate = Path(relative)
    target = (candidate if candidate.is_absolute() else root_path / candidate).resolve()
    if target != root_path and root_path not in target.parents:
        raise PathOutsideRoot(
            f"{relative!r} is outside the Jupyter root directory {root_path}; use a path inside it"
        )
    return target

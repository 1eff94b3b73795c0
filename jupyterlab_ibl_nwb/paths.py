"""Resolve user-supplied paths strictly inside the Jupyter server's root directory."""
from __future__ import annotations

import os
from pathlib import Path

# Longest file name most file systems take (ext4, xfs, btrfs, APFS: 255 bytes). The CLI adds
# `.part.chunks` to the output name, so the name itself must leave room for that suffix.
NAME_MAX = 255
LONGEST_SUFFIX = ".report.json.part"
PATH_MAX = 4096
# A walk for escaping links stops after this many entries: past it the folder is not a ONE
# cache a person assembled by hand, and refusing is safer than reading for minutes.
WALK_LIMIT = 200_000


class PathOutsideRoot(ValueError):
    """A path that escapes the server root (absolute elsewhere, or through '..' or a symlink)."""


class BadPath(ValueError):
    """A path the file system cannot hold (NUL byte, name or path too long)."""


def check_path_text(relative: object) -> str:
    """The path as text, or BadPath saying why the file system could not use it."""
    if not isinstance(relative, str):
        raise BadPath(f"{relative!r} is not a path: send a string relative to the Jupyter root")
    if "\x00" in relative:
        raise BadPath(f"{relative!r} contains a NUL byte: no file can have that name")
    if len(relative.encode("utf-8", "surrogatepass")) > PATH_MAX:
        raise BadPath(f"the path {relative[:40]!r}… is longer than {PATH_MAX} bytes: choose a shorter one")
    return relative


def resolve_inside(root: str | Path, relative: str) -> Path:
    """Return the absolute path of `relative` under `root`, or raise PathOutsideRoot.

    Paths are API paths as JupyterLab uses them: relative to the root, '/' separated.
    An absolute path is accepted only if it already lies inside the root. Symlinks are
    resolved first, so a link inside the root that points out of it is refused.
    """
    try:
        check_path_text(relative)
    except BadPath as error:
        raise PathOutsideRoot(str(error)) from None
    root_path = Path(root).resolve()
    candidate = Path(relative)
    target = (candidate if candidate.is_absolute() else root_path / candidate).resolve()
    if not is_inside(root_path, target):
        raise PathOutsideRoot(
            f"{relative!r} is outside the Jupyter root directory {root_path}; use a path inside it"
        )
    return target


def is_inside(root: Path, target: Path) -> bool:
    return target == root or root in target.parents


def check_output_name(path: Path) -> None:
    """BadPath if the output's name (with the CLI's temporary suffixes) is too long to create."""
    longest = len(path.name.encode("utf-8", "surrogatepass")) + len(LONGEST_SUFFIX)
    if longest > NAME_MAX:
        raise BadPath(
            f"the output name {path.name[:40]!r}… is too long for the file system"
            f" (at most {NAME_MAX - len(LONGEST_SUFFIX)} bytes): choose a shorter name"
        )


def escaping_link(root: str | Path, folder: Path, deep: bool = True) -> str | None:
    """The first symlink under `folder` whose target lies outside `root` (or dangles out of it),
    as a path relative to the root, or None.

    The CLI follows links when it reads a ONE cache, so a link inside an allowed folder would let
    a request read any file of the server. `deep=False` looks at the folder's own entries and its
    `.rest` folder only (what search, info and metadata read besides the session folders).
    """
    root_path = Path(root).resolve()
    seen = 0
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > WALK_LIMIT:
                return f"{folder} (more than {WALK_LIMIT} entries to check)"
            path = Path(entry.path)
            if entry.is_symlink():
                if not is_inside(root_path, path.resolve()):
                    return str(path.relative_to(root_path)) if is_inside(root_path, path) else str(path)
            elif entry.is_dir(follow_symlinks=False) and (deep or entry.name == ".rest"):
                stack.append(path)
    return None

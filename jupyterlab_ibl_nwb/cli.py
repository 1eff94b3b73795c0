"""`ibl2nwb` as installed by pip: run the bundled Node CLI (same arguments as `node .../ibl2nwb.mjs`)."""
from __future__ import annotations

import subprocess
import sys

from .node import cli_environment, find_cli, find_node, missing_node_message


def main() -> int:
    node, cli = find_node(), find_cli()
    if node is None:
        sys.stderr.write(f"ibl2nwb: {missing_node_message()}\n")
        return 127
    if cli is None:
        sys.stderr.write("ibl2nwb: the bundled CLI is missing from this installation; reinstall jupyterlab_ibl_nwb.\n")
        return 127
    return subprocess.call([node, cli, *sys.argv[1:]], env=cli_environment())


if __name__ == "__main__":
    sys.exit(main())

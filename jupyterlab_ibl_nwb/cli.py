"""`ibl2nwb` as installed by pip: run the bundled Node CLI (same arguments as `node .../ibl2nwb.mjs`)."""
from __future__ import annotations

import os
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
    argv = [node, cli, *sys.argv[1:]]
    if os.name == "posix":
        # Become the Node process: a scheduler's SIGTERM (SLURM, Kubernetes) or Ctrl-C reaches the
        # converter itself, which cleans up; a Python parent would die at once and leave it orphaned.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(node, argv, cli_environment())
    return subprocess.call(argv, env=cli_environment())


if __name__ == "__main__":
    sys.exit(main())

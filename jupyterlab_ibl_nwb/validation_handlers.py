"""Validation routes: validate any .nwb under the Jupyter root with the NWB Inspector and dandi.

POST /validations {path} starts one (202), or answers the running one of the same file (200), or,
when the server's Python has neither validator, says what to install (200, status "unavailable":
an answer, not an error). GET /validations/<id> is its record with the findings;
GET /validations/tools which validators are installed. Conversion jobs validate their own
outputs (jobs.py); their findings come with the job.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .job_request import RequestRefused
from .request_body import BadBody, json_object
from .validation_record import install_advice
from .validation_request import nwb_file
from .validation_run import Validator


class ValidationHandler(APIHandler):
    @property
    def validator(self) -> Validator:
        return self.settings["ibl_nwb_validator"]

    def fail(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish(json.dumps({"message": message}))

    async def tools(self) -> dict | None:
        """The installed validators, or None after answering 503."""
        try:
            return await self.validator.tools()
        except (OSError, RuntimeError) as error:
            self.fail(503, f"The server could not ask its Python which validators it has: {error}.")
            return None


class ValidationsHandler(ValidationHandler):
    @tornado.web.authenticated
    async def post(self):
        try:
            body = json_object(self.request.body)
            root = self.validator.root
            file = await asyncio.get_running_loop().run_in_executor(None, nwb_file, root, body.get("path"))
        except BadBody as error:
            return self.fail(400, str(error))
        except RequestRefused as error:
            return self.fail(error.status, str(error))
        running = self.validator.active_on(str(file.relative_to(root)))
        if running is not None:
            return self.finish(json.dumps(running))
        tools = await self.tools()
        if tools is None:
            return
        if not any(tools.values()):
            return self.finish(json.dumps(self.validator.unavailable(str(file.relative_to(root)), tools)))
        self.set_status(202)
        self.finish(json.dumps(self.validator.ask(file)))


class ValidationToolsHandler(ValidationHandler):
    @tornado.web.authenticated
    async def get(self):
        tools = await self.tools()
        if tools is not None:
            missing = not all(tools.values())
            self.finish(json.dumps({
                "tools": tools, "python": self.validator.python,
                "install": install_advice(self.validator.python) if missing else None,
            }))


class ValidationRecordHandler(ValidationHandler):
    @tornado.web.authenticated
    def get(self, validation_id: str):
        record = self.validator.asked.get(validation_id)
        if record is None:
            return self.fail(404, f"No validation {validation_id} (the server keeps the newest 100 until it restarts).")
        self.finish(json.dumps(record))


def validation_routes(base: str) -> list:
    return [
        (url_path_join(base, "validations"), ValidationsHandler),
        (url_path_join(base, "validations", "tools"), ValidationToolsHandler),
        (url_path_join(base, "validations", r"([0-9a-f]{12})"), ValidationRecordHandler),
    ]


def make_validator(root: str | Path, config: dict) -> Validator:
    """From the server's c.IblNwb: validation_python, validation_timeout, max_validations."""
    return Validator(
        Path(root).expanduser(),
        python=config.get("validation_python"),
        timeout=config.get("validation_timeout", 3600),
        max_running=config.get("max_validations", 1),
    )

"""REST routes of the server extension (authenticated through Jupyter's own auth and XSRF).

Routes only handle requests: checks live in job_request.py / search_request.py, the CLI is run
by cli_runner.py, jobs by jobs.py, Alyx tokens by tokens.py.
"""
from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

import tornado
from tornado.iostream import StreamClosedError
from jupyter_core.paths import jupyter_data_dir
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .alyx_handlers import alyx_routes
from .batch_handlers import batch_routes
from .dandi_access import DandiAccess
from .dandi_proxy import dandi_routes
from .cli_runner import CliError, ShortCommands, parse_lines
from .job_request import RequestRefused, build
from .jobs import JobManager
from .node import find_cli, find_node
from .request_body import BadBody, json_object
from .sample import sample_cache_dir
from .search_pool import SearchPool
from .search_request import SearchRefused, search_args, source_args, tables_stamp
from .tokens import AlyxTokens, NotLoggedIn
from .validation_handlers import make_validator, validation_routes
from .zarr_metadata import zarr_metadata_routes

API_NAMESPACE = "jupyterlab-ibl-nwb"
ROWS_PER_WRITE = 2000  # search rows sent per slice (~400 KB)
JOBS_LISTED = 50  # GET /jobs lists the newest 50 unless ?limit= says otherwise (at most 500)


class BaseHandler(APIHandler):
    @property
    def root_dir(self) -> Path:
        return Path(self.settings["server_root_dir"]).expanduser().resolve()

    @property
    def jobs(self) -> JobManager:
        return self.settings["ibl_nwb_jobs"]

    @property
    def alyx(self) -> AlyxTokens:
        return self.settings["ibl_nwb_alyx"]

    @property
    def cli(self) -> ShortCommands:
        return self.settings["ibl_nwb_cli"]

    def fail(self, status: int, message: str, event: dict | None = None) -> None:
        self.set_status(status)
        self.finish(json.dumps({"message": message, **({"error": event} if event else {})}))

    def body(self) -> dict | None:
        """The JSON object body, or None after answering 400."""
        try:
            return json_object(self.request.body)
        except BadBody as error:
            self.fail(400, str(error))
            return None


class StatusHandler(BaseHandler):
    """Version of the package and whether the converter can run here."""

    @tornado.web.authenticated
    def get(self):
        from . import __version__

        self.finish(json.dumps({"version": __version__, "cli": find_cli(), "node": find_node()}))


class CliRoute(BaseHandler):
    """A route that answers with a short CLI command's output."""

    def source(self) -> tuple[list[str], dict[str, str] | None] | None:
        """CLI options and environment of ?alyx= (logged in) or ?cache=; None after answering."""
        try:
            return source_args(
                self.get_argument("alyx", ""), self.get_argument("cache", ""), self.root_dir, self.alyx,
                sample_cache_dir(),
            )
        except NotLoggedIn as error:
            self.fail(401, str(error))
        except SearchRefused as error:
            self.fail(error.status, str(error))
        return None

    async def run(self, args: list[str], env: dict[str, str] | None, stamp: tuple | None = None) -> list[str] | None:
        """The command's stdout lines, or None after answering with its error."""
        try:
            slow = "the Alyx server may be down" if env else "try narrower filters"
            return await self.cli.run(args, env, slow=slow, stamp=stamp)
        except CliError as error:
            if env is not None and error.status == 401:
                # Alyx refused the stored token (expired): forget it, as ONE does, so the
                # sidebar asks for the password again.
                self.alyx.forget(args[args.index("--alyx") + 1])
            self.fail(error.status, str(error), error.event)
            return None


class SearchHandler(CliRoute):
    """Sessions matching ONE's search filters."""

    @tornado.web.authenticated
    async def get(self):
        source = self.source()
        if source is None:
            return
        try:
            args = search_args(self.request.arguments)
        except SearchRefused as error:
            return self.fail(error.status, str(error))
        lines = await self.run([*args, *source[0]], source[1], tables_stamp(source[0]))
        if lines is not None:
            # The CLI's JSON lines go out as they are (30,000 rows parsed and re-serialised cost
            # more than the search itself), a slice at a time: a big answer joined, hashed for
            # an Etag and sent at once would hold up every other request for tens of ms.
            self.set_header("Content-Type", "application/json")
            self.write('{"sessions": [')
            try:
                for start in range(0, len(lines), ROWS_PER_WRITE):
                    self.write(("," if start else "") + ",".join(lines[start : start + ROWS_PER_WRITE]))
                    if len(lines) > ROWS_PER_WRITE:
                        await self.flush()
            except StreamClosedError:
                return  # the browser went away (a newer search replaced this one)
            self.finish("]}")


# An eid, or `subject/date/number` as ALF folders name a session (what the CLI accepts).
SESSION_ID = r"([0-9a-fA-F-]{36}|[A-Za-z0-9_-][A-Za-z0-9_.-]*/\d{4}-\d{2}-\d{2}/\d{1,3})"


class SessionHandler(CliRoute):
    """One session, its datasets, and the converter's modalities for it (`info --json` as is)."""

    @tornado.web.authenticated
    async def get(self, eid: str):
        source = self.source()
        if source is None:
            return
        lines = await self.run(["info", eid, *source[0]], source[1])
        if lines is not None:
            self.finish(parse_lines(lines)[0])


class MetadataHandler(CliRoute):
    """The NWB metadata document built for a session (from Alyx records in the cache, offline)."""

    @tornado.web.authenticated
    async def get(self, eid: str):
        source = self.source()
        if source is None:
            return
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "metadata.json"
            lines = await self.run(["metadata", eid, *source[0], "-o", str(out)], source[1])
            if lines is None:
                return
            document = json.loads(out.read_text())
        self.finish(json.dumps({"document": document, **parse_lines(lines)[0]} | {"path": None}))


class JobsHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self):
        """The newest jobs, compact (no logs, no reports): details come from GET /jobs/<id>."""
        try:
            limit = min(max(int(self.get_argument("limit", str(JOBS_LISTED))), 1), 500)
        except ValueError:
            return self.fail(400, "'limit' must be a whole number.")
        self.finish(json.dumps({"jobs": self.jobs.list(limit), "total": len(self.jobs.jobs)}))

    @tornado.web.authenticated
    async def post(self):
        """Start a conversion: {eid, cacheDir | alyx, output, metadata?, modalities?, raw?, video?,
        split?, overwrite?}. With `alyx` (a URL logged in to), the session is downloaded into that
        host's download folder first; the stored token reaches the CLI through its environment only.
        """
        body = self.body()
        if body is None:
            return
        try:
            # In a thread: the check walks the cache folder for links out of the root.
            request = await asyncio.get_running_loop().run_in_executor(
                None, build, body, self.root_dir, self.alyx, sample_cache_dir(), self.jobs.active_on
            )
        except RequestRefused as error:
            return self.fail(error.status, str(error))
        except CliError as error:  # no Node or no CLI here
            return self.fail(error.status, str(error))
        busy = next((j for j in map(self.jobs.active_on, request.files) if j is not None), None)
        if busy is not None:  # a job on the same output was submitted while this one was checked
            return self.fail(409, f"{request.output} is being written by job {busy.id}: wait for it or cancel it.")
        job = self.jobs.submit(request.command, output=request.output, files=request.files, cwd=request.cwd)
        self.set_status(201)
        self.finish(json.dumps(job.public()))


MAX_JOBS_LIMIT = 16


class JobsConfigHandler(BaseHandler):
    """How many conversions run at once (the "Concurrent conversions" setting; server-wide)."""

    @tornado.web.authenticated
    def get(self):
        self.finish(json.dumps({"maxJobs": self.jobs.max_concurrent}))

    @tornado.web.authenticated
    def put(self):
        body = self.body()
        if body is None:
            return
        limit = body.get("maxJobs")
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_JOBS_LIMIT:
            return self.fail(400, f"maxJobs must be a whole number from 1 to {MAX_JOBS_LIMIT}, not {limit!r}.")
        self.jobs.set_max_concurrent(limit)
        self.finish(json.dumps({"maxJobs": self.jobs.max_concurrent}))


class JobHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self, job_id: str):
        job = self.jobs.get(job_id)
        if job is None:
            return self.fail(404, f"No conversion job {job_id}.")
        self.finish(json.dumps(job.public()))

    @tornado.web.authenticated
    async def delete(self, job_id: str):
        """Cancel a queued or running job."""
        job = await self.jobs.cancel(job_id)
        if job is None:
            return self.fail(404, f"No conversion job {job_id}.")
        self.finish(json.dumps(job.public()))


def setup_route_handlers(
    web_app,
    max_jobs: int = 2,
    jobs_dir: str | None = None,
    alyx_params_dir: str | None = None,
    alyx_cache_dir: str | None = None,
    max_searches: int = 2,
    validation: dict | None = None,
    dandi: dict | None = None,
):
    state = Path(jobs_dir) if jobs_dir else Path(jupyter_data_dir()) / "jupyterlab_ibl_nwb" / "jobs"
    # c.IblNwb.validation_python / validation_timeout / max_validations / validate_after_convert.
    validation = validation or {}
    # Jupyter's root (its default is the folder it started in).
    root = web_app.settings.get("server_root_dir", ".")
    validator = web_app.settings.setdefault("ibl_nwb_validator", make_validator(root, validation))
    after = validator if validation.get("validate_after_convert", True) else None
    web_app.settings.setdefault("ibl_nwb_jobs", JobManager(state, max_concurrent=max_jobs, validator=after))
    web_app.settings.setdefault("ibl_nwb_alyx", AlyxTokens(alyx_params_dir, alyx_cache_dir))
    # As many search processes as searches may run at once: a waiting search never finds
    # every slot free but no process (ShortCommands' own bound and 503 still apply).
    web_app.settings.setdefault(
        "ibl_nwb_cli", ShortCommands(limit=max_searches, searches=SearchPool(size=max_searches))
    )
    # c.IblNwb.dandi_api_urls: DANDI API bases the proxy may fetch from (dandi_access.py);
    # c.IblNwb.dandi_key_file: where DANDI API keys are kept (0600).
    dandi = dandi or {}
    data = Path(jupyter_data_dir()) / "jupyterlab_ibl_nwb"
    web_app.settings.setdefault("ibl_nwb_dandi", DandiAccess(
        dandi.get("dandi_api_urls"), dandi.get("dandi_key_file") or data / "dandi_api_keys.json"
    ))
    base = url_path_join(web_app.settings["base_url"], API_NAMESPACE)
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "status"), StatusHandler),
            (url_path_join(base, "search"), SearchHandler),
            # An eid, or subject/date/number (a session folder in the file browser).
            (url_path_join(base, "sessions", SESSION_ID), SessionHandler),
            (url_path_join(base, "metadata", r"([0-9a-fA-F-]{36})"), MetadataHandler),
            (url_path_join(base, "jobs"), JobsHandler),
            (url_path_join(base, "jobs", "config"), JobsConfigHandler),
            (url_path_join(base, "jobs", r"([0-9a-f]{12})"), JobHandler),
            *alyx_routes(base),
            *validation_routes(base),
            *zarr_metadata_routes(base),
            *batch_routes(base),
            *dandi_routes(base),
        ],
    )
    return web_app.settings["ibl_nwb_jobs"]

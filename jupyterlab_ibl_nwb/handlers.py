"""REST routes of the server extension (authenticated through Jupyter's own auth and XSRF)."""
from __future__ import annotations

import json
from pathlib import Path

import tornado
from jupyter_core.paths import jupyter_data_dir
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .alyx_handlers import AlyxTokens, NotLoggedIn, alyx_routes, launcher_command, normalize_url, run_cli
from .cli_runner import NO_NODE, CliError, run_cli_json, run_cli_lines
from .jobs import JobManager
from .node import find_cli, find_node
from .paths import resolve_inside

API_NAMESPACE = "jupyterlab-ibl-nwb"


class BaseHandler(APIHandler):
    @property
    def root_dir(self) -> Path:
        return Path(self.settings["server_root_dir"]).expanduser()

    @property
    def jobs(self) -> JobManager:
        return self.settings["ibl_nwb_jobs"]

    @property
    def alyx(self) -> AlyxTokens:
        return self.settings["ibl_nwb_alyx"]

    def cache_path(self, relative: str) -> Path | None:
        """A ONE cache folder inside the root, or the bundled sample for ''."""
        if not relative:
            from .sample import sample_cache_dir

            return sample_cache_dir()
        return resolve_inside(self.root_dir, relative)

    def fail(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish(json.dumps({"message": message}))


class StatusHandler(BaseHandler):
    """Version of the package and whether the converter can run here."""

    @tornado.web.authenticated
    def get(self):
        from . import __version__

        self.finish(json.dumps({"version": __version__, "cli": find_cli(), "node": find_node()}))


SEARCH_FILTERS = {
    "subject": "--subject",
    "lab": "--lab",
    "project": "--project",
    "protocol": "--protocol",
    "number": "--number",
}


class CacheHandler(BaseHandler):
    def cache_dir(self) -> Path:
        """The ONE cache folder named by ?cache= (inside the root), or the bundled sample."""
        cache = self.cache_path(self.get_argument("cache", ""))
        if cache is None:
            raise tornado.web.HTTPError(400, reason="No ONE cache folder given and no bundled sample")
        return cache

    def source(self) -> tuple[list[str], dict[str, str] | None]:
        """CLI options and environment of the data source: ?alyx=URL (logged in), else ?cache=.

        Raises ValueError (a bad path or URL) or NotLoggedIn.
        """
        alyx = self.get_argument("alyx", "").strip()
        if alyx:
            url = normalize_url(alyx)
            env = self.alyx.env(url)
            self._alyx_url = url
            downloads = self.alyx.cache_dir(url)
            downloads.mkdir(parents=True, exist_ok=True)
            return ["--alyx", url, "--cache", str(downloads)], env
        return ["--cache", str(self.cache_dir())], None

    def source_or_fail(self) -> tuple[list[str], dict[str, str] | None] | None:
        try:
            return self.source()
        except NotLoggedIn as error:
            self.fail(401, str(error))
        except ValueError as error:  # PathOutsideRoot too
            self.fail(400, str(error))
        return None

    async def run_lines(self, args: list[str]) -> list[str] | None:
        """A local command's JSON lines, unparsed; None after answering with its error."""
        try:
            return await run_cli_lines(args)
        except CliError as error:
            self.fail(error.status, str(error))
            return None

    async def run(self, args: list[str], env: dict[str, str] | None = None):
        try:
            return await (run_cli_json(args) if env is None else run_cli(args, env))
        except CliError as error:
            if env is not None and error.status == 401:
                # Alyx refused the stored token (expired): forget it, as ONE does, so the
                # sidebar asks for the password again.
                self.alyx.forget(self._alyx_url)
            self.fail(error.status, str(error))
            return None


class SearchHandler(CacheHandler):
    """Sessions matching ONE's search filters in a local cache."""

    @tornado.web.authenticated
    async def get(self):
        source = self.source_or_fail()
        if source is None:
            return
        args = ["search", *source[0]]
        for name, flag in SEARCH_FILTERS.items():
            value = self.get_argument(name, "").strip()
            if value:
                args += [flag, value]
        start, end = self.get_argument("date_from", "").strip(), self.get_argument("date_to", "").strip()
        if start or end:
            args += ["--date-range", f"{start},{end}"]
        for dataset in self.get_arguments("dataset"):
            if dataset.strip():
                args += ["--dataset", dataset.strip()]
        if source[1] is None:
            # Local: the CLI's JSON lines go out as they are (30,000 rows parsed and
            # re-serialised cost more than the search itself).
            lines = await self.run_lines(args)
            if lines is not None:
                self.set_header("Content-Type", "application/json")
                self.finish('{"sessions": [' + ",".join(lines) + "]}")
            return
        sessions = await self.run(args, source[1])
        if sessions is not None:
            self.finish(json.dumps({"sessions": sessions}))


class SessionHandler(CacheHandler):
    """One session and its datasets."""

    @tornado.web.authenticated
    async def get(self, eid: str):
        source = self.source_or_fail()
        if source is None:
            return
        lines = await self.run(["info", eid, *source[0]], source[1])
        if lines is not None:
            self.finish(json.dumps(lines[0]))


class MetadataHandler(CacheHandler):
    """The NWB metadata document built for a session (from Alyx records in the cache, offline)."""

    @tornado.web.authenticated
    async def get(self, eid: str):
        import tempfile

        source = self.source_or_fail()
        if source is None:
            return
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "metadata.json"
            lines = await self.run(["metadata", eid, *source[0], "-o", str(out)], source[1])
            if lines is None:
                return
            document = json.loads(out.read_text())
        self.finish(json.dumps({"document": document, **lines[0]} | {"path": None}))


class JobsHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self):
        self.finish(json.dumps({"jobs": self.jobs.list()}))

    @tornado.web.authenticated
    def post(self):
        """Start a conversion: {eid, cacheDir | alyx, output, metadata?, modalities?, raw?, overwrite?}.

        With `alyx` (a URL logged in to), the session is downloaded into that host's download
        folder first; the stored token reaches the CLI through its environment only.
        """
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            return self.fail(400, "The request body is not JSON.")
        node, cli = find_node(), find_cli()
        if node is None or cli is None:
            return self.fail(503, NO_NODE)
        eid = body.get("eid")
        if not isinstance(eid, str) or not eid:
            return self.fail(400, "Say which session to convert: 'eid' is missing.")
        alyx = None
        try:
            output = resolve_inside(self.root_dir, str(body.get("output", "")))
            metadata = resolve_inside(self.root_dir, body["metadata"]) if body.get("metadata") else None
            if body.get("alyx"):
                alyx = normalize_url(body["alyx"])
                self.alyx.env(alyx)
                cache = self.alyx.cache_dir(alyx)
                cache.mkdir(parents=True, exist_ok=True)
            else:
                cache = self.cache_path(body.get("cacheDir", ""))
        except NotLoggedIn as error:
            return self.fail(401, str(error))
        except ValueError as error:  # PathOutsideRoot too
            return self.fail(400, str(error))
        if cache is None:
            return self.fail(400, "No ONE cache folder given and no bundled sample is installed.")
        if output.suffix != ".nwb":
            return self.fail(400, f"The output {output.name} must end in .nwb.")
        if output.exists() and not body.get("overwrite"):
            return self.fail(409, f"{output.relative_to(self.root_dir)} exists: choose another name or allow overwrite.")
        command = [node, cli, "convert", eid, "--cache", str(cache), "-o", str(output), "--json"]
        if alyx is not None:
            command[4:4] = ["--alyx", alyx]
        if metadata is not None:
            command += ["--metadata", str(metadata)]
        if body.get("modalities"):
            command += ["--modalities", ",".join(map(str, body["modalities"]))]
        if body.get("raw"):
            command.append("--raw")
        if body.get("video"):
            command.append("--video")
        if body.get("overwrite"):
            command.append("--overwrite")
        if alyx is not None:
            command = launcher_command(self.alyx, alyx, command)
        job = self.jobs.submit(command, output=str(output.relative_to(self.root_dir)))
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
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            return self.fail(400, "The request body is not JSON.")
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
):
    state = Path(jobs_dir) if jobs_dir else Path(jupyter_data_dir()) / "jupyterlab_ibl_nwb" / "jobs"
    web_app.settings.setdefault("ibl_nwb_jobs", JobManager(state, max_concurrent=max_jobs))
    web_app.settings.setdefault("ibl_nwb_alyx", AlyxTokens(alyx_params_dir, alyx_cache_dir))
    base = url_path_join(web_app.settings["base_url"], API_NAMESPACE)
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "status"), StatusHandler),
            (url_path_join(base, "search"), SearchHandler),
            (url_path_join(base, "sessions", r"([0-9a-f-]{36})"), SessionHandler),
            (url_path_join(base, "metadata", r"([0-9a-f-]{36})"), MetadataHandler),
            (url_path_join(base, "jobs"), JobsHandler),
            (url_path_join(base, "jobs", "config"), JobsConfigHandler),
            (url_path_join(base, "jobs", r"([0-9a-f]{12})"), JobHandler),
            *alyx_routes(base),
        ],
    )

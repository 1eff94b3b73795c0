"""A local server that behaves like the DANDI API and its object storage, for tests.

Two origins (two ports), as on the real archive (api.dandiarchive.org vs dandiarchive.s3…):

- the **API** answers the routes the viewer uses with the documents in recorded/ (real DANDI
  Archive records of dandiset 000409, see recorded/README.md): each answer keeps the recorded
  field names, nesting and values, and replaces only what must describe the files this server
  serves (path, asset_id, blob, size, counts, digests) and the archive's hosts (its own API and
  storage origins instead of api.dandiarchive.org / dandiarchive.s3.amazonaws.com); it sends
  CORS headers as the real API does, and answers
  `GET /api/assets/<id>/download/` with a 302 to a presigned-style URL on the storage port;
  with `api_key` set, every route answers 401 without `Authorization: token <key>`
  (an embargoed dandiset);
- the **storage** serves the blobs under `/<mode>/blobs/<id>?X-Amz-…`, where mode is the
  server's current `mode` (so one redirect can lead to any behaviour):
  `cors` Range + CORS headers and pre-flight answers (like S3 with the archive's CORS rules);
  `nocors` Range but no CORS headers (the browser must fall back to the Jupyter proxy);
  `norange` ignores Range and sends the whole body with 200;
  `slow` sleeps `delay` seconds before each answer; `flaky` answers 503 to the first
  `failures` requests of each blob, then serves;
  and `/lindi/dandisets/<d>/assets/<id>/nwb.lindi.json`, an index that exists but is unusable (`{}`).
Every storage request is counted in `store_requests` (method, path, Range) for assertions.

Run as a script for the UI tests: prints one JSON line {"api": URL, "store": URL, "assets": [...]}.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import hashlib
import json
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web
from dandischema.digests.dandietag import DandiETag

RECORDED = Path(__file__).parent / "recorded"
DANDISET = "000409"
# The asset the tests serve, named like the Brain Wide Map release's files.
ASSET_PATH = "sub-X/sub-X_ses-Y_desc-processed_behavior+ecephys.nwb"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Range, Authorization, Content-Type",
    "Access-Control-Expose-Headers": "Content-Range, Content-Length, Accept-Ranges, ETag",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
}


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


@dataclass
class Asset:
    path: str
    file: Path
    asset_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    blob: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def size(self) -> int:
        return self.file.stat().st_size

    _digest: dict[str, str] | None = field(default=None, repr=False)

    def digest(self) -> dict[str, str]:
        """The archive's two digests of the served bytes (not the recorded asset's), hashed once."""
        if self._digest is None:
            self._digest = {"dandi:dandi-etag": DandiETag.from_file(self.file).as_str(),
                            "dandi:sha2-256": hashlib.sha256(self.file.read_bytes()).hexdigest()}
        return self._digest


class DandiLikeServer:
    def __init__(self, files: dict[str, Path], *, api_key: str | None = None, host: str = "127.0.0.1"):
        self.assets = [Asset(path, Path(file)) for path, file in files.items()]
        self.api_key = api_key
        self.host = host
        self.mode = "cors"
        self.delay = 0.0
        self.failures = 2
        self.failed: dict[str, int] = {}
        self.store_requests: list[tuple[str, str, str | None]] = []
        self.api_requests: list[tuple[str, str | None]] = []
        self.store_auth: list[str | None] = []  # the Authorization header of each storage request
        self.api_url = ""
        self.store_url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runners: list[web.AppRunner] = []

    # ---- API -------------------------------------------------------------------------------
    def _api_app(self) -> web.Application:
        app = web.Application(middlewares=[self._api_middleware])
        r = app.router
        r.add_get("/api/dandisets/", self._search)
        r.add_get("/api/dandisets/{d}/", self._dandiset)
        r.add_get("/api/dandisets/{d}/versions/{v}/assets/", self._assets_by_path)
        r.add_get("/api/dandisets/{d}/versions/{v}/assets/paths/", self._paths)
        r.add_get("/api/assets/{a}/", self._asset_metadata)
        r.add_get("/api/assets/{a}/download/", self._download)
        return app

    @web.middleware
    async def _api_middleware(self, request: web.Request, handler):
        self.api_requests.append((request.path_qs, request.headers.get("Authorization")))
        if request.method == "OPTIONS":
            return web.Response(status=204, headers=CORS)
        if self.api_key and request.headers.get("Authorization") != f"token {self.api_key}":
            return web.json_response({"detail": "Authentication credentials were not provided."}, status=401, headers=CORS)
        try:
            response = await handler(request)
        except web.HTTPNotFound:
            response = web.json_response(recorded("not_found.json"), status=404)
        response.headers.update(CORS)
        return response

    def _version(self) -> dict:
        version = recorded("dandiset.json")["draft_version"]
        return {**version, "asset_count": len(self.assets), "size": sum(a.size for a in self.assets)}

    async def _search(self, request: web.Request) -> web.Response:
        page = recorded("dandisets_search.json")
        query = request.query.get("search", "").lower()
        # The list endpoint's version has fewer fields than the detail's: keep the recorded ones.
        listed = page["results"][0]
        item = {**listed, "draft_version": {**listed["draft_version"], "asset_count": len(self.assets),
                                            "size": sum(a.size for a in self.assets)}}
        matches = [item] if query in (item["identifier"] + " " + item["draft_version"]["name"]).lower() else []
        return web.json_response({**page, "count": len(matches), "results": matches})

    def _check_dandiset(self, request: web.Request) -> None:
        if request.match_info["d"] != DANDISET or request.match_info.get("v", "draft") != "draft":
            raise web.HTTPNotFound()

    async def _dandiset(self, request: web.Request) -> web.Response:
        self._check_dandiset(request)
        return web.json_response({**recorded("dandiset.json"), "draft_version": self._version()})

    async def _assets_by_path(self, request: web.Request) -> web.Response:
        self._check_dandiset(request)
        page = recorded("assets_by_path.json")
        template = page["results"][0]
        prefix = request.query.get("path", "")
        found = [
            {**template, "asset_id": a.asset_id, "blob": a.blob, "path": a.path, "size": a.size}
            for a in self.assets if a.path.startswith(prefix)
        ]
        return web.json_response({**page, "count": len(found), "results": found})

    async def _paths(self, request: web.Request) -> web.Response:
        self._check_dandiset(request)
        page = recorded("asset_paths.json")
        folder_t = next(r for r in page["results"] if r["asset"] is None)
        file_t = next(r for r in page["results"] if r["asset"] is not None)
        prefix = request.query.get("path_prefix", "").strip("/")
        base = f"{prefix}/" if prefix else ""
        children: dict[str, dict] = {}
        for a in self.assets:
            if not a.path.startswith(base):
                continue
            head, _, rest = a.path[len(base):].partition("/")
            path = base + head
            if rest:
                entry = children.setdefault(path, {**copy.deepcopy(folder_t), "path": path, "aggregate_files": 0, "aggregate_size": 0})
                entry["aggregate_files"] += 1
                entry["aggregate_size"] += a.size
            else:
                # As the archive: `url` is the blob's storage URL without presigning (Asset.s3_url).
                children[path] = {**copy.deepcopy(file_t), "path": path, "aggregate_files": 1, "aggregate_size": a.size,
                                  "asset": {"asset_id": a.asset_id, "url": self._blob_url(a, signed=False)}}
        results = sorted(children.values(), key=lambda r: r["path"])
        return web.json_response({**page, "count": len(results), "results": results})

    def _asset(self, request: web.Request) -> Asset:
        found = next((a for a in self.assets if a.asset_id == request.match_info["a"]), None)
        if found is None:
            raise web.HTTPNotFound()
        return found

    async def _asset_metadata(self, request: web.Request) -> web.Response:
        a = self._asset(request)
        meta = recorded("asset_metadata.json")
        # The recorded asset's other fields (participant, session, approach…) are kept as recorded.
        meta.update(id=f"dandiasset:{a.asset_id}", identifier=a.asset_id, path=a.path, contentSize=a.size,
                    digest=a.digest(),
                    contentUrl=[f"{self.api_url}/assets/{a.asset_id}/download/", self._blob_url(a, signed=False)])
        return web.json_response(meta)

    async def _download(self, request: web.Request) -> web.Response:
        a = self._asset(request)
        # As the archive: a redirect to object storage, on another origin.
        return web.Response(status=302, headers={"Location": self._blob_url(a)})

    def _blob_url(self, a: Asset, signed: bool = True) -> str:
        """The blob's storage URL, laid out as the archive's (`blobs/<3>/<3>/<blob id>`).

        Unsigned, it is the URL the API lists (contentUrl, paths' `asset.url`); this store answers
        it 403, as it answers every request that did not come through the API's presigned redirect.
        """
        url = f"{self.store_url}/{self.mode}/blobs/{a.blob[:3]}/{a.blob[3:6]}/{a.blob}"
        if not signed:
            return url
        signature = uuid.uuid5(uuid.NAMESPACE_URL, a.blob).hex
        return f"{url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature={signature}"

    # ---- storage ---------------------------------------------------------------------------
    def _store_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{mode}/blobs/{a}/{b}/{blob}", self._blob)
        app.router.add_route("*", "/lindi/dandisets/{d}/assets/{asset}/nwb.lindi.json", self._lindi)
        return app

    async def _lindi(self, request: web.Request) -> web.Response:
        """A LINDI index that exists but is no usable index (`{}`): the viewer must fall back to HDF5."""
        if request.method == "OPTIONS":
            return web.Response(status=204, headers=CORS)
        if not any(a.asset_id == request.match_info["asset"] for a in self.assets):
            return web.Response(status=404, headers=CORS)
        return web.json_response({}, headers=CORS)

    async def _blob(self, request: web.Request) -> web.StreamResponse:
        mode = request.match_info["mode"]
        blob = request.match_info["blob"]
        self.store_requests.append((request.method, request.path, request.headers.get("Range")))
        self.store_auth.append(request.headers.get("Authorization"))
        cors = CORS if mode != "nocors" else {}
        if request.method == "OPTIONS":  # CORS pre-flight (Range is not a simple header)
            if not cors:
                return web.Response(status=403)
            return web.Response(status=204, headers={**cors, "Access-Control-Max-Age": "600"})
        if "X-Amz-Signature" not in request.query:
            return web.Response(status=403, text="<Error><Code>AccessDenied</Code></Error>")
        asset = next((a for a in self.assets if a.blob == blob), None)
        if asset is None:
            return web.Response(status=404, text="<Error><Code>NoSuchKey</Code></Error>", headers=cors)
        if mode == "slow":
            await asyncio.sleep(self.delay)
        if mode == "flaky":
            done = self.failed.get(blob, 0)
            if done < self.failures:
                self.failed[blob] = done + 1
                return web.Response(status=503, text="<Error><Code>SlowDown</Code></Error>", headers=cors)
        data = asset.file.read_bytes()
        headers = {**cors, "Content-Type": "application/x-nwb", "ETag": f'"{blob}"'}
        range_header = request.headers.get("Range")
        if mode == "norange" or not range_header:
            return web.Response(status=200, body=data if request.method != "HEAD" else None,
                                headers={**headers, "Content-Length": str(len(data))})
        start, end = parse_range(range_header, len(data))
        if start is None:
            return web.Response(status=416, headers={**headers, "Content-Range": f"bytes */{len(data)}"})
        return web.Response(status=206, body=data[start:end + 1],
                            headers={**headers, "Accept-Ranges": "bytes", "Content-Range": f"bytes {start}-{end}/{len(data)}"})

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self, api_port: int = 0, store_port: int = 0) -> "DandiLikeServer":
        ready = threading.Event()
        problem: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._serve(api_port, store_port))
            except BaseException as error:  # noqa: BLE001 (reported to the caller)
                problem.append(error)
                ready.set()
                return
            ready.set()
            loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(30)
        if problem:
            raise problem[0]
        return self

    async def _serve(self, api_port: int, store_port: int) -> None:
        for app, port, attr in ((self._api_app(), api_port, "api_url"), (self._store_app(), store_port, "store_url")):
            runner = web.AppRunner(app)
            await runner.setup()
            site = web.TCPSite(runner, self.host, port)
            await site.start()
            self._runners.append(runner)
            bound = runner.addresses[0][1]
            setattr(self, attr, f"http://{self.host}:{bound}" + ("/api" if attr == "api_url" else ""))

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return

        async def cleanup() -> None:
            for runner in self._runners:
                await runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)

    def describe(self) -> dict:
        return {"api": self.api_url, "store": self.store_url, "dandiset": DANDISET,
                "lindi": f"{self.store_url}/lindi/dandisets/{{dandiset}}/assets/{{asset_id}}/nwb.lindi.json",
                "assets": [{"path": a.path, "asset_id": a.asset_id, "size": a.size} for a in self.assets]}


def parse_range(header: str, size: int) -> tuple[int | None, int]:
    """One `bytes=a-b` / `bytes=a-` / `bytes=-n` range, clipped; (None, 0) if unsatisfiable."""
    try:
        unit, _, spec = header.partition("=")
        first, _, last = spec.split(",")[0].strip().partition("-")
        if unit.strip() != "bytes":
            return None, 0
        if first == "":
            start, end = max(size - int(last), 0), size - 1
        else:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
    except ValueError:
        return None, 0
    return (start, end) if start <= end and start < size else (None, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", action="append", default=[], help="PATH_IN_DANDISET=LOCAL_FILE")
    parser.add_argument("--mode", default="cors")
    parser.add_argument("--api-port", type=int, default=0)
    parser.add_argument("--store-port", type=int, default=0)
    args = parser.parse_args()
    files = dict(item.split("=", 1) for item in args.file)
    server = DandiLikeServer({k: Path(v) for k, v in files.items()}).start(args.api_port, args.store_port)
    server.mode = args.mode
    print(json.dumps(server.describe()), flush=True)
    try:
        for line in sys.stdin:  # `mode <m>` switches the storage behaviour; EOF stops
            words = line.split()
            if len(words) == 2 and words[0] == "mode":
                server.mode = words[1]
                print(json.dumps({"mode": server.mode}), flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()

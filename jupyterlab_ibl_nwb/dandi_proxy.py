"""The DANDI routes: a streaming GET proxy with Range passthrough, the allow-list and API keys.

GET  /dandi/proxy?url=U   fetch U for the browser (Range passed through, redirects followed
                          here, the API key added on the API host only); the upstream status,
                          Content-Range/Length/Type and body go back as they came.
POST /dandi/allow         {api: BASE} or {url: U}: the user named this API base or opened this URL.
GET|PUT|DELETE /dandi/key ?api= / {api, key}: whether a key is kept for an API base; keep; forget.

Who may be fetched is decided in dandi_access.py (and documented there). Bad input answers 4xx
with a message, an unreachable upstream 502, a silent one 504: never a 500.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import httputil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.iostream import StreamClosedError

from .dandi_access import BadUrl, DandiAccess, check_url
from .request_body import BadBody, json_object

MAX_REDIRECTS = 5
RANGE = re.compile(r"^bytes=\d*-\d*$")
PASSED_BACK = ("Content-Type", "Content-Range", "Content-Length", "Accept-Ranges", "ETag", "Last-Modified")
REDIRECTS = (301, 302, 303, 307, 308)


class DandiHandler(APIHandler):
    @property
    def access(self) -> DandiAccess:
        return self.settings["ibl_nwb_dandi"]

    def fail(self, status: int, message: str) -> None:
        self.clear_header("Content-Range")
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": message}))


class _Relay:
    """Writes one upstream answer back to the browser as it arrives (headers, then chunks)."""

    def __init__(self, handler: DandiHandler):
        self.handler = handler
        self.status: int | None = None
        self.headers = httputil.HTTPHeaders()
        self.started = False
        self.gone = False

    def header_line(self, line: str) -> None:
        if line.startswith("HTTP/"):
            self.status = httputil.parse_response_start_line(line.strip()).code
            self.headers = httputil.HTTPHeaders()
        elif line.strip():
            self.headers.parse_line(line)

    @property
    def redirect(self) -> bool:
        return self.status in REDIRECTS and "Location" in self.headers

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        self.handler.set_status(self.status or 502)
        self.handler.clear_header("Content-Type")
        for name in PASSED_BACK:
            if name in self.headers:
                self.handler.set_header(name, self.headers[name])
        # The bytes are the upstream's own: never cached or sniffed as something else here.
        self.handler.set_header("Cache-Control", "no-store")
        self.handler.set_header("X-Content-Type-Options", "nosniff")

    def chunk(self, data: bytes) -> None:
        if self.redirect or self.gone:
            return
        self.start()
        try:
            self.handler.write(data)
            self.handler.flush()
        except StreamClosedError:
            self.gone = True  # the browser went away: drop the rest


class DandiProxyHandler(DandiHandler):
    @tornado.web.authenticated
    async def get(self):
        try:
            url = check_url(self.get_argument("url", ""))
        except BadUrl as error:
            return self.fail(400, str(error))
        if not self.access.allowed(url):
            return self.fail(
                403,
                f"The Jupyter server fetches only DANDI API URLs and URLs you opened: {url} is neither."
                " Open it with “Open NWB from URL or DANDI…”, or add its API base in the DANDI settings.",
            )
        wanted = self.request.headers.get("Range")
        if wanted is not None and not RANGE.match(wanted.strip()):
            return self.fail(400, f"Range {wanted!r} is not one 'bytes=start-end' range.")
        client = AsyncHTTPClient()
        for _ in range(MAX_REDIRECTS + 1):
            relay = _Relay(self)
            headers = {"Accept-Encoding": "identity", "User-Agent": "jupyterlab-ibl-nwb"}
            if wanted:
                headers["Range"] = wanted.strip()
            key = self.access.key_for(url)
            if key:
                headers["Authorization"] = f"token {key}"
            request = HTTPRequest(
                url, method="GET", headers=headers, follow_redirects=False, decompress_response=False,
                connect_timeout=20, request_timeout=600,
                header_callback=relay.header_line, streaming_callback=relay.chunk,
            )
            try:
                await client.fetch(request, raise_error=False)
            except HTTPClientError as error:  # 599: timeout
                if not relay.started:
                    return self.fail(504, f"{url} did not answer in time ({error.message}); try again later.")
                return self.finish()
            except (OSError, ValueError) as error:  # unreachable host, refused connection, bad URL
                if not relay.started:
                    return self.fail(502, f"Could not reach {url}: {error}.")
                return self.finish()
            if relay.gone:
                return
            if relay.redirect:
                try:
                    url = check_url(urljoin(url, relay.headers["Location"]))
                except BadUrl as error:
                    return self.fail(502, f"The server redirected to a URL that cannot be fetched: {error}")
                continue
            if relay.status is None:
                return self.fail(502, f"{url} sent no HTTP answer.")
            relay.start()
            return self.finish()
        self.fail(502, f"More than {MAX_REDIRECTS} redirects from {self.get_argument('url')}; the server loops.")


class DandiAllowHandler(DandiHandler):
    @tornado.web.authenticated
    def post(self):
        try:
            body = json_object(self.request.body)
            if "api" in body:
                return self.finish(json.dumps({"api": self.access.add_api(body["api"])}))
            if "url" in body:
                return self.finish(json.dumps({"url": self.access.add_opened(body["url"])}))
        except (BadBody, BadUrl) as error:
            return self.fail(400, str(error))
        self.fail(400, "Send {\"api\": <DANDI API base URL>} or {\"url\": <URL you open>}.")


class DandiKeyHandler(DandiHandler):
    """Whether an API key is kept for an API base; the key itself never leaves the server."""

    @tornado.web.authenticated
    def get(self):
        try:
            api = self.get_argument("api", "")
            self.finish(json.dumps({"api": api.rstrip("/"), "hasKey": self.access.has_key(api)}))
        except BadUrl as error:
            self.fail(400, str(error))

    @tornado.web.authenticated
    def put(self):
        try:
            body = json_object(self.request.body)
            base = self.access.save_key(body.get("api"), body.get("key"))
        except (BadBody, BadUrl) as error:
            return self.fail(400, str(error))
        self.finish(json.dumps({"api": base, "hasKey": True}))

    @tornado.web.authenticated
    def delete(self):
        try:
            base = self.access.forget_key(self.get_argument("api", ""))
        except BadUrl as error:
            return self.fail(400, str(error))
        self.finish(json.dumps({"api": base, "hasKey": False}))


def dandi_routes(base: str) -> list:
    return [
        (url_path_join(base, "dandi", "proxy"), DandiProxyHandler),
        (url_path_join(base, "dandi", "allow"), DandiAllowHandler),
        (url_path_join(base, "dandi", "key"), DandiKeyHandler),
    ]

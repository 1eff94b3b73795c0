"""Where the DANDI proxy may go, and which API key goes with a request (no I/O but the key file).

The proxy (dandi_proxy.py) fetches URLs for the browser when the browser cannot (no CORS, an
API key it must not see). So that it is not an open proxy for anything that can reach the
server, a request's starting URL must be one of:

1. under a configured DANDI API base (`c.IblNwb.dandi_api_urls`, default the archive and its
   sandbox), or under an API base the user named in this server session (the "DANDI API base
   URL" setting, registered by the lab through POST /dandi/allow {api});
2. a URL the user explicitly opened in this server session ("Open NWB from URL or DANDI…",
   `NWBView(url)` in a trusted output), registered through POST /dandi/allow {url}.

Redirects are followed from an allowed start only (the archive's `…/download/` answers with a
presigned object-storage URL on another host): the redirect's host is allowed for that chain,
never on its own. Only http and https, no user:password@ in URLs. The API key (kept here in a
0600 file, never sent to the browser) goes only to a URL under the API base it was saved for,
never across a redirect to another host.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_API_URLS = ("https://api.dandiarchive.org/api", "https://api.sandbox.dandiarchive.org/api")
# DANDI API keys are 40 hex characters; accept any plain token, refuse what could inject headers.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{8,200}$")


class BadUrl(ValueError):
    """Not an http(s) URL the proxy can fetch; the message says why."""


def check_url(url: object) -> str:
    """The URL if it is absolute http(s) without credentials, else BadUrl."""
    text = url.strip() if isinstance(url, str) else ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadUrl(f"{text or 'An empty URL'!r} is not an http(s) URL.")
    if parts.username or parts.password:
        raise BadUrl(f"{text!r} carries a user name or password: give the URL without them.")
    if any(c in text for c in "\r\n\t "):
        raise BadUrl(f"{text!r} contains white space.")
    return text


def normalize_api(url: object) -> str:
    """An API base without trailing slash (BadUrl if it is not http(s), or has a query)."""
    text = check_url(url).rstrip("/")
    parts = urlsplit(text)
    if parts.query or parts.fragment:
        raise BadUrl(f"{text!r} is not an API base URL (it has a query or fragment).")
    return text


def under(url: str, base: str) -> bool:
    """Whether url is base itself or below it (same scheme, host, port and path prefix)."""
    u, b = urlsplit(url), urlsplit(base)
    if (u.scheme, u.hostname, u.port) != (b.scheme, b.hostname, b.port):
        return False
    prefix = b.path.rstrip("/") + "/"
    return u.path == b.path.rstrip("/") or u.path.startswith(prefix)


class DandiAccess:
    """The allow-list of the proxy and the API keys of DANDI instances."""

    def __init__(self, api_urls: list[str] | tuple[str, ...] | None = None, key_file: str | Path | None = None):
        self.api_bases: list[str] = [normalize_api(u) for u in (api_urls or DEFAULT_API_URLS)]
        self.opened: set[str] = set()
        self.key_file = Path(key_file) if key_file else None

    def add_api(self, url: object) -> str:
        base = normalize_api(url)
        if base not in self.api_bases:
            self.api_bases.append(base)
        return base

    def add_opened(self, url: object) -> str:
        text = check_url(url)
        self.opened.add(text)
        return text

    def api_base_of(self, url: str) -> str | None:
        return next((b for b in self.api_bases if under(url, b)), None)

    def allowed(self, url: str) -> bool:
        return url in self.opened or self.api_base_of(url) is not None

    # ---- API keys ---------------------------------------------------------------------------
    def _keys(self) -> dict[str, str]:
        if self.key_file is None:
            return {}
        try:
            data = json.loads(self.key_file.read_text())
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}

    def key_for(self, url: str) -> str | None:
        """The key saved for the API base this URL is under (None elsewhere, e.g. object storage)."""
        base = self.api_base_of(url)
        return self._keys().get(base) if base else None

    def has_key(self, api: object) -> bool:
        return normalize_api(api) in self._keys()

    def save_key(self, api: object, key: object) -> str:
        base = self.add_api(api)
        if not isinstance(key, str) or not KEY_PATTERN.match(key.strip()):
            raise BadUrl("The DANDI API key must be the token shown on your DANDI account page (letters and digits).")
        self._write({**self._keys(), base: key.strip()})
        return base

    def forget_key(self, api: object) -> str:
        base = normalize_api(api)
        keys = self._keys()
        if keys.pop(base, None) is not None:
            self._write(keys)
        return base

    def _write(self, keys: dict[str, str]) -> None:
        if self.key_file is None:
            raise BadUrl("This server keeps no DANDI API keys (no key file configured).")
        self.key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.key_file.with_name(self.key_file.name + ".part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as stream:
            json.dump(keys, stream, indent=2)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.key_file)

"""The Alyx token store the remote routes and remote jobs share.

The token is kept on the server the way Python ONE keeps it (one_alyx.md §2.2): one JSON
params file per Alyx host, `<params dir>/.<client_key>` with `ALYX_URL`, `ALYX_LOGIN`,
`HTTP_DATA_SERVER…` and `TOKEN = {user: {"token": …}}`, and the host's download folder in
`<params dir>/.caches` (`CLIENT_MAP`). The params dir is `~/.one` by default, so Python ONE
and this extension share logins. Files are written with mode 0600. The token never leaves
the server: routes answer with the user name only, and the CLI gets it through $ALYX_TOKEN
(never on a command line, where `ps` would show it).

The login itself is the CLI's (`ibl2nwb login`, run by the routes in alyx_handlers.py).
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATA_SERVER = "https://ibl.flatironinstitute.org/public"

class NotLoggedIn(Exception):
    def __init__(self, url: str):
        super().__init__(
            f"Not logged in to {url}: log in with your Alyx user name and password"
            " (Find a session → Remote Alyx), then try again."
        )


def client_key(url: str) -> str:
    """ONE's file-name key of an Alyx URL (one.params._key_from_url)."""
    url = unicodedata.normalize("NFKC", url)
    url = re.sub("^https?://", "", url).strip("/")
    url = re.sub(r"[^.\w\s-]", "_", url.lower())
    return re.sub(r"[-\s]+", "-", url)


def normalize_url(url: object) -> str:
    """An http(s) Alyx base URL without trailing slash, or ValueError saying what is wrong."""
    text = url.strip() if isinstance(url, str) else ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"{text or 'An empty URL'!r} is not an Alyx URL: give its base address, e.g."
            " https://openalyx.internationalbrainlab.org"
        )
    return text.rstrip("/")


def _write_private(path: Path, data: dict) -> None:
    """Write JSON readable by its owner only (0600), atomically."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as stream:
        json.dump(data, stream, indent=4)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class AlyxTokens:
    """ONE-compatible parameter files: tokens per Alyx host and user, download folders."""

    def __init__(self, params_dir: str | Path | None = None, cache_root: str | Path | None = None):
        self.params_dir = Path(params_dir).expanduser() if params_dir else Path.home() / ".one"
        # c.IblNwb.alyx_cache_dir: downloads go to <it>/<client_key>; else ONE's folder for the host.
        self.cache_root = Path(cache_root).expanduser() if cache_root else None

    def params_file(self, url: str) -> Path:
        return self.params_dir / f".{client_key(url)}"

    def _caches(self) -> Path:
        return self.params_dir / ".caches"

    def cache_dir(self, url: str) -> Path:
        """Where this host's downloads and REST cache go."""
        key = client_key(url)
        if self.cache_root is not None:
            return self.cache_root / key
        mapped = _read_json(self._caches()).get("CLIENT_MAP", {}).get(key)
        if isinstance(mapped, str) and mapped:
            return Path(mapped).expanduser()
        return Path.home() / "Downloads" / "ONE" / key

    def login_of(self, url: str) -> tuple[str, str] | None:
        """(user, token) stored for this host, for its ALYX_LOGIN user (else any user)."""
        params = _read_json(self.params_file(url))
        tokens = params.get("TOKEN")
        if not isinstance(tokens, dict) or not tokens:
            return None
        user = params.get("ALYX_LOGIN")
        for name in ([user] if user in tokens else []) + list(tokens):
            entry = tokens.get(name)
            if isinstance(entry, dict) and isinstance(entry.get("token"), str):
                return name, entry["token"]
        return None

    def save(self, url: str, user: str, token: str) -> None:
        """Store the token as ONE does; keep whatever else the files already hold."""
        path = self.params_file(url)
        params = _read_json(path) or {
            "ALYX_URL": url,
            "ALYX_LOGIN": user,
            "HTTP_DATA_SERVER": DEFAULT_DATA_SERVER,
            "HTTP_DATA_SERVER_LOGIN": None,
            "HTTP_DATA_SERVER_PWD": None,
        }
        params["ALYX_LOGIN"] = user
        tokens = params.get("TOKEN") if isinstance(params.get("TOKEN"), dict) else {}
        tokens[user] = {"token": token}
        params["TOKEN"] = tokens
        _write_private(path, params)
        # ONE finds a host's params only through .caches: add the host (never change others).
        caches = _read_json(self._caches())
        client_map = caches.get("CLIENT_MAP") if isinstance(caches.get("CLIENT_MAP"), dict) else {}
        key = client_key(url)
        if key not in client_map:
            client_map[key] = str(self.cache_dir(url))
            caches["CLIENT_MAP"] = client_map
            caches.setdefault("DEFAULT", key)
            _write_private(self._caches(), caches)

    def forget(self, url: str) -> str | None:
        """Remove the stored token (ONE's logout); returns the user it belonged to."""
        path = self.params_file(url)
        params = _read_json(path)
        found = self.login_of(url)
        if found is None:
            return None
        del params["TOKEN"][found[0]]
        _write_private(path, params)
        return found[0]

    def env(self, url: str) -> dict[str, str]:
        """Environment for a CLI run against this host (raises NotLoggedIn)."""
        found = self.login_of(url)
        if found is None:
            raise NotLoggedIn(url)
        return {"ALYX_LOGIN": found[0], "ALYX_TOKEN": found[1]}


def launcher_command(tokens: AlyxTokens, url: str, command: list[str]) -> list[str]:
    """`command` behind a small Python launcher that puts the stored token in $ALYX_TOKEN.

    Job commands are persisted and visible in `ps`; this keeps the token out of both:
    the launcher reads it from the params file when the job starts, then execs `command`.
    """
    code = "from jupyterlab_ibl_nwb.tokens import exec_with_token; exec_with_token()"
    return [sys.executable, "-c", code, str(tokens.params_dir), url, "--", *command]


def exec_with_token(argv: list[str] | None = None) -> None:
    """Entry of `launcher_command`: argv = [params_dir, url, '--', program, args…]."""
    args = list(sys.argv[1:] if argv is None else argv)
    params_dir, url, command = args[0], args[1], args[3:]
    try:
        env = AlyxTokens(params_dir).env(url)
    except NotLoggedIn as error:
        sys.stderr.write(f"{error}\n")
        sys.exit(1)
    os.execve(command[0], command, {**os.environ, **env})

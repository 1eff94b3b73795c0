"""Remote Alyx routes: login, logout and status. The tokens live in tokens.py; the login itself
is the CLI's (`ibl2nwb login`): product logic stays in TypeScript."""
from __future__ import annotations

import json

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .cli_runner import CliError, parse_lines
from .request_body import json_object
from .tokens import AlyxTokens, exec_with_token, normalize_url  # noqa: F401 (exec_with_token: old job records)


class AlyxHandler(APIHandler):
    @property
    def tokens(self) -> AlyxTokens:
        return self.settings["ibl_nwb_alyx"]

    def fail(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish(json.dumps({"message": message}))

    def body_json(self) -> dict:
        """The body as an object (BadBody, a ValueError, says what is wrong)."""
        return json_object(self.request.body)

    def state(self, url: str) -> dict:
        found = self.tokens.login_of(url)
        return {"url": url, "loggedIn": found is not None, "user": found[0] if found else None}


class AlyxLoginHandler(AlyxHandler):
    """POST {url, username, password}: get a token from Alyx and keep it here; answer the user name."""

    @tornado.web.authenticated
    async def post(self):
        try:
            body = self.body_json()
            url = normalize_url(body.get("url"))
        except ValueError as error:
            return self.fail(400, str(error))
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not username.strip():
            return self.fail(400, "Give your Alyx user name.")
        if not isinstance(password, str) or not password:
            return self.fail(400, "Give your Alyx password.")
        try:
            lines = parse_lines(await self.settings["ibl_nwb_cli"].run(
                ["login", "--alyx", url, f"--user={username.strip()}"], env={"ALYX_PASSWORD": password}, timeout=60,
                slow="the Alyx server may be down",
            ))
        except CliError as error:
            if error.status == 401:
                return self.fail(
                    401,
                    f"{url} refused the login of {username.strip()!r}: check the user name and password"
                    " (they are the ones of your Alyx account) and try again.",
                )
            return self.fail(502, f"Could not log in to {url}: {error}")
        answer = next((x for x in lines if isinstance(x, dict) and isinstance(x.get("token"), str)), None)
        if answer is None:
            return self.fail(502, f"{url} answered the login without a token: is it an Alyx server?")
        self.tokens.save(url, answer.get("user") or username.strip(), answer["token"])
        self.finish(json.dumps(self.state(url)))


class AlyxStatusHandler(AlyxHandler):
    """GET ?url=: whether a token is stored for this Alyx, and for which user."""

    @tornado.web.authenticated
    def get(self):
        try:
            url = normalize_url(self.get_argument("url", ""))
        except ValueError as error:
            return self.fail(400, str(error))
        self.finish(json.dumps(self.state(url)))


class AlyxLogoutHandler(AlyxHandler):
    """POST {url}: forget the stored token (as ONE's logout)."""

    @tornado.web.authenticated
    def post(self):
        try:
            url = normalize_url(self.body_json().get("url"))
        except ValueError as error:
            return self.fail(400, str(error))
        self.tokens.forget(url)
        self.finish(json.dumps(self.state(url)))


def alyx_routes(base: str) -> list:
    return [
        (url_path_join(base, "alyx", "login"), AlyxLoginHandler),
        (url_path_join(base, "alyx", "logout"), AlyxLogoutHandler),
        (url_path_join(base, "alyx", "status"), AlyxStatusHandler),
    ]

"""The remote Alyx source through the real Jupyter server, against our local Alyx test server:
login (good, bad, unreachable), the token kept in ONE's params files (0600, never answered),
requests without a login refused, remote search / session / metadata, Python ONE reusing our
stored token, logout, and remote conversion jobs (pynwb reads the result; a fault mid-download
fails the job with the file named and leaves no .nwb)."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from one.api import ONE
from tornado.httpclient import HTTPClientError

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
SAMPLE = REPO / "demo" / "one-cache"
USER, PASSWORD = "alyx_route_user", "alyx-route-password"


class AlyxProcess:
    """tests/python/server/alyx_with_faults.ts as a subprocess; commands go through its stdin."""

    def __init__(self, cache: Path, fixtures: Path):
        if not TSX.exists():
            pytest.fail(f"{TSX} is missing: run `npm ci` first")
        self.proc = subprocess.Popen(
            [str(TSX), str(HERE / "alyx_with_faults.ts"), "--user", USER, "--password", PASSWORD,
             "--cache", str(cache), "--fixtures", str(fixtures)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        info = self._line(60)
        if info is None:
            self.stop()
            pytest.fail(f"the local Alyx did not start: {self.proc.stderr.read()[-2000:]}")
        self.url: str = info["url"]

    def _line(self, timeout: float):
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        return json.loads(line[0]) if line and line[0].strip() else None

    def command(self, **command) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        answer = self._line(10)
        assert answer and answer["ok"], answer
        return answer

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def alyx(shared):
    # The recorded fixtures bring the API schema Python ONE reads first.
    server = AlyxProcess(SAMPLE, shared / "fixtures")
    yield server
    server.stop()


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    """A fresh home: the server keeps tokens in <home>/.one as ONE does; Python ONE reads them there."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def jp_server_config(home: Path, tmp_path: Path):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_ibl_nwb": True}},
        "IblNwb": {
            "alyx_params_dir": str(home / ".one"),
            "alyx_cache_dir": str(tmp_path / "downloads"),
            "jobs_dir": str(tmp_path / "jobs"),
        },
    }


@pytest.fixture(autouse=True)
def no_faults(alyx):
    yield
    alyx.command(clear=True)


def sample_eids() -> list[str]:
    return sorted(str(e) for e in ONE(mode="local", cache_dir=SAMPLE).search())


async def call(jp_fetch, *parts, method="GET", body=None, **params):
    kwargs = {"method": method, "params": params}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    response = await jp_fetch("jupyterlab-ibl-nwb", *parts, **kwargs)
    return json.loads(response.body)


async def failure(jp_fetch, *parts, **kwargs) -> tuple[int, str]:
    with pytest.raises(HTTPClientError) as info:
        await call(jp_fetch, *parts, **kwargs)
    return info.value.code, json.loads(info.value.response.body)["message"]


async def login(jp_fetch, url, username=USER, password=PASSWORD):
    return await call(jp_fetch, "alyx", "login", method="POST",
                      body={"url": url, "username": username, "password": password})


def params_file(home: Path, url: str) -> Path:
    return home / ".one" / f".{url.split('://')[1].replace(':', '_')}"


async def test_bad_credentials_are_refused_with_a_clear_message(jp_fetch, alyx, home):
    code, message = await failure(jp_fetch, "alyx", "login", method="POST",
                                  body={"url": alyx.url, "username": USER, "password": "wrong"})
    assert code == 401
    assert "refused the login" in message and "check the user name and password" in message
    assert "wrong" not in message
    assert not params_file(home, alyx.url).exists()
    status = await call(jp_fetch, "alyx", "status", url=alyx.url)
    assert status == {"url": alyx.url, "loggedIn": False, "user": None}


async def test_login_keeps_the_token_server_side_like_one(jp_fetch, alyx, home, tmp_path):
    body = await login(jp_fetch, alyx.url + "/")
    assert body == {"url": alyx.url, "loggedIn": True, "user": USER}
    path = params_file(home, alyx.url)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    params = json.loads(path.read_text())
    token = params["TOKEN"][USER]["token"]
    assert len(token) == 40 and params["ALYX_LOGIN"] == USER and params["ALYX_URL"] == alyx.url
    assert token not in json.dumps(body)
    caches = json.loads((home / ".one" / ".caches").read_text())
    key = path.name[1:]
    assert caches["CLIENT_MAP"][key] == str(tmp_path / "downloads" / key)
    assert stat.S_IMODE((home / ".one" / ".caches").stat().st_mode) == 0o600
    status = await call(jp_fetch, "alyx", "status", url=alyx.url)
    assert status == {"url": alyx.url, "loggedIn": True, "user": USER}
    assert token not in json.dumps(status)

    # Python ONE finds the stored token: no password needed.
    one = ONE(base_url=alyx.url, silent=True, mode="remote", cache_dir=tmp_path / "one_py")
    assert sorted(str(e) for e in one.search()) == sample_eids()
    assert one.alyx.user == USER
    assert json.loads(path.read_text())["TOKEN"][USER]["token"] == token


async def test_requests_without_a_login_are_refused(jp_fetch, alyx, jp_root_dir):
    for parts in (("search",), ("sessions", sample_eids()[0]), ("metadata", sample_eids()[0])):
        code, message = await failure(jp_fetch, *parts, alyx=alyx.url)
        assert code == 401, parts
        assert f"Not logged in to {alyx.url}" in message
    code, message = await failure(jp_fetch, "jobs", method="POST",
                                  body={"eid": sample_eids()[0], "alyx": alyx.url, "output": "x.nwb"})
    assert code == 401 and "Not logged in" in message
    code, message = await failure(jp_fetch, "search", alyx="ftp://example.org")
    assert code == 400 and "not an Alyx URL" in message


async def test_remote_search_session_and_metadata(jp_fetch, alyx):
    await login(jp_fetch, alyx.url)
    body = await call(jp_fetch, "search", alyx=alyx.url)
    assert sorted(s["eid"] for s in body["sessions"]) == sample_eids()
    body = await call(jp_fetch, "search", alyx=alyx.url, subject="KS074")
    assert {s["subject"] for s in body["sessions"]} == {"KS074"}
    eid = body["sessions"][0]["eid"]
    info = await call(jp_fetch, "sessions", eid, alyx=alyx.url)
    assert info["session"]["eid"] == eid and info["session"]["subject"] == "KS074"
    local = ONE(mode="local", cache_dir=SAMPLE)
    assert sorted(d["rel_path"] for d in info["datasets"]) == sorted(local.list_datasets(eid))
    meta = await call(jp_fetch, "metadata", eid, alyx=alyx.url)
    assert meta["document"]["NWBFile"]["session_id"] == eid
    assert meta["found"]["session"] and meta["found"]["subject"]


async def test_an_expired_token_asks_to_log_in_again(jp_fetch, alyx):
    await login(jp_fetch, alyx.url)
    alyx.command(expire=True)
    code, message = await failure(jp_fetch, "search", alyx=alyx.url, subject="KS074")
    assert code == 401
    assert "Authentication failed" in message and "Log in again" in message
    status = await call(jp_fetch, "alyx", "status", url=alyx.url)
    assert status["loggedIn"] is False


async def test_logout_forgets_the_token(jp_fetch, alyx, home):
    await login(jp_fetch, alyx.url)
    body = await call(jp_fetch, "alyx", "logout", method="POST", body={"url": alyx.url})
    assert body == {"url": alyx.url, "loggedIn": False, "user": None}
    assert json.loads(params_file(home, alyx.url).read_text())["TOKEN"] == {}
    code, _ = await failure(jp_fetch, "search", alyx=alyx.url)
    assert code == 401


async def test_unreachable_and_faulty_servers_say_what_to_do(jp_fetch, alyx):
    code, message = await failure(jp_fetch, "alyx", "login", method="POST",
                                  body={"url": "http://127.0.0.1:9", "username": USER, "password": PASSWORD})
    assert code == 502
    assert "Could not log in to http://127.0.0.1:9" in message and "Check the network and the server URL" in message
    alyx.command(faults=[{"path": "/auth-token", "fault": {"kind": "status", "status": 500}}])
    code, message = await failure(jp_fetch, "alyx", "login", method="POST",
                                  body={"url": alyx.url, "username": USER, "password": PASSWORD})
    assert code == 502 and "500" in message
    code, message = await failure(jp_fetch, "alyx", "login", method="POST",
                                  body={"url": alyx.url, "username": USER})
    assert code == 400 and "password" in message


async def wait_job(jp_fetch, job_id, timeout=180):
    for _ in range(int(timeout / 0.25)):
        job = await call(jp_fetch, "jobs", job_id)
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        await asyncio.sleep(0.25)
    raise AssertionError(f"job {job_id} did not finish")


def sessions_with(pattern: str) -> str:
    local = ONE(mode="local", cache_dir=SAMPLE)
    return next(str(e) for e in local.search() if any(pattern in d for d in local.list_datasets(e)))


async def test_remote_conversion_job(jp_fetch, alyx, jp_root_dir, tmp_path):
    from pynwb import NWBHDF5IO

    await login(jp_fetch, alyx.url)
    eid = sample_eids()[0]
    body = {"eid": eid, "alyx": alyx.url, "output": "remote.nwb", "modalities": ["trials", "wheel"]}
    job = await call(jp_fetch, "jobs", method="POST", body=body)
    job = await wait_job(jp_fetch, job["id"])
    assert job["status"] == "done", job
    with NWBHDF5IO(str(jp_root_dir / "remote.nwb"), "r") as io:
        nwb = io.read()
        assert nwb.session_id == eid
        assert len(nwb.trials) > 0
    # Downloads went to the configured folder; the token is in no job record.
    assert any((tmp_path / "downloads").rglob("*trials*"))
    token = json.loads(params_file(Path(os.environ["HOME"]), alyx.url).read_text())["TOKEN"][USER]["token"]
    for record in (tmp_path / "jobs").glob("*.json"):
        assert token not in record.read_text()


async def test_a_fault_mid_download_fails_the_job_and_leaves_no_nwb(jp_fetch, alyx, jp_root_dir):
    await login(jp_fetch, alyx.url)
    eid = sessions_with("spikes.times")
    alyx.command(faults=[{"pattern": r"^/public/.*spikes\.times", "fault": {"kind": "drop"}}])
    job = await call(jp_fetch, "jobs", method="POST", body={"eid": eid, "alyx": alyx.url, "output": "broken.nwb"})
    job = await wait_job(jp_fetch, job["id"])
    assert job["status"] == "failed", job
    assert "spikes.times" in job["error"], job["error"]
    assert not (jp_root_dir / "broken.nwb").exists()
    assert not (jp_root_dir / "broken.nwb.part").exists()
    requests = alyx.command(requests=True)["requests"]
    assert any("spikes.times" in r and r.startswith("GET /public/") for r in requests)
    assert any("/public/" in r and "spikes.times" not in r for r in requests), "faulted before any download"

"""A session the source does not have is the CLI's error code NOT_FOUND (CONTRACTS.md 7), and the
server answers 404 for it by that code, never by reading the message; a job on it fails with
that code."""
import asyncio
import json

from tornado.httpclient import HTTPClientError

from jupyterlab_ibl_nwb.cli_runner import status_of

# A well-formed UUID (version 4) that no cache or server has.
UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def call(jp_fetch, *parts, method="GET", body=None):
    kwargs = {"method": method}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    try:
        response = await jp_fetch("jupyterlab-ibl-nwb", *parts, **kwargs)
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body or b"{}")
    return response.code, json.loads(response.body)


def test_the_status_comes_from_the_code_not_the_words():
    event = {"type": "error", "code": "NOT_FOUND", "message": "00000: unknown to this cache"}
    assert status_of(2, event, event["message"], remote=False) == 404
    assert status_of(2, event, event["message"], remote=True) == 404
    # Words that look like a missing session, on another code, are that code's status.
    usage = {"type": "error", "code": "USAGE", "message": "no session in the cache has this id"}
    assert status_of(2, usage, usage["message"], remote=False) == 400


async def test_an_unknown_eid_is_404_on_the_session_and_metadata_routes(jp_fetch):
    for route in ("sessions", "metadata"):
        code, body = await call(jp_fetch, route, UNKNOWN)
        assert code == 404, (route, body)
        assert body["error"]["code"] == "NOT_FOUND", (route, body)
        assert UNKNOWN in body["message"], (route, body)


async def test_a_job_on_an_unknown_eid_fails_with_not_found(jp_fetch):
    code, job = await call(jp_fetch, "jobs", method="POST",
                           body={"eid": UNKNOWN, "cacheDir": "", "output": "unknown.nwb"})
    assert code == 201, job
    for _ in range(600):
        code, job = await call(jp_fetch, "jobs", job["id"])
        if job["status"] in ("done", "failed", "cancelled"):
            break
        await asyncio.sleep(0.2)
    assert job["status"] == "failed", job
    assert job["errorEvent"]["code"] == "NOT_FOUND", job
    assert UNKNOWN in job["error"], job

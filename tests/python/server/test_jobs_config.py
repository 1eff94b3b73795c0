"""The "Concurrent conversions" setting reaches the server's job manager: a higher limit starts
waiting jobs at once; bad values are refused with what to send; the route needs authentication."""
import asyncio
import json
import sys
from pathlib import Path

import pytest
import tornado.httpclient

FAKE = str(Path(__file__).with_name("fake_converter.py"))


async def config(jp_fetch, method="GET", body=None):
    response = await jp_fetch(
        "jupyterlab-ibl-nwb", "jobs", "config", method=method,
        **({"body": json.dumps(body)} if body is not None else {}),
    )
    return json.loads(response.body)


async def test_a_higher_limit_starts_waiting_jobs(jp_fetch, jp_serverapp, tmp_path):
    manager = jp_serverapp.web_app.settings["ibl_nwb_jobs"]
    assert (await config(jp_fetch, "PUT", {"maxJobs": 1})) == {"maxJobs": 1}
    jobs = [manager.submit([sys.executable, FAKE, "slow", str(tmp_path / f"{i}.nwb")]) for i in range(2)]
    await asyncio.sleep(0.2)
    assert [manager.get(j.id).status for j in jobs] == ["running", "queued"]

    assert (await config(jp_fetch, "PUT", {"maxJobs": 2})) == {"maxJobs": 2}
    assert [manager.get(j.id).status for j in jobs] == ["running", "running"]
    assert (await config(jp_fetch)) == {"maxJobs": 2}
    for job in jobs:
        await manager.cancel(job.id)


@pytest.mark.parametrize("value", [0, 17, 1.5, "2", True, None])
async def test_bad_limits_are_refused(jp_fetch, value):
    with pytest.raises(tornado.httpclient.HTTPClientError) as info:
        await config(jp_fetch, "PUT", {"maxJobs": value})
    assert info.value.code == 400
    assert "whole number from 1 to 16" in json.loads(info.value.response.body)["message"]


async def test_the_route_needs_authentication(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", "jobs", "config", method="PUT", body="{}",
                       headers={"Authorization": ""})
    assert info.value.code in (401, 403)

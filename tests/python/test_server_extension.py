"""The server extension's routes, exercised on a real Jupyter server (pytest-jupyter)."""
import json

import pytest
from tornado.httpclient import HTTPClientError

EID = "949e5d42-ac82-42e6-a5d7-0de34bbc7bc1"


async def test_status_reports_version_and_converter(jp_fetch, package_version):
    response = await jp_fetch("jupyterlab-ibl-nwb", "status")
    assert response.code == 200
    body = json.loads(response.body)
    assert body["version"] == package_version
    assert body["cli"] is not None and body["cli"].endswith("ibl2nwb.mjs")
    assert body["node"] is not None


async def test_status_rejects_unauthenticated_requests(jp_fetch):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", "status", headers={"Authorization": ""})
    assert info.value.code in (401, 403)


async def test_jobs_start_empty(jp_fetch):
    response = await jp_fetch("jupyterlab-ibl-nwb", "jobs")
    assert json.loads(response.body) == {"jobs": [], "total": 0}


@pytest.mark.parametrize("field", ["output", "cacheDir", "metadata"])
async def test_start_rejects_paths_outside_the_root(jp_fetch, field):
    body = {"eid": EID, "output": "out.nwb", "cacheDir": "cache", field: "../../etc/x.nwb"}
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
    assert info.value.code == 400
    assert "outside the Jupyter root" in info.value.response.body.decode()


async def test_start_refuses_to_overwrite_without_consent(jp_fetch, jp_root_dir):
    (jp_root_dir / "done.nwb").write_bytes(b"x")
    body = {"eid": EID, "output": "done.nwb", "cacheDir": "cache"}
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
    assert info.value.code == 409
    assert (jp_root_dir / "done.nwb").read_bytes() == b"x"


async def test_unknown_job_is_404(jp_fetch):
    for method in ("GET", "DELETE"):
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch("jupyterlab-ibl-nwb", "jobs", "0123456789ab", method=method)
        assert info.value.code == 404


async def test_job_routes_reject_unauthenticated_requests(jp_fetch):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", "jobs", headers={"Authorization": ""})
    assert info.value.code in (401, 403)

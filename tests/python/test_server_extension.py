"""The server extension's routes, exercised on a real Jupyter server (pytest-jupyter)."""
import json

import pytest
from tornado.httpclient import HTTPClientError


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

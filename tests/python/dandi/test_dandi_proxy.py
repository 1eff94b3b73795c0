"""The DANDI proxy route through the real Jupyter server against the DANDI-like test server:
Range passthrough (byte for byte), the API's redirect to object storage followed, the upstream
status kept (206, 200 of a server ignoring Range, 404, 503), bad input answered 4xx with a
message, URLs outside the allow-list refused (SSRF), the API key added on the API host only and
never answered to the browser."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from dandi_like_server import ASSET_PATH


async def proxy(jp_fetch, url: str, headers: dict | None = None):
    return await jp_fetch("jupyterlab-ibl-nwb", "dandi", "proxy", params={"url": url}, headers=headers or {})


async def failure(jp_fetch, *parts, method="GET", body=None, params=None, headers=None) -> tuple[int, str]:
    kwargs = {"method": method, "params": params or {}, "headers": headers or {}}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", *parts, **kwargs)
    return info.value.code, json.loads(info.value.response.body)["message"]


def download_url(dandi) -> str:
    return f"{dandi.api_url}/assets/{dandi.assets[0].asset_id}/download/"


async def test_range_is_passed_through_the_redirect_to_storage(jp_fetch, dandi, blob):
    response = await proxy(jp_fetch, download_url(dandi), {"Range": "bytes=1000-1999"})
    assert response.code == 206
    assert response.headers["Content-Range"] == f"bytes 1000-1999/{1 << 20}"
    assert response.body == blob.read_bytes()[1000:2000]
    # The storage saw the Range, on the presigned URL the API redirected to.
    method, path, sent = dandi.store_requests[-1]
    assert (method, sent) == ("GET", "bytes=1000-1999") and "/blobs/" in path


async def test_api_json_comes_back_as_it_is(jp_fetch, dandi):
    url = f"{dandi.api_url}/dandisets/000409/versions/draft/assets/paths/?path_prefix=sub-X"
    response = await proxy(jp_fetch, url)
    page = json.loads(response.body)
    assert response.headers["Content-Type"].startswith("application/json")
    assert [r["path"] for r in page["results"]] == [ASSET_PATH]
    assert page["results"][0]["asset"]["asset_id"] == dandi.assets[0].asset_id


async def test_a_server_ignoring_range_answers_200_with_the_whole_body(jp_fetch, dandi, blob):
    dandi.mode = "norange"
    response = await proxy(jp_fetch, download_url(dandi), {"Range": "bytes=0-0"})
    assert response.code == 200 and response.body == blob.read_bytes()


async def test_upstream_errors_keep_their_status_and_body(jp_fetch, dandi):
    with pytest.raises(HTTPClientError) as info:
        await proxy(jp_fetch, f"{dandi.api_url}/assets/{'0' * 8}-0000-4000-8000-{'0' * 12}/")
    assert info.value.code == 404
    assert json.loads(info.value.response.body) == {"detail": "Not found."}  # DRF's body, as sent
    dandi.mode = "flaky"
    with pytest.raises(HTTPClientError) as info:
        await proxy(jp_fetch, download_url(dandi), {"Range": "bytes=0-9"})
    assert info.value.code == 503  # the client retries; the proxy does not hide it


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("", 400, "not an http(s) URL"),
        ("file:///etc/passwd", 400, "not an http(s) URL"),
        ("ftp://example.org/x.nwb", 400, "not an http(s) URL"),
        ("http://user:pw@127.0.0.1/x", 400, "user name or password"),
        # SSRF: a host nobody configured or opened, e.g. the cloud metadata service.
        ("http://169.254.169.254/latest/meta-data/", 403, "neither"),
        ("http://127.0.0.1:9/api/other", 403, "neither"),
    ],
)
async def test_bad_or_unlisted_urls_are_refused_with_a_message(jp_fetch, url, status, says):
    code, message = await failure(jp_fetch, "dandi", "proxy", params={"url": url})
    assert (code, says in message) == (status, True), message


async def test_a_storage_url_is_not_allowed_on_its_own(jp_fetch, dandi):
    """Redirect targets are allowed only along a redirect from an allowed URL."""
    store = f"{dandi.store_url}/cors/blobs/a/b/{dandi.assets[0].blob}?X-Amz-Signature=x"
    code, _ = await failure(jp_fetch, "dandi", "proxy", params={"url": store})
    assert code == 403
    # Once the user opened it explicitly, it is.
    await jp_fetch("jupyterlab-ibl-nwb", "dandi", "allow", method="POST", body=json.dumps({"url": store}))
    response = await proxy(jp_fetch, store, {"Range": "bytes=0-3"})
    assert response.code == 206 and len(response.body) == 4


async def test_bad_range_is_refused(jp_fetch, dandi):
    code, message = await failure(jp_fetch, "dandi", "proxy", params={"url": download_url(dandi)},
                                  headers={"Range": "bytes=0-1,5-9"})
    assert code == 400 and "Range" in message


async def test_unreachable_upstream_is_502_not_500(jp_fetch):
    await jp_fetch("jupyterlab-ibl-nwb", "dandi", "allow", method="POST",
                   body=json.dumps({"url": "http://127.0.0.1:9/x.nwb"}))
    code, message = await failure(jp_fetch, "dandi", "proxy", params={"url": "http://127.0.0.1:9/x.nwb"})
    assert code == 502 and "127.0.0.1:9" in message


async def test_the_api_key_goes_to_the_api_host_only_and_stays_on_the_server(jp_fetch, dandi, tmp_path):
    dandi.api_key = "0123456789abcdef0123456789abcdef01234567"
    with pytest.raises(HTTPClientError) as info:
        await proxy(jp_fetch, f"{dandi.api_url}/dandisets/000409/")
    assert info.value.code == 401  # embargoed: no key yet
    saved = await jp_fetch("jupyterlab-ibl-nwb", "dandi", "key", method="PUT",
                           body=json.dumps({"api": dandi.api_url, "key": dandi.api_key}))
    assert json.loads(saved.body) == {"api": dandi.api_url, "hasKey": True}
    key_file = tmp_path / "keys" / "dandi_api_keys.json"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    status = await jp_fetch("jupyterlab-ibl-nwb", "dandi", "key", params={"api": dandi.api_url})
    assert dandi.api_key not in status.body.decode()
    response = await proxy(jp_fetch, download_url(dandi), {"Range": "bytes=0-9"})
    assert response.code == 206
    assert dandi.api_requests[-1][1] == f"token {dandi.api_key}"
    # The presigned storage URL got no Authorization (it would leak the key to another host).
    assert dandi.store_auth and all(auth is None for auth in dandi.store_auth)
    await jp_fetch("jupyterlab-ibl-nwb", "dandi", "key", method="DELETE", params={"api": dandi.api_url})
    with pytest.raises(HTTPClientError) as info:
        await proxy(jp_fetch, f"{dandi.api_url}/dandisets/000409/")
    assert info.value.code == 401


async def test_bad_keys_and_bodies_are_400(jp_fetch, dandi):
    code, message = await failure(jp_fetch, "dandi", "key", method="PUT", body={"api": dandi.api_url, "key": "a\r\nX: y"})
    assert code == 400 and "API key" in message
    code, _ = await failure(jp_fetch, "dandi", "allow", method="POST", body={"url": "javascript:alert(1)"})
    assert code == 400
    code, _ = await failure(jp_fetch, "dandi", "allow", method="POST", body={"nothing": 1})
    assert code == 400

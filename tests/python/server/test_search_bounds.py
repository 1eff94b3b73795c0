"""Searches are bounded: a crowd of searches runs at most a small fixed number of Node processes
(others wait, then get a 503 with a message), identical searches share one answer, and a
changed cache table is searched again."""
import asyncio
import json
import shutil

import psutil
import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_ibl_nwb.cli_runner import CliError, ShortCommands


def crowd_client(jp_http_port, jp_base_url, jp_auth_header):
    """A client that really sends requests at once (jp_fetch's client sends them one by one)."""
    from tornado.simple_httpclient import SimpleAsyncHTTPClient

    client = SimpleAsyncHTTPClient(force_instance=True, max_clients=64)
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}jupyterlab-ibl-nwb/"

    def fetch(path, **params):
        from urllib.parse import urlencode

        return client.fetch(base + path + "?" + urlencode(params), headers=jp_auth_header,
                            request_timeout=120, raise_error=False)

    return fetch


def node_children() -> int:
    count = 0
    for child in psutil.Process().children(recursive=True):
        try:
            # Node renames its process to MainThread: know the CLI by its command line.
            cli = any(part.endswith("ibl2nwb.mjs") for part in child.cmdline())
            count += cli and child.status() != psutil.STATUS_ZOMBIE
        except (psutil.Error, OSError):  # gone while we looked
            pass
    return count


async def test_a_crowd_of_searches_runs_at_most_two_node_processes(
    jp_fetch, jp_root_dir, repo, jp_http_port, jp_base_url, jp_auth_header
):
    fetch = crowd_client(jp_http_port, jp_base_url, jp_auth_header)
    shutil.copytree(repo / "demo" / "one-cache", jp_root_dir / "cache")
    peak = 0
    sampling = True

    async def sample():
        nonlocal peak
        while sampling:
            peak = max(peak, node_children())
            await asyncio.sleep(0.02)

    sampler = asyncio.ensure_future(sample())
    # 16 different searches (no two alike: nothing shared, nothing remembered)
    answers = await asyncio.gather(*[fetch("search", cache="cache", number=str(n)) for n in range(16)])
    sampling = False
    await sampler
    assert all(a.code == 200 for a in answers)
    assert 1 <= peak <= 2, peak


async def test_identical_searches_share_one_process_and_a_changed_table_is_read_again(
    jp_fetch, jp_root_dir, repo, jp_http_port, jp_base_url, jp_auth_header
):
    fetch = crowd_client(jp_http_port, jp_base_url, jp_auth_header)
    cache = jp_root_dir / "cache"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    first = await asyncio.gather(*[fetch("search", cache="cache") for _ in range(20)])
    assert all(a.code == 200 for a in first)
    assert len({a.body for a in first}) == 1
    assert json.loads(first[0].body)["sessions"]
    # Replace the tables by an empty cache's: the next search must see it, not a remembered answer.
    (cache / "sessions.pqt").unlink()
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("jupyterlab-ibl-nwb", "search", params={"cache": "cache"})
    assert info.value.code != 500 and "sessions.pqt" in info.value.response.body.decode()


async def test_a_search_that_waits_too_long_is_503(monkeypatch):
    from jupyterlab_ibl_nwb import cli_runner

    async def slow(args, env, timeout, slow):
        await asyncio.sleep(1)
        return []

    monkeypatch.setattr(cli_runner, "run_once", slow)
    pool = ShortCommands(limit=1, wait=0.2)
    results = await asyncio.gather(pool.run(["search", "a"]), pool.run(["search", "b"]), return_exceptions=True)
    assert results[0] == []
    assert isinstance(results[1], CliError) and results[1].status == 503
    assert "busy" in str(results[1])

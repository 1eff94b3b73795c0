"""One search process is started with the server, so the first crowd of searches does not wait
for Node (and the server's cheap routes do not share the CPU with its start): it runs before any
search is asked, serves the first ones, and is stopped with the server. A server without Node
or without the CLI bundle still starts; the log says why there is no search process and the
first search answers with what is missing, as before."""
import asyncio
import json
import logging
import shutil

import pytest

from jupyterlab_ibl_nwb import cli_runner
from jupyterlab_ibl_nwb.node import find_cli, find_node

from test_search_serve import serve_processes  # pytest puts this folder on sys.path

needs_cli = pytest.mark.skipif(find_cli() is None or find_node() is None, reason="needs the built CLI and Node")


async def until(condition, seconds=30.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


@needs_cli
async def test_one_search_process_runs_before_the_first_search(jp_fetch, jp_serverapp, jp_root_dir, shared):
    pool = jp_serverapp.web_app.settings["ibl_nwb_cli"].searches
    assert await until(lambda: len(serve_processes()) == 1), "no search process was started with the server"
    # The process is started off the event loop: the pool learns its handle a moment after it exists.
    assert await until(lambda: pool.workers[0].process is not None), "the pool never took its search process"
    assert [p.pid for p in serve_processes()] == [pool.workers[0].process.pid]
    assert pool.workers[1].process is None  # one only: each idle process costs ~70 MiB
    cache = jp_root_dir / "cache"
    cache.mkdir()
    for table in ("sessions.pqt", "datasets.pqt"):
        shutil.copy(shared / "fixtures/ONE/one/tests/fixtures" / table, cache / table)
    response = await jp_fetch("jupyterlab-ibl-nwb", "search", params={"cache": "cache", "subject": "KS005"})
    assert len(json.loads(response.body)["sessions"]) == 10
    assert [w.started for w in pool.workers] == [1, 0]  # the warm process answered
    await jp_serverapp.cleanup_extensions()  # what ServerApp._cleanup runs on stop
    assert serve_processes() == []


@needs_cli
async def test_a_server_stopped_while_its_search_process_starts_leaves_none(jp_serverapp):
    # Stopped before the loop ever ran the warm-up, and while it runs: no process outlives it.
    await jp_serverapp.cleanup_extensions()
    await asyncio.sleep(1)
    assert serve_processes() == []


@pytest.fixture
def no_cli(monkeypatch):
    monkeypatch.setattr(cli_runner, "find_cli", lambda: None)


def warnings_said(caplog) -> list[str]:
    """Warnings logged so far, while the server was set up and during the test."""
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    return [r.getMessage() for r in records if r.levelno >= logging.WARNING]


async def test_a_server_without_the_cli_starts_and_the_first_search_says_what_is_missing(
    no_cli, caplog, jp_fetch, jp_serverapp, jp_root_dir
):
    status = await jp_fetch("jupyterlab-ibl-nwb", "status")
    assert status.code == 200
    assert await until(lambda: any("no search process started" in s for s in warnings_said(caplog)), 10)
    assert any(cli_runner.NO_CLI in s for s in warnings_said(caplog))
    assert serve_processes() == []
    (jp_root_dir / "cache").mkdir()
    with pytest.raises(Exception) as refused:
        await jp_fetch("jupyterlab-ibl-nwb", "search", params={"cache": "cache"})
    assert refused.value.code == 503
    assert json.loads(refused.value.response.body)["message"] == cli_runner.NO_CLI


@pytest.fixture
def no_node(monkeypatch, tmp_path):
    monkeypatch.setenv("IBL2NWB_NODE", str(tmp_path / "no-such-node"))


async def test_a_server_without_node_starts_and_names_the_wrong_setting(no_node, caplog, jp_fetch, jp_serverapp):
    assert (await jp_fetch("jupyterlab-ibl-nwb", "status")).code == 200
    assert await until(
        lambda: any("IBL2NWB_NODE" in s and "does not exist" in s for s in warnings_said(caplog)), 10
    )
    assert serve_processes() == []


@pytest.mark.parametrize("jp_server_config", [
    {"ServerApp": {"jpserver_extensions": {"jupyterlab_ibl_nwb": True}}, "IblNwb": {"warm_search": False}}
])
async def test_the_warm_up_can_be_turned_off(jp_fetch, jp_serverapp):
    assert (await jp_fetch("jupyterlab-ibl-nwb", "status")).code == 200
    await asyncio.sleep(1)
    assert serve_processes() == []

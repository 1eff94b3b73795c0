"""Python ONE (remote mode) against our local Alyx is the oracle for our TypeScript remote client:
same search results, same dataset lists, same downloaded file layout and bytes, and REST-cache
entries that each client reads from the other."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from remote_oracle import HERE, PASSWORD, USER, run_tsx

TS_CLIENT = HERE / "ts_client.ts"

# ONE keyword arguments → the same query for our client.
QUERIES = [
    ({}, {}),
    ({"subject": "swc_043"}, {"subject": "swc_043"}),
    ({"laboratory": "cortexlab"}, {"lab": "cortexlab"}),
    ({"date_range": ["2020-09-01", "2020-09-21"]}, {"dateRange": ["2020-09-01", "2020-09-21"]}),
    ({"date_range": "2020-09-22"}, {"dateRange": "2020-09-22"}),
    ({"task_protocol": "ephysChoice"}, {"taskProtocol": "ephysChoice"}),
    ({"projects": "brainwide"}, {"projects": "brainwide"}),
    ({"subject": "SWC_043", "number": 2}, {"subject": "SWC_043", "number": 2}),
    ({"datasets": "spikes.times.npy"}, {"datasets": "spikes.times.npy"}),
    ({"datasets": ["spikes.times.npy", "_ibl_wheel.position.npy"], "laboratory": "hoferlab"},
     {"datasets": ["spikes.times.npy", "_ibl_wheel.position.npy"], "lab": "hoferlab"}),
]


def ours(alyx_server, *operations: dict) -> list:
    base = {"baseUrl": alyx_server["url"], "username": USER, "password": PASSWORD}
    return run_tsx(TS_CLIENT, json.dumps([{**base, **op} for op in operations]))


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.suffix != ".pqt"
    }


def test_login(alyx_server, one_home):
    from one.api import ONE

    with pytest.raises(requests.HTTPError, match="authentication failed"):
        ONE(base_url=alyx_server["url"], username=USER, password="wrong", silent=True,
            cache_dir=one_home / "bad")
    [result] = ours(alyx_server, {"op": "search", "password": "wrong"})
    assert result["error"] == "AuthenticationError"


def test_search_matches_one(one, alyx_server):
    expected = [[str(e) for e in one.search(**kwargs)] for kwargs, _ in QUERIES]
    results = ours(alyx_server, *({"op": "search", "filters": filters} for _, filters in QUERIES))
    assert [r["ok"] for r in results] == expected
    assert any(len(e) > 2 for e in expected) and any(len(e) == 1 for e in expected)


def test_list_datasets_matches_one(one, alyx_server):
    eids = [str(e) for e in one.search()]
    expected = [sorted(one.list_datasets(eid)) for eid in eids]
    results = ours(alyx_server, *({"op": "list", "eid": eid} for eid in eids))
    assert [r["ok"] for r in results] == expected
    assert any("alf/#2024-05-06#/_ibl_trials.intervals.npy" in e for e in expected)


def test_download_layout_matches_one(one, alyx_server, tmp_path):
    eid = str(one.search(subject="SWC_043", date_range="2020-09-21")[0])
    one.load_dataset(eid, "_ibl_trials.stimOn_times.npy", download_only=True)
    one.load_dataset(eid, "_ibl_trials.intervals.npy", revision="2024-05-06", download_only=True)
    one.load_object(eid, "spikes", collection="alf/probe00/pykilosort", download_only=True)
    ours_dir = tmp_path / "one_ts"
    [result] = ours(alyx_server, {
        "op": "download", "eid": eid, "cacheDir": str(ours_dir),
        "datasets": ["alf/_ibl_trials.stimOn_times.npy", "alf/#2024-05-06#/_ibl_trials.intervals.npy",
                     "alf/probe00/pykilosort/spikes.*"],
    })
    assert "ok" in result, result
    expected = files_under(Path(one.cache_dir))
    assert len(expected) == 4
    assert files_under(ours_dir) == expected


def test_we_read_the_rest_cache_one_wrote(one, alyx_server):
    kwargs = {"laboratory": "hoferlab", "date_range": ["2020-09-01", "2020-09-30"]}
    eids = [str(e) for e in one.search(**kwargs)]
    detail = one.alyx.rest("sessions", "read", id=eids[0])
    # Without credentials our client cannot ask the server: only ONE's `.rest/` entries can answer.
    offline = {"baseUrl": alyx_server["url"], "restCacheDir": str(one.cache_dir)}
    everything = [str(e) for e in one.search()]  # two pages: the second is keyed by its full URL
    search, paged, read = run_tsx(TS_CLIENT, json.dumps([
        {**offline, "op": "search", "filters": {"lab": "hoferlab", "dateRange": ["2020-09-01", "2020-09-30"]}},
        {**offline, "op": "search", "filters": {}},
        {**offline, "op": "detail", "eid": eids[0]},
    ]))
    assert search.get("ok") == eids, search
    assert len(everything) == 4 and paged.get("ok") == everything, paged
    assert read.get("ok") == json.loads(json.dumps(detail)), read


def test_one_reads_the_rest_cache_we_wrote(alyx_server, one_home, tmp_path):
    from one import webclient

    cache_dir = tmp_path / "shared_cache"
    online = {"restCacheDir": str(cache_dir)}
    search, = ours(alyx_server, {**online, "op": "search", "filters": {"subject": "KS023"}})
    eid = search["ok"][0]
    detail, = ours(alyx_server, {**online, "op": "detail", "eid": eid})
    # A Python client that cannot reach any server answers from our entries.
    alyx = webclient.AlyxClient(base_url="http://127.0.0.1:1", silent=True, cache_dir=cache_dir)
    query = "/" + webclient.update_url_params("sessions", {"subject": "KS023"})
    assert [r["id"] for r in alyx.get(query)] == search["ok"]
    assert alyx.get(f"/sessions/{eid}") == detail["ok"]

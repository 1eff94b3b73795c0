"""Search and session routes run the bundled CLI on a ONE cache inside the server root."""
import json
import shutil

import pytest
from one.api import ONE
from tornado.httpclient import HTTPClientError


@pytest.fixture
def one_cache(jp_root_dir, shared):
    folder = jp_root_dir / "one_cache"
    folder.mkdir()
    for table in ("sessions.pqt", "datasets.pqt"):
        shutil.copy(shared / "fixtures/ONE/one/tests/fixtures" / table, folder / table)
    return folder


async def get(jp_fetch, *parts, **params):
    response = await jp_fetch("jupyterlab-ibl-nwb", *parts, params=params)
    return json.loads(response.body)


async def test_search_by_subject_and_dates(jp_fetch, one_cache):
    one = ONE(mode="local", cache_dir=one_cache)
    expected = sorted(str(e) for e in one.search(subject="KS005", date_range=["2019-04-10", "2019-04-11"]))
    assert expected
    body = await get(jp_fetch, "search", cache="one_cache", subject="KS005", date_from="2019-04-10", date_to="2019-04-11")
    assert sorted(s["eid"] for s in body["sessions"]) == expected
    assert {s["subject"] for s in body["sessions"]} == {"KS005"}


async def test_session_lists_its_datasets(jp_fetch, one_cache):
    one = ONE(mode="local", cache_dir=one_cache)
    eid = str(one.search(subject="KS005")[0])
    body = await get(jp_fetch, "sessions", eid, cache="one_cache")
    assert body["session"]["eid"] == eid
    assert sorted(d["rel_path"] for d in body["datasets"]) == sorted(one.list_datasets(eid))


async def test_session_route_passes_on_the_converters_modalities(jp_fetch, one_cache):
    """`interfaces` as the CLI's info judged them (the sidebar shows exactly these), reached by
    eid or by subject/date/number (a session folder in the file browser)."""
    one = ONE(mode="local", cache_dir=one_cache)
    eid = str(one.search(subject="KS005")[0])
    by_eid = await get(jp_fetch, "sessions", eid, cache="one_cache")
    names = [i["name"] for i in by_eid["interfaces"]]
    assert names[:2] == ["trials", "wheel"] and "spike_sorting" in names and "raw_ephys" in names
    for item in by_eid["interfaces"]:
        assert set(item) == {"name", "title", "kind", "available", "reason", "askedBy", "dandi"}
        assert item["kind"] in ("processed", "raw") and isinstance(item["reason"], str) and item["reason"]
    s = by_eid["session"]
    by_path = await get(jp_fetch, "sessions", s["subject"], s["date"], f"{s['number']:03d}", cache="one_cache")
    assert by_path["session"]["eid"] == eid
    assert by_path["interfaces"] == by_eid["interfaces"]
    # Only a name, a date and a number: never a path that climbs out.
    with pytest.raises(HTTPClientError) as info:
        await get(jp_fetch, "sessions", "..", s["date"], "001", cache="one_cache")
    assert info.value.code == 404


async def test_search_rejects_a_cache_outside_the_root(jp_fetch):
    with pytest.raises(HTTPClientError) as info:
        await get(jp_fetch, "search", cache="../../etc")
    assert info.value.code == 400
    assert "outside the Jupyter root" in info.value.response.body.decode()


async def test_search_reports_bad_filters_and_missing_tables(jp_fetch, one_cache, jp_root_dir):
    with pytest.raises(HTTPClientError) as info:
        await get(jp_fetch, "search", cache="one_cache", number="two")
    assert info.value.code == 400
    assert "--number must be a whole number" in info.value.response.body.decode()
    (jp_root_dir / "empty").mkdir()
    with pytest.raises(HTTPClientError) as info:
        await get(jp_fetch, "search", cache="empty")
    # 422 (DATASET_MISSING) from a CLI of contract 2, 502 from an older one: never a 500.
    assert info.value.code in (422, 502)
    assert "sessions.pqt" in info.value.response.body.decode()


async def test_search_without_a_cache_uses_the_bundled_sample(jp_fetch, repo):
    expected = sorted(str(e) for e in ONE(mode="local", cache_dir=repo / "demo" / "one-cache").search())
    assert expected
    body = await get(jp_fetch, "search")
    assert sorted(s["eid"] for s in body["sessions"]) == expected


async def test_metadata_of_a_sample_session(jp_fetch, repo):
    eid = str(ONE(mode="local", cache_dir=repo / "demo" / "one-cache").search()[0])
    body = await get(jp_fetch, "metadata", eid)
    assert body["document"]["NWBFile"]["session_id"] == eid
    assert body["problems"] == []
    assert body["found"]["session"] and body["found"]["subject"] and body["found"]["lab"]

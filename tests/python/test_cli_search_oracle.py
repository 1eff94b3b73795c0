"""The bundled `ibl2nwb search` (the file shipped in the wheel) finds what Python ONE finds
in local mode on the real legacy ONE cache tables from ONE's own test fixtures."""
import json
import shutil
import subprocess

import pytest
from one.api import ONE

from jupyterlab_ibl_nwb.node import find_cli

QUERIES = [
    ({"subject": "KS005"}, ["--subject", "KS005"]),
    ({"date_range": ["2019-04-10", "2019-04-11"]}, ["--date-range", "2019-04-10,2019-04-11"]),
    ({"laboratory": "cortexlab", "number": 2}, ["--lab", "cortexlab", "--number", "2"]),
    ({"task_protocol": "training"}, ["--protocol", "training"]),
    ({"datasets": ["_ibl_wheel.position.npy"]}, ["--dataset", "_ibl_wheel.position.npy"]),
]


@pytest.fixture(scope="module")
def cache(shared, tmp_path_factory):
    folder = tmp_path_factory.mktemp("one_cache")
    for table in ("sessions.pqt", "datasets.pqt"):
        shutil.copy(shared / "fixtures/ONE/one/tests/fixtures" / table, folder / table)
    return folder


@pytest.mark.parametrize("python_query,cli_args", QUERIES, ids=[q[1][0] for q in QUERIES])
def test_cli_search_matches_one(cache, node, python_query, cli_args):
    one = ONE(mode="local", cache_dir=cache)
    expected = sorted(str(eid) for eid in one.search(**python_query))
    assert expected, f"the oracle found nothing for {python_query}: the query proves nothing"
    result = subprocess.run(
        [node, find_cli(), "search", "--cache", str(cache), "--json", *cli_args],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = sorted(json.loads(line)["eid"] for line in result.stdout.splitlines() if line.strip())
    assert found == expected


@pytest.mark.parametrize("part", ["wheel.position", "position.npy", "trials.goCue"])
def test_cli_search_dataset_matches_part_of_the_name(cache, node, part):
    """`--dataset` takes part of a file name (#19.11): the sessions with an existing dataset whose
    file name contains it, computed with pandas from the cache table."""
    # ONE reads the legacy (int64 pair) ids of these tables; its table is the input, not the oracle.
    datasets = ONE(mode="local", cache_dir=cache)._cache["datasets"].reset_index()
    names = datasets["rel_path"].str.rsplit("/", n=1).str[-1]
    hit = datasets[names.str.contains(part, regex=False) & datasets["exists"]]
    expected = sorted({str(e) for e in hit["eid"]})
    assert expected, f"no dataset name contains {part}: the case proves nothing"
    result = subprocess.run(
        [node, find_cli(), "search", "--cache", str(cache), "--json", "--dataset", part],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = sorted(json.loads(line)["eid"] for line in result.stdout.splitlines() if line.strip())
    assert found == expected

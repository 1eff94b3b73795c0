"""The quirks corpus, built once and run once per test session (two runs at a time: 2 cores)."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from quirks_runner import build_corpus, run_case


@pytest.fixture(scope="session")
def corpus_runs(tmp_path_factory, node):
    root = tmp_path_factory.mktemp("quirks")
    cases = build_corpus(root)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip(cases, pool.map(lambda case: run_case(node, case), cases.values())))
    return root, runs


@pytest.fixture(scope="module", autouse=True)
def one_home(tmp_path_factory):
    """Keep anything written under ~ out of the real home."""
    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    yield home
    if old is None:
        del os.environ["HOME"]
    else:
        os.environ["HOME"] = old

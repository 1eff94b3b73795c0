"""A tiny generated session, converted once for the read-back tests."""
from __future__ import annotations

import pytest

from interfaces_oracle import convert, generate


@pytest.fixture(scope="session")
def session(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("interfaces") / "cache")


@pytest.fixture(scope="session")
def converted(session, tmp_path_factory):
    """(session, nwb path, report) of a full conversion."""
    out = tmp_path_factory.mktemp("interfaces_out") / "session.nwb"
    result = convert(session, out)
    assert result.returncode == 0, result.stderr
    return session, out, result.report

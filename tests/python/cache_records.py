"""Make a ONE cache's datasets.pqt describe a file a test changed on purpose.

Conversions check every file against the cache's `file_size` and md5 `hash` before reading it (issue 19.7), so a
test that damages a file's *content* (a NaN, a length mismatch, a truncation) to exercise the converter's content
checks must also "publish" the damaged file: as if the pipeline had written and registered it that way, which is
how such data reach users. Without this, the integrity check (rightly) stops the run first."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd


def republish(cache: Path, file: Path) -> None:
    """Record `file`'s current size and md5 in `cache`/datasets.pqt (the row of its session and rel_path)."""
    parts = file.resolve().relative_to(cache.resolve()).parts
    lab, _, subject, date, number = parts[:5]
    rel_path = "/".join(parts[5:])
    sessions = pd.read_parquet(cache / "sessions.pqt")
    match = sessions[(sessions.lab == lab) & (sessions.subject == subject)
                     & (sessions.date.astype(str).str[:10] == date) & (sessions.number.astype(int) == int(number))]
    assert len(match) == 1, f"no single session for {file}"
    eid = str(match.index[0])
    table = pd.read_parquet(cache / "datasets.pqt")
    rows = (table.index.get_level_values("eid").astype(str) == eid) & (table.rel_path == rel_path)
    assert rows.sum() == 1, f"{rel_path} is not recorded once for {eid}"
    data = file.read_bytes()
    table.loc[rows, "file_size"] = len(data)
    table.loc[rows, "hash"] = hashlib.md5(data).hexdigest()
    table.to_parquet(cache / "datasets.pqt")

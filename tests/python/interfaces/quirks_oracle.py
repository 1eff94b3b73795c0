"""Helpers for the real-data quirk tests (#19.1, .2, .6, .8): damage a private copy of the
generated session the way real sessions differ, keep the cache's records true to the files
(size and md5, so only the quirk is tested), and check converted files with pynwb and
nwbinspector."""
from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pynwb
from nwbinspector import Importance, inspect_nwbfile

from interfaces_oracle import Session


def refresh_record(session: Session, rel: str) -> None:
    """Update datasets.pqt's file_size and hash of a dataset we rewrote, as ONE would record it."""
    path = session.alf(rel)
    table = pd.read_parquet(session.cache / "datasets.pqt")
    rows = table["rel_path"].str.replace(r"#[^/]+#/", "", regex=True) == rel
    assert rows.sum() == 1, f"{rel}: {rows.sum()} records"
    table.loc[rows, "file_size"] = path.stat().st_size
    if "hash" in table.columns:
        table.loc[rows, "hash"] = hashlib.md5(path.read_bytes()).hexdigest()
    table.to_parquet(session.cache / "datasets.pqt")


def save_npy(session: Session, rel: str, values: np.ndarray) -> None:
    np.save(session.alf(rel), values)
    refresh_record(session, rel)


def save_pqt(session: Session, rel: str, table: pd.DataFrame) -> None:
    table.to_parquet(session.alf(rel), index=False)
    refresh_record(session, rel)


def save_csv(session: Session, rel: str, table: pd.DataFrame) -> None:
    table.to_csv(session.alf(rel), index=False)
    refresh_record(session, rel)


def with_extra_rows(table: pd.DataFrame, extra: int, seed: int = 0) -> pd.DataFrame:
    """The table plus `extra` trailing rows of plausible values (what the tracker saw after the last pulse)."""
    rng = np.random.default_rng(seed)
    tail = table.iloc[-extra:].copy() if extra <= len(table) else table.sample(extra, replace=True, random_state=seed)
    for column in tail.columns:
        if np.issubdtype(tail[column].dtype, np.floating):
            tail[column] = tail[column].to_numpy() + rng.normal(0, 1, len(tail))
    return pd.concat([table, tail], ignore_index=True)


def assert_file_is_clean(path: Path) -> None:
    """pynwb reads it without a warning and validates it; nwbinspector finds nothing at
    BEST_PRACTICE_VIOLATION or above (CRITICAL, validation, and crashed checks: ERROR)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pynwb.NWBHDF5IO(str(path), "r") as io:
            io.read()
    assert pynwb.validate(path=str(path)) == []
    serious = [
        m for m in inspect_nwbfile(nwbfile_path=str(path))
        if m.importance.value >= Importance.BEST_PRACTICE_VIOLATION.value
    ]
    assert serious == [], "\n".join(
        f"{m.importance.name} {m.check_function_name} {m.location}: {m.message}" for m in serious
    )


def notes(report: dict) -> list[dict]:
    return report.get("notes") or []


def interface(report: dict, name: str) -> dict:
    return next(i for i in report["interfaces"] if i["name"] == name)

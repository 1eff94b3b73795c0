"""ALF revisions (#13): the converter reads the dataset ONE would load. Without a pin, the cache's
default revision (a server-built table may flag an older one than the latest); with `--revision`
(or the metadata document's `Ibl.revision`), ONE's "last before" rule, which is how the 2026
release pins `2025-05-06`. The oracle is ONE itself (`one.load_dataset` with the same revision),
compared with the trials values pynwb reads back; the file records the pin."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from iblutil.io import parquet
from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
TRIALS = "alf/_ibl_trials.table.pqt"
# Each revision's reward volumes are told apart by this factor (the other columns are kept).
REVISIONS = {"2024-01-01": 2.0, "2025-05-06": 3.0, "2025-12-04": 4.0}


def _generate(out: Path) -> tuple[Path, str, Path]:
    proc = subprocess.run(
        [str(TSX), "src/one/generate/main.ts", "--out", str(out), "--sessions", "1", "--seed", "11",
         "--size", "tiny"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    sessions = pd.read_parquet(out / "sessions.pqt").reset_index()
    row = sessions.iloc[0]
    folder = out / row["lab"] / "Subjects" / row["subject"] / str(row["date"])[:10] / f"{int(row['number']):03d}"
    return out, str(row["id"]), folder


def _add_revisions(cache: Path, eid: str, folder: Path, default: str) -> None:
    """Write the trials table at each revision (reward volumes scaled) and record each in
    datasets.pqt with its size and md5, flagging `default` as the default revision."""
    base = pd.read_parquet(folder / TRIALS)
    table, meta = parquet.load(cache / "datasets.pqt")
    rows = table[table["rel_path"] == TRIALS]
    assert len(rows) == 1, "the generated session has one trials table"
    added = []
    for revision, factor in REVISIONS.items():
        rel = f"alf/#{revision}#/_ibl_trials.table.pqt"
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        revised = base.copy()
        revised["rewardVolume"] = base["rewardVolume"] * factor
        revised.to_parquet(path)
        row = rows.copy()
        row["rel_path"] = rel
        row["file_size"] = path.stat().st_size
        row["hash"] = hashlib.md5(path.read_bytes()).hexdigest()
        row.index = pd.MultiIndex.from_tuples([(eid, str(uuid.uuid4()))], names=table.index.names)
        added.append(row)
    table = pd.concat([table, *added])
    assert "default_revision" in table.columns, "generated tables are server-like (default_revision)"
    trials_rows = table["rel_path"].str.endswith("_ibl_trials.table.pqt")
    table.loc[trials_rows, "default_revision"] = table.loc[trials_rows, "rel_path"].str.contains(
        f"#{default}#", regex=False)
    # ONE reads only tables with its metadata (date_created, origin): write them back with it.
    parquet.save(cache / "datasets.pqt", table, meta)


@pytest.fixture(scope="module")
def revised_cache(tmp_path_factory):
    cache, eid, folder = _generate(tmp_path_factory.mktemp("revisions") / "cache")
    # An older revision flagged as the default one: ONE loads it, not the latest.
    _add_revisions(cache, eid, folder, default="2024-01-01")
    return cache, eid


def _convert(node, cache: Path, eid: str, out: Path, *args: str, modality: str = "trials"):
    return subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out),
                           "--modalities", modality, *args], capture_output=True, text=True, timeout=300)


def _one_trials(cache: Path, eid: str, revision: str | None) -> pd.DataFrame:
    one = ONE(mode="local", cache_dir=cache)
    kwargs = {} if revision is None else {"revision": revision}
    return one.load_dataset(eid, "_ibl_trials.table.pqt", collection="alf", **kwargs)


def _written(out: Path) -> tuple[np.ndarray, str, dict]:
    with NWBHDF5IO(str(out), "r", load_namespaces=True) as io:
        nwb = io.read()
        volumes = nwb.trials["reward_volume_uL"].data[:]
    import h5py

    with h5py.File(out, "r") as f:
        meta = f["general/ibl_metadata"]
        revision = meta.attrs["revision"]
        revisions = json.loads(meta.attrs["revisions"]) if "revisions" in meta.attrs else {}
    return volumes, str(revision), revisions


@pytest.mark.parametrize("pin, expected", [
    (None, "2024-01-01"),        # the default revision flagged in the table, not the latest
    ("2025-06-01", "2025-05-06"),  # last before the pin
    ("2025-05-06", "2025-05-06"),  # exactly the pin
    ("2030-01-01", "2025-12-04"),  # a pin after every revision: the latest
    ("2023-01-01", ""),            # before every revision: the unrevised dataset
])
def test_reads_the_revision_one_loads(node, revised_cache, tmp_path, pin, expected):
    cache, eid = revised_cache
    out = tmp_path / "session.nwb"
    result = _convert(node, cache, eid, out, *(["--revision", pin] if pin else []))
    assert result.returncode == 0, result.stderr
    oracle = _one_trials(cache, eid, pin)
    volumes, revision, revisions = _written(out)
    assert len(volumes) == len(oracle) > 0
    np.testing.assert_array_equal(volumes, oracle["rewardVolume"].to_numpy())
    base = pd.read_parquet(next(Path(cache).rglob("alf/_ibl_trials.table.pqt")))
    factor = REVISIONS.get(expected, 1.0)
    np.testing.assert_array_equal(volumes, base["rewardVolume"].to_numpy() * factor)
    if pin is not None:
        assert revision == pin, "the file records the pinned revision, as the release does"
    if expected:
        assert revisions.get("trials") == expected


def test_metadata_document_pin_and_the_option_winning(node, revised_cache, tmp_path):
    cache, eid = revised_cache
    meta = tmp_path / "meta.json"
    made = subprocess.run([node, find_cli(), "metadata", eid, "--cache", str(cache), "-o", str(meta),
                           "--revision", "2025-05-06"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert json.loads(meta.read_text())["Ibl"]["revision"] == "2025-05-06"
    out = tmp_path / "doc.nwb"
    result = _convert(node, cache, eid, out, "--metadata", str(meta))
    assert result.returncode == 0, result.stderr
    volumes, revision, _ = _written(out)
    np.testing.assert_array_equal(volumes, _one_trials(cache, eid, "2025-05-06")["rewardVolume"].to_numpy())
    assert revision == "2025-05-06"
    # The option wins over the document, and the report says so.
    out2 = tmp_path / "option.nwb"
    result = _convert(node, cache, eid, out2, "--metadata", str(meta), "--revision", "2025-12-04")
    assert result.returncode == 0, result.stderr
    volumes, revision, _ = _written(out2)
    np.testing.assert_array_equal(volumes, _one_trials(cache, eid, "2025-12-04")["rewardVolume"].to_numpy())
    report = json.loads((tmp_path / "option.report.json").read_text())
    assert any("2025-12-04" in n["message"] and "2025-05-06" in n["message"] for n in report.get("notes", []))


def test_dataset_only_after_the_pin_is_named(node, tmp_path_factory):
    cache, eid, folder = _generate(tmp_path_factory.mktemp("later") / "cache")
    # Licks (a one-file object) recorded only at a revision after the pin.
    licks, later = "alf/licks.times.npy", "alf/#2025-12-04#/licks.times.npy"
    table, meta = parquet.load(cache / "datasets.pqt")
    rows = table["rel_path"] == licks
    assert rows.sum() == 1
    (folder / later).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(folder / licks, folder / later)
    table.loc[rows, "rel_path"] = later
    parquet.save(cache / "datasets.pqt", table, meta)
    out = tmp_path_factory.mktemp("later_out") / "session.nwb"
    result = _convert(node, cache, eid, out, "--revision", "2025-05-06", modality="licks")
    assert result.returncode == 3, result.stderr
    assert "2025-05-06 or earlier" in result.stderr
    assert not out.exists()
    # Without the pin the later revision is read.
    assert _convert(node, cache, eid, out, modality="licks").returncode == 0


@pytest.mark.parametrize("bad", ["a#b", "x/y", " 2025", ""])
def test_bad_revision_is_a_usage_error(node, revised_cache, tmp_path, bad):
    cache, eid = revised_cache
    result = _convert(node, cache, eid, tmp_path / "x.nwb", "--revision", bad)
    assert result.returncode == 2, result.stderr
    assert "--revision" in result.stderr

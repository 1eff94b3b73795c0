"""ONE-api (local mode) is the oracle: it must search, list and load every generated dataset."""
from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from one.api import ONE
from one.alf.path import filename_parts

QC_ORDER = ["NOT_SET", "PASS", "WARNING", "FAIL", "CRITICAL"]


@pytest.fixture(scope="module")
def one(generated_cache):
    return ONE(mode="local", cache_dir=generated_cache)


@pytest.fixture(scope="module")
def tables(generated_cache):
    return (pd.read_parquet(generated_cache / "sessions.pqt"),
            pd.read_parquet(generated_cache / "datasets.pqt"))


def session_dir(root: Path, row) -> Path:
    return root / row.lab / "Subjects" / row.subject / str(row.date) / f"{row.number:03d}"


def read_reference(path: Path):
    """What numpy / pandas read from the file directly."""
    ext = path.suffix
    if ext == ".npy":
        return np.load(path)
    if ext == ".pqt":
        return pd.read_parquet(path)
    if ext == ".csv":
        return pd.read_csv(path)
    if ext == ".json":
        return json.loads(path.read_text())
    return path


def assert_same(loaded, reference, what):
    if isinstance(reference, np.ndarray):
        assert isinstance(loaded, np.ndarray), what
        assert loaded.dtype == reference.dtype, what
        assert loaded.shape == reference.shape, what
        np.testing.assert_array_equal(loaded, reference, err_msg=what)
    elif isinstance(reference, pd.DataFrame):
        if isinstance(loaded, pd.Series):  # ONE squeezes single-column CSVs
            loaded = loaded.to_frame()
        pd.testing.assert_frame_equal(loaded.reset_index(drop=True), reference, obj=what)
    elif isinstance(reference, Path):
        assert Path(loaded) == reference, what
    else:
        assert loaded == reference, what


def test_tables_current_format(tables, generated_cache):
    ses, dsets = tables
    assert ses.index.name == "id" and dsets.index.names == ["eid", "id"]
    assert list(ses.columns) == ["lab", "subject", "date", "number", "task_protocol", "projects"]
    assert list(dsets.columns) == ["rel_path", "file_size", "hash", "exists", "qc", "default_revision"]
    assert str(ses["number"].dtype) == "uint16"
    assert all(type(d).__name__ == "date" for d in ses["date"])
    assert str(dsets["file_size"].dtype) == "UInt64"
    assert dsets["qc"].cat.ordered and list(dsets["qc"].cat.categories) == QC_ORDER
    assert dsets["exists"].all() and dsets["default_revision"].all()
    for value in list(ses.index) + list(dsets.index.get_level_values(1)):
        assert str(uuid.UUID(value)) == value
    info = json.loads((generated_cache / "cache_info.json").read_text())
    assert info["tables"]["datasets"]["nrecs"] == len(dsets)
    assert info["tables"]["sessions"]["nrecs"] == len(ses)


def test_sizes_and_md5_match_files(tables, generated_cache):
    ses, dsets = tables
    for (eid, _), row in dsets.iterrows():
        path = session_dir(generated_cache, ses.loc[eid]) / row.rel_path
        data = path.read_bytes()
        assert len(data) == row.file_size, row.rel_path
        assert hashlib.md5(data).hexdigest() == row.hash, row.rel_path


def test_search(one, tables):
    ses, _ = tables
    assert sorted(map(str, one.search())) == sorted(ses.index)
    for subject in ses["subject"].unique():
        expected = ses[ses["subject"] == subject].sort_values("date", ascending=False).index
        assert list(map(str, one.search(subject=subject))) == list(expected)
    for lab in ses["lab"].unique():
        assert sorted(map(str, one.search(laboratory=lab))) == sorted(ses[ses["lab"] == lab].index)
    first = ses.iloc[0]
    assert list(map(str, one.search(date_range=[str(first.date), str(first.date)], subject=first.subject))) == [first.name]
    assert len(one.search(datasets=["spikes.times.npy", "_ibl_trials.table.pqt"])) == len(ses)
    assert len(one.search(task_protocol="ephysChoiceWorld", projects="brainwide")) == len(ses)


def test_list_datasets(one, tables):
    ses, dsets = tables
    for eid in ses.index:
        assert one.list_datasets(eid) == sorted(dsets.loc[eid]["rel_path"])
        collections = set(one.list_collections(eid))
        assert {"alf", "alf/probe00/pykilosort", "alf/probe01/pykilosort", "raw_ephys_data/probe00"} <= collections


def test_load_dataset_every_file(one, tables, generated_cache):
    ses, dsets = tables
    for (eid, _), row in dsets.iterrows():
        path = session_dir(generated_cache, ses.loc[eid]) / row.rel_path
        # md5s are checked above with hashlib; iblutil's md5 is slow on every call
        loaded = one.load_dataset(eid, row.rel_path, check_hash=False)
        assert_same(loaded, read_reference(path), row.rel_path)
    # ONE's own size + md5 check on a few files, by name and by collection
    eid = ses.index[0]
    root = session_dir(generated_cache, ses.loc[eid])
    assert_same(one.load_dataset(eid, "_ibl_trials.table.pqt"), read_reference(root / "alf/_ibl_trials.table.pqt"), "trials table")
    assert_same(one.load_dataset(eid, "spikes.times.npy", collection="alf/probe01/pykilosort"),
                read_reference(root / "alf/probe01/pykilosort/spikes.times.npy"), "spikes.times")


def test_load_object_every_object(one, tables, generated_cache):
    ses, dsets = tables
    for eid in ses.index:
        root = session_dir(generated_cache, ses.loc[eid])
        objects = {}
        for rel in dsets.loc[eid]["rel_path"]:
            collection, name = rel.rsplit("/", 1)
            parts = filename_parts(name, as_dict=True)
            objects.setdefault((collection, parts["object"]), []).append((name, parts))
        assert len(objects) >= 20
        for (collection, obj), files in objects.items():
            if collection.startswith("raw_ephys_data"):
                # .cbin/.ch/.meta share one attribute: ONE refuses them as an object (as for real data)
                continue
            loaded = one.load_object(eid, obj, collection=collection, check_hash=False)
            # table columns override same-named attribute files (ONE's rule)
            overridden = set()
            for name, parts in files:
                if parts["attribute"] == "table":
                    cols = read_reference(root / collection / name).columns
                    overridden |= {c[:-2] if c.endswith(("_0", "_1")) else c for c in cols}
            for name, parts in files:
                reference = read_reference(root / collection / name)
                key = parts["attribute"] + (f"_{parts['timescale']}" if parts["timescale"] else "")
                if parts["extra"]:
                    key += "." + parts["extra"]
                if parts["attribute"] == "table" and isinstance(reference, pd.DataFrame):
                    # ONE expands tables into columns, re-joining x_0/x_1 pairs
                    for col in reference.columns:
                        if col.endswith("_0"):
                            both = reference[[col, col[:-2] + "_1"]].to_numpy()
                            np.testing.assert_array_equal(loaded[col[:-2]], both, err_msg=f"{obj}.{col}")
                        elif not col.endswith("_1"):
                            np.testing.assert_array_equal(np.asarray(loaded[col]), reference[col].to_numpy(), err_msg=f"{obj}.{col}")
                elif key in overridden:
                    np.testing.assert_array_equal(loaded[key], reference, err_msg=f"{collection}/{name}")
                else:
                    assert_same(loaded[key], reference, f"{collection}/{name}")


def test_trials_table_matches_legacy_npy(tables, generated_cache):
    ses, _ = tables
    for eid, row in ses.iterrows():
        alf = session_dir(generated_cache, row) / "alf"
        table = pd.read_parquet(alf / "_ibl_trials.table.pqt")
        for col in table.columns:
            if col.startswith("intervals_"):
                legacy = np.load(alf / "_ibl_trials.intervals.npy")[:, int(col[-1])]
            else:
                legacy = np.load(alf / f"_ibl_trials.{col}.npy")
            np.testing.assert_array_equal(table[col].to_numpy(), legacy, err_msg=col)


def test_one_table_builder_indexes_every_file(tables, generated_cache, tmp_path):
    """ONE's own builder registers only valid ALF names: it must find every generated file."""
    from one.alf.cache import make_parquet_db

    ses, dsets = tables
    # hash_files=False: iblutil's md5 is slow, and the hashes are checked with hashlib above
    _, built_file = make_parquet_db(generated_cache, out_dir=tmp_path, hash_ids=False, hash_files=False)
    built = pd.read_parquet(built_file)
    # its eids are "lab/subject/date/number" strings
    path_of = {eid: f"{r.lab}/{r.subject}/{r.date}/{r.number:03d}" for eid, r in ses.iterrows()}
    ours = {(path_of[eid], r.rel_path, int(r.file_size)) for (eid, _), r in dsets.iterrows()}
    theirs = {(r.eid, r.rel_path, int(r.file_size)) for r in built.itertuples()}
    assert theirs == ours

"""pandas / pyarrow read the real .pqt/.csv fixtures (and tables pandas writes
here as .csv/.tsv/.ssv/.pqt); our readers must return the same columns."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from one_tsx import run_tsx

FIXTURE_TABLES = [
    "ONE/one/tests/fixtures/sessions.pqt",
    "ONE/one/tests/fixtures/datasets.pqt",
    "ibllib/ibllib/io/extractors/ephys_sessions/passiveChoiceWorld_trials_fixtures.pqt",
    "iblatlas/iblatlas/mappings.pqt",
    "ibllib/brainbox/tests/fixtures/trials_df_test.csv",
    "iblatlas/iblatlas/allen_structure_tree.csv",
]


def as_python(value):
    if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity"):
        return float(value.replace("Infinity", "inf"))
    return value


def assert_column_equal(name, ours: dict, series: pd.Series) -> None:
    got = [as_python(v) for v in ours["values"]]
    assert len(got) == len(series), name
    kind = series.dtype.kind
    if kind == "f":
        assert ours["dtype"] in ("float64", "float32"), (name, ours["dtype"])
        np.testing.assert_array_equal(np.array(got, dtype=float), series.to_numpy(dtype=float), err_msg=name)
    elif kind in "iu":
        assert ours["dtype"].startswith(("int", "uint")), (name, ours["dtype"])
        assert [int(v) for v in got] == series.astype("int64").tolist(), name
    elif kind == "b":
        assert ours["dtype"] == "bool", name
        assert [bool(v) for v in got] == series.tolist(), name
    else:
        expected = [None if (isinstance(v, float) and math.isnan(v)) or v is None else v
                    for v in series.tolist()]
        expected = [v.isoformat() if hasattr(v, "isoformat") else v for v in expected]
        expected = [None if v is pd.NA else v for v in expected]
        assert got == expected, name


def compare_frame(path: str, ours: dict, df: pd.DataFrame) -> None:
    assert "error" not in ours, ours
    assert ours["numRows"] == len(df)
    columns = {c["name"]: c for c in ours["columns"]}
    if not isinstance(df.index, pd.RangeIndex):
        assert ours["indexColumns"] == list(df.index.names)
        df = df.reset_index()
    assert list(columns) == [str(c) for c in df.columns] or set(columns) == {str(c) for c in df.columns}, path
    for name in df.columns:
        assert_column_equal(f"{path}:{name}", columns[str(name)], df[name])


def test_real_fixture_tables_match_pandas(fixtures_dir: Path):
    paths = [str(fixtures_dir / p) for p in FIXTURE_TABLES]
    results = run_tsx("table_oracle.py".replace(".py", ".ts"), *paths)
    for path, ours in zip(paths, results, strict=True):
        df = pd.read_parquet(path) if path.endswith(".pqt") else pd.read_csv(path)
        compare_frame(path, ours, df)


def test_tables_written_by_pandas_round_trip(tmp_path: Path):
    rng = np.random.default_rng(7)
    n = 257
    df = pd.DataFrame({
        "f64": rng.standard_normal(n),
        "f32": rng.standard_normal(n).astype("float32"),
        "i64": rng.integers(-(2**40), 2**40, n),
        "i32": rng.integers(-1000, 1000, n).astype("int32"),
        "u16": rng.integers(0, 60000, n).astype("uint16"),
        "flag": rng.integers(0, 2, n).astype(bool),
        "name": [f"s{i}, \"q\"" if i % 7 else None for i in range(n)],
        "gaps": np.where(rng.random(n) < 0.2, np.nan, rng.random(n)),
    })
    df.loc[3, "f64"] = np.inf
    paths = []
    for ext, kwargs in (("csv", {}), ("tsv", {"sep": "\t"}), ("pqt", None)):
        path = tmp_path / f"_ibl_thing.table.{ext}"
        if kwargs is None:
            df.to_parquet(path)
        else:
            df.to_csv(path, index=False, **kwargs)
        paths.append(str(path))
    ssv = tmp_path / "thing.values.ssv"
    df[["f64", "i64", "flag"]].to_csv(ssv, sep=" ", index=False)
    paths.append(str(ssv))
    results = run_tsx("table_oracle.ts", *paths)
    for path, ours in zip(paths, results, strict=True):
        if path.endswith(".pqt"):
            expected = pd.read_parquet(path)
        else:
            sep = {"csv": ",", "tsv": "\t", "ssv": " "}[path.rsplit(".", 1)[1]]
            expected = pd.read_csv(path, sep=sep)
        compare_frame(path, ours, expected)



@pytest.mark.parametrize("reader", ["one thread", "parallel"])
def test_many_pages_with_and_without_nulls_match_pyarrow(tmp_path: Path, reader: str):
    """Small pages and row groups, so one column mixes pages with and without
    nulls, dictionary and plain pages: the paths where our hyparquet patch
    (patches/hyparquet+*.patch) keeps null-free pages as typed arrays; read on
    one thread and split between threads (pieces cut inside row groups)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(11)
    n = 20_000
    some_nulls = np.where(np.arange(n) > n // 2, rng.random(n) < 0.05, False)
    table = pa.table({
        "times": pa.array(np.sort(rng.uniform(0, 100, n))),
        "clusters": pa.array(rng.integers(0, 300, n)),
        "amps": pa.array(rng.random(n).astype("float32")),
        "late_gaps": pa.array(rng.random(n), mask=some_nulls),
        "counts": pa.array(rng.integers(-5, 5, n).astype("int32"), mask=some_nulls),
        "labels": pa.array([f"region{i % 37}" for i in range(n)], mask=some_nulls),
        "good": pa.array(rng.integers(0, 2, n).astype(bool)),
        "required": pa.array(np.arange(n, dtype="uint16") % 60000),
    })
    schema = table.schema.set(table.schema.get_field_index("required"),
                              pa.field("required", pa.uint16(), nullable=False))
    table = table.cast(schema)
    path = tmp_path / "spikes.table.pqt"
    # Tiny pages and a small dictionary limit: many pages, and the float
    # columns fall back from dictionary to plain pages mid-chunk.
    pq.write_table(table, path, row_group_size=7_000, data_page_size=2_048,
                   dictionary_pagesize_limit=4_096)
    flags = ["--parallel"] if reader == "parallel" else []
    ours = run_tsx("table_oracle.ts", *flags, str(path))[0]
    expected = pd.read_parquet(path)
    columns = {c["name"]: c for c in ours["columns"]}
    # Integers with nulls stay integers and nulls here (pandas makes floats).
    counts = columns["counts"]
    assert counts["dtype"] == "object"
    assert counts["values"] == [None if np.isnan(v) else int(v) for v in expected["counts"]]
    ours["columns"] = [c for c in ours["columns"] if c["name"] != "counts"]
    compare_frame(str(path), ours, expected.drop(columns="counts"))
    assert columns["clusters"]["dtype"] == "int64"
    assert columns["amps"]["dtype"] == "float32"
    assert columns["required"]["dtype"] == "uint16"

def test_json_yaml_jsonable_match_python(fixtures_dir: Path, tmp_path: Path):
    settings = fixtures_dir / ("ibllib/ibllib/tests/extractors/data/session_training_ge5/"
                               "raw_behavior_data/_iblrig_taskSettings.raw.json")
    description = fixtures_dir / "ibllib/ibllib/tests/fixtures/io/_ibl_experiment.description.yaml"
    jsonable = fixtures_dir / "iblutil/iblutil/tests/fixtures/task_data_short.jsonable"
    nan_json = tmp_path / "thing.meta.json"
    nan_json.write_text(json.dumps({"a": float("nan"), "b": [float("inf"), -float("inf"), "NaN"]}))
    results = run_tsx("table_oracle.ts", str(settings), str(description), str(jsonable), str(nan_json))
    assert json.loads(results[0]["json"]) == json.loads(settings.read_text())
    assert json.loads(results[1]["json"]) == yaml.safe_load(description.read_text())
    lines = [json.loads(x) for x in jsonable.read_text().splitlines() if x.strip()]
    assert json.loads(results[2]["json"]) == json.loads(json.dumps(lines, default=str).replace("NaN", '"NaN"'))
    assert json.loads(results[3]["json"]) == {"a": "NaN", "b": ["Infinity", "-Infinity", "NaN"]}


def test_broken_tables_raise_typed_errors(fixtures_dir: Path, tmp_path: Path):
    pqt = (fixtures_dir / "ONE/one/tests/fixtures/sessions.pqt").read_bytes()
    (tmp_path / "cut.pqt").write_bytes(pqt[: len(pqt) // 2])
    (tmp_path / "quote.csv").write_text('a,b\n1,"unclosed\n')
    (tmp_path / "wide.csv").write_text("a,b\n1,2,3\n")
    results = run_tsx("table_oracle.ts", *(str(tmp_path / n) for n in ("cut.pqt", "quote.csv", "wide.csv")))
    assert [r.get("error") for r in results] == ["CorruptFileError"] * 3
    assert all("what" not in r["message"] and ("delete" in r["message"] or "damaged" in r["message"]) for r in results)

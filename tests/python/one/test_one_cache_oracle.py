"""ONE-api (local mode) is the oracle for our LocalOne: on a cache built by
ONE's own table builder from ALF files written here, and on ONE's legacy
fixture tables, the same queries must give the same sessions, dataset lists
and arrays."""
from __future__ import annotations

import base64
import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from one.alf.cache import make_parquet_db
from one.api import ONE

from one_tsx import run_tsx

SESSIONS = [
    # lab, subject, date, number, task protocol, projects
    ("mainenlab", "ZFM-01935", "2021-02-05", 1, "_iblrig_tasks_ephysChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
    ("mainenlab", "ZFM-01935", "2021-02-05", 2, "_iblrig_tasks_passiveChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
    ("mainenlab", "ZFM-01935", "2021-02-07", 1, "_iblrig_tasks_trainingChoiceWorld6.4.2", "ibl_behaviour"),
    ("cortexlab", "KS005", "2019-04-01", 1, "_iblrig_tasks_habituationChoiceWorld6.0", "ibl_cortexlab,ibl_behaviour"),
    ("cortexlab", "KS005", "2019-04-10", 3, "_iblrig_tasks_ephysChoiceWorld6.2.5", "ibl_neuropixel_brainwide_01,ibl_cortexlab"),
    ("cortexlab", "KS0050", "2019-04-10", 1, "", ""),
    ("hoferlab", "SWC_043", "2020-09-21", 1, "_iblrig_tasks_ephysChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
    ("hoferlab", "SWC_043", "2020-09-22", 12, "_iblrig_tasks_ephysChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
]


def write_session(root: Path, k: int, lab: str, subject: str, date: str, number: int, rng) -> None:
    ses = root / lab / "Subjects" / subject / date / f"{number:03d}"
    alf = ses / "alf"
    alf.mkdir(parents=True)
    n = 20 + 5 * k
    starts = np.sort(rng.uniform(0, 100, n))
    trials = pd.DataFrame({
        "intervals_0": starts, "intervals_1": starts + 1.5,
        "choice": rng.choice([-1.0, 0.0, 1.0], n),
        "contrastLeft": np.where(rng.random(n) < 0.5, np.nan, rng.choice([1, 0.25, 0.0625], n)),
        "probabilityLeft": rng.choice([0.2, 0.5, 0.8], n),
        "stimOn_times": starts + 0.1,
    })
    trials.to_parquet(alf / "_ibl_trials.table.pqt")
    np.save(alf / "_ibl_trials.goCue_times.npy", starts + 0.2)
    np.save(alf / "_ibl_wheel.position.npy", np.cumsum(rng.standard_normal(200)))
    np.save(alf / "_ibl_wheel.timestamps.npy", np.linspace(0, 100, 200))
    if k % 2 == 0:
        rev = alf / "#2021-06-01#"
        rev.mkdir()
        np.save(rev / "_ibl_trials.goCue_times.npy", starts + 0.25)
        rev2 = alf / "#2022-01-01#"
        rev2.mkdir()
        np.save(rev2 / "_ibl_trials.goCue_times.npy", starts + 0.3)
    for probe in ["probe00", "probe01"][: 1 + k % 2] if k % 3 else []:
        pdir = alf / probe
        pdir.mkdir()
        m = 500 + k
        np.save(pdir / "spikes.times.npy", np.sort(rng.uniform(0, 100, m)))
        np.save(pdir / "spikes.clusters.npy", rng.integers(0, 30, m).astype("<i8"))
        np.save(pdir / "spikes.depths.npy", rng.uniform(0, 3840, m).astype("<f4"))
        np.save(pdir / "clusters.depths.npy", rng.uniform(0, 3840, 30))
        np.save(pdir / "clusters.channels.npy", rng.integers(0, 384, (30, 1)).astype("<i4"))
        pd.DataFrame({"cluster_id": np.arange(30), "amp_median": rng.random(30)}).to_parquet(
            pdir / "clusters.metrics.pqt")
        # A continuous series whose timestamps are (sample, time) sync points.
        np.save(pdir / "_iblqc_ephysTimeRmsAP.rms.npy", rng.random((40, 6)).astype("<f4"))
        np.save(pdir / "_iblqc_ephysTimeRmsAP.timestamps.npy", np.array([[0, 10.0], [39, 88.5 + k]]))
    raw = ses / "raw_behavior_data"
    raw.mkdir()
    (raw / "_iblrig_taskSettings.raw.json").write_text(json.dumps({"SUBJECT_NAME": subject, "NaNs": None}))


def write_like(df: pd.DataFrame, original: pa.Table, path: Path) -> None:
    """Write a patched table with pandas metadata, keeping ONE's `one_metadata`."""
    table = pa.Table.from_pandas(df)
    meta = dict(table.schema.metadata)
    meta[b"one_metadata"] = original.schema.metadata[b"one_metadata"]
    pq.write_table(table.replace_schema_metadata(meta), path)


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory) -> Path:
    """ALF files → ONE's make_parquet_db → tables patched with protocols, projects and QC."""
    root = tmp_path_factory.mktemp("one_cache")
    rng = np.random.default_rng(42)
    for k, (lab, subject, date, number, *_rest) in enumerate(SESSIONS):
        write_session(root, k, lab, subject, date, number, rng)
    make_parquet_db(root)  # hashing is slow in iblutil (~0.2 s per file)
    # The builder leaves task_protocol/projects empty and qc NOT_SET: fill them in,
    # keeping the files' metadata so ONE still accepts the tables.
    ses_table = pq.read_table(root / "sessions.pqt")
    df = ses_table.to_pandas()
    for lab, subject, date, number, task, projects in SESSIONS:
        mask = (df.subject == subject) & (df.number == number) & (df.date.astype(str) == date)
        df.loc[mask, "task_protocol"] = task
        df.loc[mask, "projects"] = projects
    write_like(df, ses_table, root / "sessions.pqt")
    ds_table = pq.read_table(root / "datasets.pqt")
    ds = ds_table.to_pandas()
    qc = np.array(["NOT_SET", "PASS", "WARNING", "FAIL", "CRITICAL"])
    ds["qc"] = qc[np.arange(len(ds)) % 5]
    ds.loc[ds.rel_path.str.endswith("clusters.depths.npy"), "qc"] = "CRITICAL"
    ds.loc[ds.rel_path.str.contains("probe00/spikes"), "qc"] = "PASS"
    ds["qc"] = pd.Categorical(ds["qc"], categories=list(qc), ordered=True)
    # Server-built tables flag one default revision per dataset: make the middle
    # revision of goCue_times the default, not the latest.
    ds["default_revision"] = ~ds.rel_path.str.contains("goCue_times") | ds.rel_path.str.contains("#2021-06-01#")
    plain = ds.rel_path.str.contains("goCue_times") & ~ds.rel_path.str.contains("#")
    has_revisions = ds.index.get_level_values("eid").isin(
        ds[ds.rel_path.str.contains("#2021-06-01#")].index.get_level_values("eid"))
    ds.loc[plain & ~has_revisions, "default_revision"] = True
    write_like(ds, ds_table, root / "datasets.pqt")
    return root


def one_local(cache_dir: Path) -> ONE:
    return ONE(mode="local", cache_dir=cache_dir)


SEARCHES = [
    {}, {"subject": "ZFM-01935"}, {"subject": "KS005"}, {"subject": "^KS005$"}, {"subject": ["SWC", "ZFM"]},
    {"subj": "KS00.*"}, {"lab": "mainen"}, {"laboratory": ["cortex", "hofer"]},
    {"date_range": "2021-02-05"}, {"date": ["2019-04-01", "2019-04-10"]}, {"date_range": ["2020-01-01", None]},
    {"date_range": [None, "2019-04-05"]}, {"number": 1}, {"num": "003"}, {"number": [2, 12]},
    {"task_protocol": "ephysChoiceWorld"}, {"task": "habituation"}, {"projects": "brainwide"},
    {"proj": "ibl_cortexlab"}, {"datasets": "spikes.times.npy"},
    {"datasets": ["spikes.times.npy", "_ibl_trials.table.pqt"]}, {"dataset": "_ibl_wheel.*"},
    {"datasets": "clusters.depths.npy"}, {"datasets": "clusters.depths.npy", "dataset_qc_lte": "CRITICAL"},
    {"datasets": "spikes.clusters.npy", "dataset_qc_lte": "PASS"}, {"dataset_qc_lte": "WARNING"},
    {"subject": "ZFM", "date_range": ["2021-02-05", "2021-02-06"], "number": 2},
    {"lab": "cortexlab", "subject": "KS005", "date": "2019-04-10", "number": "003"},
    {"subject": "nobody"},
]

LIST_OPTIONS = [
    {}, {"filename": "spikes.times.npy"}, {"filename": "*clusters*"}, {"filename": "_ibl_trials*"},
    {"collection": "alf"}, {"collection": "alf/probe0[0]"}, {"collection": "*probe*", "filename": "*times*"},
    {"collection": ""}, {"revision": "2021-06-01"}, {"revision": "2022*"}, {"filename": {"object": "spikes"}},
    {"filename": {"object": "trials", "attribute": ["goCue_times", "table"]}},
    {"filename": {"attribute": "times", "extension": "npy"}}, {"filename": {"namespace": "ibl"}},
    {"qc": "PASS"}, {"qc": "WARNING", "ignoreQcNotSet": True}, {"qc": "CRITICAL"},
    {"defaultRevisionsOnly": True, "filename": "*goCue*"},
]


def to_python_options(options: dict) -> dict:
    mapping = {"ignoreQcNotSet": "ignore_qc_not_set", "defaultRevisionsOnly": "default_revisions_only"}
    return {mapping.get(k, k): v for k, v in options.items()}


def decode(got: dict) -> np.ndarray:
    assert "error" not in got, got
    raw = base64.b64decode(got["data"])
    dtype = {"float64": "<f8", "float32": "<f4", "int64": "<i8", "int32": "<i4", "uint16": "<u2",
             "bool": "|b1", "uint8": "|u1", "int16": "<i2"}[got["dtype"]]
    return np.frombuffer(raw, dtype=dtype).reshape(got["shape"])


def assert_arrays_equal(ours: dict, theirs, what: str) -> None:
    if "list" in ours:
        assert ours["list"] == list(theirs), what
        return
    np.testing.assert_array_equal(decode(ours), np.asarray(theirs), err_msg=what)


def run_all(cache_dir: Path, one: ONE, eids: list[str], tmp_path: Path, loads, objects) -> dict:
    jobs = {
        "cacheDir": str(cache_dir),
        "searches": SEARCHES,
        "lists": [{"eid": e, "options": o} for e in eids for o in LIST_OPTIONS],
        "loads": loads,
        "objects": objects,
    }
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps(jobs))
    return run_tsx("one_oracle.ts", str(path))


def python_search(one: ONE, query: dict):
    try:
        return [str(e) for e in one.search(**query)]
    except Exception as err:  # noqa: BLE001 - the error class is what we compare
        return {"error": type(err).__name__}


def compare_searches(one: ONE, ours: list) -> None:
    for query, got in zip(SEARCHES, ours, strict=True):
        expected = python_search(one, query)
        if isinstance(expected, dict):
            assert isinstance(got, dict) and "error" in got, (query, got)
        else:
            assert got == expected, query


def compare_lists(one: ONE, eids: list[str], ours: list) -> None:
    k = 0
    for eid in eids:
        for options in LIST_OPTIONS:
            try:
                expected = one.list_datasets(eid, **to_python_options(options))
            except Exception as err:  # noqa: BLE001 - e.g. no default revisions in legacy tables
                assert isinstance(ours[k], dict) and "error" in ours[k], (eid, options, type(err).__name__)
                k += 1
                continue
            if isinstance(expected, pd.DataFrame):  # ONE's answer for a session without datasets
                expected = expected["rel_path"].tolist()
            assert ours[k] == list(expected), (eid, options)
            k += 1


def test_searches_lists_and_loads_match_one_on_a_built_cache(built_cache: Path, tmp_path):
    one = one_local(built_cache)
    eids = [str(e) for e in one.search()]
    assert len(eids) == len(SESSIONS)
    loads = []
    for eid in eids:
        for dataset, opts in [("_ibl_wheel.position.npy", {}), ("_ibl_trials.goCue_times", {}),
                              ("_ibl_trials.goCue_times.npy", {"revision": "2021-12-31"}),
                              ("_ibl_trials.goCue_times.npy", {"revision": "2021-06-01"}),
                              ("spikes.depths.npy", {"collection": "alf/probe00"}),
                              ("clusters.channels.npy", {"collection": "alf/probe00"}),
                              ("spikes.times.npy", {})]:
            loads.append({"eid": eid, "dataset": dataset, "options": opts})
    objects = [{"eid": e, "object": o, "options": opts} for e in eids
               for o, opts in [("trials", {}), ("wheel", {}), ("spikes", {"collection": "alf/probe00"}),
                               ("ephysTimeRmsAP", {"collection": "alf/probe00"})]]
    ours = run_all(built_cache, one, eids, tmp_path, loads, objects)
    compare_searches(one, ours["searches"])
    compare_lists(one, eids, ours["lists"])
    compared = {"loads": 0, "objects": 0, "errors": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for job, got in zip(loads, ours["loads"], strict=True):
            try:
                expected = one.load_dataset(job["eid"], job["dataset"], check_hash=False, **job["options"])
            except Exception as err:  # noqa: BLE001
                assert isinstance(got, dict) and "error" in got, (job, type(err).__name__, got)
                compared["errors"] += 1
                continue
            compared["loads"] += 1
            what = f"{job}"
            if expected.ndim == 2 and expected.shape[1] == 1:
                expected = expected.ravel()
            assert_arrays_equal(got, expected, what)
        for job, got in zip(objects, ours["objects"], strict=True):
            try:
                expected = one.load_object(job["eid"], job["object"], check_hash=False, **job["options"])
            except Exception as err:  # noqa: BLE001
                assert isinstance(got, dict) and "error" in got, (job, type(err).__name__, got)
                continue
            assert "error" not in got, (job, got)
            compared["objects"] += 1
            assert set(got) == set(expected.keys()), job
            for key, value in expected.items():
                assert_arrays_equal(got[key], value, f"{job} {key}")
    # Enough real comparisons happened, and some not-found / ambiguous cases too.
    assert compared["loads"] >= 30 and compared["objects"] >= 15 and compared["errors"] >= 5, compared


@pytest.fixture(scope="module")
def legacy_cache(tmp_path_factory, fixtures_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("legacy")
    for name in ("sessions.pqt", "datasets.pqt"):
        shutil.copy(fixtures_dir / "ONE/one/tests/fixtures" / name, root / name)
    return root


def test_searches_and_lists_match_one_on_the_legacy_fixture_tables(legacy_cache: Path, tmp_path):
    one = one_local(legacy_cache)
    eids = [str(e) for e in one.search()]
    assert len(eids) == 26
    # Sessions with many datasets, few datasets and none.
    counts = {e: len(one.list_datasets(e)) for e in eids}
    picked = sorted(eids, key=lambda e: -counts[e])[:3] + [e for e in eids if counts[e] == 0][:1]
    picked.append(str(one.search(subject="KS005", date="2019-04-02", number=1)[0]))
    ours = run_all(legacy_cache, one, picked, tmp_path, [], [])
    compare_searches(one, ours["searches"])
    compare_lists(one, picked, ours["lists"])


def test_unpadded_session_folders_are_found(tmp_path: Path):
    """ONE's builder accepts `.../2021-01-03/2/`; we read its files from there too."""
    alf = tmp_path / "lab" / "Subjects" / "sub" / "2021-01-03" / "2" / "alf"
    alf.mkdir(parents=True)
    values = np.arange(7, dtype="<i4") * 3
    np.save(alf / "_ibl_trials.choice.npy", values)
    make_parquet_db(tmp_path)
    eid = str(one_local(tmp_path).search()[0])
    jobs = {"cacheDir": str(tmp_path), "searches": [{"number": 2}], "lists": [],
            "loads": [{"eid": "sub/2021-01-03/002", "dataset": "_ibl_trials.choice.npy"}], "objects": []}
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps(jobs))
    ours = run_tsx("one_oracle.ts", str(path))
    assert ours["searches"] == [[eid]]
    np.testing.assert_array_equal(decode(ours["loads"][0]), values)

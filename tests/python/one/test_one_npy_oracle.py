"""numpy writes arrays of every dtype / byte order / memory order / shape / format
version; our TypeScript .npy reader must return exactly the same values."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

from one_tsx import run_tsx

DTYPES = ["|b1", "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4",
          "<i8", ">i8", "<u8", ">u8", "<f2", ">f2", "<f4", ">f4", "<f8", ">f8",
          "<c8", ">c8", "<c16", ">c16", "<M8[ns]", ">m8[s]"]
SHAPES = [(), (0,), (7,), (3, 4), (2, 3, 4), (2, 1, 3, 2), (5, 0)]

NAMES = {"b": "bool", "M": "datetime64", "m": "timedelta64"}


def make_array(dtype: np.dtype, shape: tuple, rng: np.random.Generator) -> np.ndarray:
    n = int(np.prod(shape))
    if dtype.kind == "b":
        values = rng.integers(0, 2, n).astype(bool)
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        values = rng.integers(info.min, info.max, n, dtype=dtype.newbyteorder("="), endpoint=True)
    elif dtype.kind == "f":
        values = rng.standard_normal(n) * 1000
        values[: min(n, 3)] = [np.nan, np.inf, -0.0][: min(n, 3)]
    elif dtype.kind == "c":
        values = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    else:
        values = rng.integers(-(2**62), 2**62, n)
    return np.asarray(values).astype(dtype).reshape(shape)


def expected_name(dtype: np.dtype) -> str:
    if dtype.kind in "Mm":
        return f"{NAMES[dtype.kind]}[{np.datetime_data(dtype)[0]}]"
    return NAMES.get(dtype.kind, dtype.newbyteorder("=").name)


def expected_bytes(arr: np.ndarray) -> bytes:
    """Little-endian C-order bytes; float16 is widened to float32 like our reader."""
    dt = arr.dtype
    if dt.kind == "f" and dt.itemsize == 2:
        dt = np.dtype("<f4")
    return np.ascontiguousarray(arr.astype(dt.newbyteorder("<"))).tobytes()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[dict]:
    """Write every combination once; returns the cases with their paths."""
    folder = tmp_path_factory.mktemp("npy")
    rng = np.random.default_rng(1234)
    cases = []
    for i, descr in enumerate(DTYPES):
        dtype = np.dtype(descr)
        for j, shape in enumerate(SHAPES):
            arr = make_array(dtype, shape, rng)
            for order in "CF":
                version = ((1, 0), (2, 0), (3, 0))[(i + j) % 3]
                path = folder / f"a{i}_{j}_{order}.npy"
                data = np.asfortranarray(arr) if order == "F" else np.ascontiguousarray(arr)
                with open(path, "wb") as f:
                    np.lib.format.write_array(f, data, version=version)
                cases.append({"path": str(path), "arr": arr})
    return cases


def compare(case: dict, got: dict, arr: np.ndarray) -> None:
    assert "error" not in got, f"{case['path']}: {got}"
    assert got["dtype"] == expected_name(arr.dtype), case["path"]
    assert got["shape"] == list(arr.shape), case["path"]
    assert base64.b64decode(got["data"]) == expected_bytes(arr), case["path"]


def test_whole_arrays_match_numpy(written, tmp_path):
    jobs = [{"path": c["path"], "inMemory": k % 2 == 0} for k, c in enumerate(written)]
    manifest = tmp_path / "jobs.json"
    manifest.write_text(json.dumps(jobs))
    results = run_tsx("npy_oracle.ts", str(manifest))
    assert len(results) == len(written)
    for case, got in zip(written, results, strict=True):
        loaded = np.load(case["path"])
        np.testing.assert_array_equal(loaded, case["arr"])
        compare(case, got, loaded)


def test_row_slices_match_numpy(written, tmp_path):
    jobs, expected = [], []
    for case in written:
        arr = case["arr"]
        if arr.ndim == 0 or arr.shape[0] < 2:
            continue
        start, stop = 1, arr.shape[0] - (arr.shape[0] > 3)
        jobs.append({"path": case["path"], "rows": [start, stop]})
        expected.append((case, arr[start:stop]))
    manifest = tmp_path / "jobs.json"
    manifest.write_text(json.dumps(jobs))
    results = run_tsx("npy_oracle.ts", str(manifest))
    for (case, arr), got in zip(expected, results, strict=True):
        compare(case, got, arr)


def test_real_fixtures_match_numpy(fixtures_dir: Path, tmp_path):
    paths = sorted(str(p) for p in fixtures_dir.rglob("*.npy"))
    assert len(paths) >= 8
    manifest = tmp_path / "jobs.json"
    manifest.write_text(json.dumps([{"path": p} for p in paths]))
    for path, got in zip(paths, run_tsx("npy_oracle.ts", str(manifest)), strict=True):
        arr = np.load(path)
        compare({"path": path}, got, arr)


def test_unreadable_arrays_are_refused_with_typed_errors(tmp_path, fixtures_dir: Path):
    objects = np.array([{"a": 1}, None], dtype=object)
    np.save(tmp_path / "objects.npy", objects, allow_pickle=True)
    np.save(tmp_path / "strings.npy", np.array(["abc", "de"]))
    np.save(tmp_path / "records.npy", np.zeros(3, dtype=[("x", "<f8"), ("y", "<i4")]))
    np.save(tmp_path / "ok.npy", np.arange(100, dtype="<f8"))
    raw = (tmp_path / "ok.npy").read_bytes()
    (tmp_path / "short.npy").write_bytes(raw[:-9])
    (tmp_path / "notnpy.npy").write_bytes(b"PK\x03\x04" + raw[4:])
    # The pickled member of the real alignment_data.npz fixture, extracted as a .npy.
    with np.load(fixtures_dir / "ibllib/ibllib/tests/fixtures/ephysalignment/alignment_data.npz",
                 allow_pickle=True) as npz:
        pickled = [k for k in npz.files if npz[k].dtype == object]
        assert pickled
        np.save(tmp_path / "npz_object.npy", npz[pickled[0]], allow_pickle=True)
    cases = {
        "objects.npy": "UnsupportedDtypeError",
        "strings.npy": "UnsupportedDtypeError",
        "records.npy": "UnsupportedDtypeError",
        "short.npy": "TruncatedFileError",
        "notnpy.npy": "CorruptFileError",
        "npz_object.npy": "UnsupportedDtypeError",
    }
    jobs = [{"path": str(tmp_path / name)} for name in cases]
    manifest = tmp_path / "jobs.json"
    manifest.write_text(json.dumps(jobs))
    for (name, error), got in zip(cases.items(), run_tsx("npy_oracle.ts", str(manifest)), strict=True):
        assert got.get("error") == error, (name, got)
        assert name in got["message"]
    assert "pickled Python objects" in run_tsx("npy_oracle.ts", str(manifest))[0]["message"]

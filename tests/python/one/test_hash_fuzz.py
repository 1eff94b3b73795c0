"""Issue #19.7: local files are checked against the cache's `file_size` and `hash` (md5) before their values are
trusted. Fuzz: flip bytes in the .npy / .pqt files of a converted session inside a ONE cache; every run either
fails naming the file or writes values equal to the original conversion — never different values called equal.
The oracle is h5py reading both files and hashlib / pandas reading the cache table, not our code."""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
SESSION = "cortexlab/Subjects/KS074/2021-11-17/001"
# Datasets that change from run to run whatever the input.
VOLATILE = {"/file_create_date"}


def convert(cache: Path, eid: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(TSX), str(HERE / "convert_verified.ts"), str(cache), eid, str(out), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def contents(path: Path) -> dict[str, np.ndarray]:
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and f"/{name}" not in VOLATILE:
                value = obj[()]
                if h5py.check_dtype(ref=obj.dtype) is not None:  # object references: compare their targets
                    value = np.array([f[r].name if r else "" for r in np.ravel(value)])
                out[f"/{name}"] = value
        f.visititems(visit)
    return out


def same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> list[str]:
    """Paths whose values differ (NaN equal to NaN)."""
    differ = sorted(set(a) ^ set(b))
    for key in set(a) & set(b):
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if x.shape != y.shape or (x.dtype.kind == "f" and not np.array_equal(x, y, equal_nan=True)) or (
                x.dtype.kind != "f" and not np.array_equal(x, y)):
            differ.append(key)
    return differ


@pytest.fixture(scope="module")
def cache(repo, tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "ONE"
    shutil.copytree(repo / "demo" / "one-cache", root)
    return root


@pytest.fixture(scope="module")
def session(cache):
    datasets = pd.read_parquet(cache / "datasets.pqt").reset_index()
    sessions = pd.read_parquet(cache / "sessions.pqt").reset_index()
    row = sessions[(sessions.subject == "KS074")].iloc[0]
    eid = str(row["id"] if "id" in row else row["eid"])
    mine = datasets[datasets["eid"].astype(str) == eid]
    # The cache records an md5 for every file we may flip: the check has something to compare with.
    files = mine[mine.rel_path.str.match(r"^alf/.*\.(npy|pqt)$")]
    for rel, md5 in zip(files.rel_path, files.hash):
        assert hashlib.md5((cache / SESSION / rel).read_bytes()).hexdigest() == md5, rel
    return eid, sorted(files.rel_path)


@pytest.fixture(scope="module")
def original(cache, session, tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz_out") / "original.nwb"
    result = convert(cache, session[0], out)
    assert result.returncode == 0, result.stderr
    return contents(out)


def flip(path: Path, rng: random.Random, count: int) -> bytes:
    data = path.read_bytes()
    flipped = bytearray(data)
    for at in rng.sample(range(len(data)), min(count, len(data))):
        flipped[at] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(flipped))
    return data


@pytest.mark.parametrize("seed", range(10))
def test_flipped_bytes_fail_naming_the_file_or_change_nothing(cache, session, original, tmp_path, seed):
    eid, files = session
    rng = random.Random(seed)
    rel = rng.choice(files)
    path = cache / SESSION / rel
    data = flip(path, rng, rng.choice([1, 8, 64]))
    try:
        out = tmp_path / "fuzz.nwb"
        result = convert(cache, eid, out)
        if result.returncode != 0:
            assert rel in result.stderr or path.name in result.stderr, result.stderr
            assert "md5" in result.stderr or "bytes" in result.stderr or path.name in result.stderr
            assert not out.exists()
        else:
            assert same(contents(out), original) == [], f"{rel}: values differ from the original"
    finally:
        path.write_bytes(data)


def test_a_flipped_byte_is_refused_with_expected_and_actual_md5(cache, session, original, tmp_path):
    eid, _ = session
    rel = "alf/_ibl_wheel.position.npy"
    path = cache / SESSION / rel
    table = pd.read_parquet(cache / "datasets.pqt").reset_index()
    (recorded,) = table[(table["eid"].astype(str) == eid) & (table.rel_path == rel)].hash
    data = path.read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(flipped))
    try:
        result = convert(cache, eid, tmp_path / "x.nwb")
        assert result.returncode == 1
        assert "md5 is" in result.stderr and rel in result.stderr, result.stderr
        assert recorded in result.stderr and hashlib.md5(bytes(flipped)).hexdigest() in result.stderr
        assert "download it again" in result.stderr
        # Without the md5 check the same byte goes through as a different value: the check is what catches it.
        unchecked = convert(cache, eid, tmp_path / "y.nwb", "--no-hash-check")
        assert unchecked.returncode == 0, unchecked.stderr
        assert "/processing/wheel/WheelPosition/data" in same(contents(tmp_path / "y.nwb"), original)
    finally:
        path.write_bytes(data)


def test_a_file_of_another_size_is_refused_even_without_the_md5_check(cache, session, tmp_path):
    eid, _ = session
    rel = "alf/_ibl_wheel.position.npy"
    path = cache / SESSION / rel
    data = path.read_bytes()
    path.write_bytes(data + b"\0" * 8)
    try:
        result = convert(cache, eid, tmp_path / "x.nwb", "--no-hash-check")
        assert result.returncode == 1
        assert rel in result.stderr and f"{len(data) + 8} bytes" in result.stderr and str(len(data)) in result.stderr
    finally:
        path.write_bytes(data)

"""Byte flips in a converted session's .npy / .pqt files inside a ONE cache (which records every file's size
and md5): each of ~20 seeded runs either fails naming the flipped file and leaves no output, or writes a file
whose every dataset equals the unflipped conversion's — never different values reported as a success. The
unflipped conversion itself is checked against numpy / pandas reads of the original files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

from quirks_runner import REPO, TSX, cli

RUNS = 20
SEED = 19
# datasets that differ between two conversions of the same files by design
PER_FILE = {"identifier", "file_create_date"}


def json_events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, node):
    """A tiny generated session in a cache, converted once untouched."""
    root = tmp_path_factory.mktemp("fuzz")
    cache = root / "cache"
    proc = subprocess.run(
        [str(TSX), "src/one/generate/main.ts", "--out", str(cache), "--sessions", "1", "--seed", str(SEED),
         "--size", "tiny"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    sessions = pd.read_parquet(cache / "sessions.pqt").reset_index()
    row = sessions.iloc[0]
    eid = str(row["id"])
    folder = cache / row["lab"] / "Subjects" / row["subject"] / str(row["date"])[:10] / f"{int(row['number']):03d}"
    out = root / "baseline.nwb"
    result = cli(node, "convert", eid, "--cache", cache, "-o", out, "--json")
    assert result.returncode == 0, f"the unflipped session does not convert:\n{result.stderr}"
    (done,) = [e for e in json_events(result.stdout) if e.get("type") == "done"]
    return root, cache, folder, eid, out, done["report"]


def source_files(report: dict, folder: Path) -> list[str]:
    """The session files the conversion read (paths relative to the session), .npy and .pqt only."""
    files = set()
    for interface in report["interfaces"]:
        for array in interface.get("arrays", []):
            for part in array["source"].split(" + "):
                rel = part.split("#")[0].strip()
                if rel.endswith((".npy", ".pqt")) and (folder / rel).is_file():
                    files.add(rel)
    return sorted(files)


def datasets(path: Path) -> dict[str, object]:
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name not in PER_FILE and h5py.check_dtype(ref=obj.dtype) is None:
                found[name] = obj[()]
        f.visititems(visit)
    return found


def differences(ours: Path, baseline: Path) -> list[str]:
    a, b = datasets(ours), datasets(baseline)
    problems = [f"/{n} missing" for n in sorted(set(b) - set(a))] + [f"/{n} extra" for n in sorted(set(a) - set(b))]
    for name in sorted(set(a) & set(b)):
        x, y = np.asarray(a[name]), np.asarray(b[name])
        same = x.shape == y.shape and (np.array_equal(x, y, equal_nan=True) if x.dtype.kind in "fc" else
                                       np.array_equal(x, y))
        if not same:
            problems.append(f"/{name} differs from the unflipped conversion")
    return problems


def test_unflipped_conversion_matches_numpy_and_pandas(baseline):
    """Arrays the report says were copied from one file or column equal numpy / pandas reads of it."""
    _, _, folder, _, out, report = baseline
    checked, problems = 0, []
    with h5py.File(out, "r") as f:
        for interface in report["interfaces"]:
            for array in interface.get("arrays", []):
                source, target = array["source"], array["target"].lstrip("/")
                if array.get("transform") or " + " in source or "," in source or target not in f:
                    continue
                rel, _, column = source.partition("#")
                if rel.endswith(".npy"):
                    expected = np.load(folder / rel)
                elif rel.endswith(".pqt") and column:
                    expected = pd.read_parquet(folder / rel)[column].to_numpy()
                else:
                    continue
                ours = f[target][()]
                if ours.shape != expected.shape or not np.array_equal(ours, expected, equal_nan=True):
                    problems.append(f"{target} is not {source} as numpy / pandas read it")
                checked += 1
    assert checked >= 10, f"only {checked} copied arrays found in the report to check"
    assert not problems, "\n".join(problems)


def flip(file: Path, rng: np.random.Generator) -> list[int]:
    """XOR 1–8 random bytes of `file` with random non-zero values; returns the offsets."""
    data = bytearray(file.read_bytes())
    offsets = sorted(rng.choice(len(data), size=int(rng.integers(1, 9)), replace=False).tolist())
    for at in offsets:
        data[at] ^= int(rng.integers(1, 256))
    file.unlink()  # the cache copy is hard-linked to the original: never write through the link
    file.write_bytes(bytes(data))
    return offsets


def fuzz_run(node, baseline, k: int, rel: str, rng: np.random.Generator) -> str | None:
    root, cache, folder, eid, reference, _ = baseline
    copy = root / f"run{k:02d}"
    shutil.copytree(cache, copy, copy_function=os.link)
    flipped = copy / folder.relative_to(cache) / rel
    offsets = flip(flipped, rng)
    out = root / f"run{k:02d}.nwb"
    result = cli(node, "convert", eid, "--cache", copy, "-o", out, "--json")
    what = f"run {k}: {rel} flipped at bytes {offsets}"
    leftovers = [p.name for p in root.glob(f"run{k:02d}.nwb*") if not p.name.endswith(".report.json")]
    if result.returncode != 0:
        errors = [e for e in json_events(result.stdout) if e.get("type") == "error"]
        named = errors and (rel in errors[-1].get("message", "") or errors[-1].get("dataset") == rel)
        if not named:
            return f"{what}: failed (exit {result.returncode}) without naming {rel}: {errors or result.stderr[-1500:]}"
        if leftovers:
            return f"{what}: failed but left {leftovers}"
        return None
    problems = differences(out, reference)
    if problems:
        return f"{what}: converted (exit 0) with values that differ from the original files: {problems[:10]}"
    return None


def test_flipped_bytes_fail_naming_the_file_or_change_nothing(baseline, node):
    files = source_files(baseline[5], baseline[2])
    assert len(files) >= 10, files
    rng = np.random.default_rng(SEED)
    plan = [(k, files[int(rng.integers(len(files)))], np.random.default_rng([SEED, k])) for k in range(RUNS)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: fuzz_run(node, baseline, *p), plan))
    failures = [r for r in results if r]
    assert not failures, f"{len(failures)} of {RUNS} runs went wrong:\n" + "\n".join(failures)

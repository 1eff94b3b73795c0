"""Reader benchmark (not a test): our .npy and .pqt readers vs numpy.load and
pandas.read_parquet on the same files, measured in the same run.

Usage: .venv/bin/python bench/one/read_bench.py [--scale 1.0] [--dir DIR] [--repeats 3]
Full scale writes a 100 M-element float64 .npy (800 MB) and a 10 M-row .pqt.
Targets (issue 3): .npy >= 0.8x numpy, .pqt >= 0.3x pyarrow, peak memory <= 1.2x the array.
Both sides use all cores: pyarrow decodes with a thread pool, our .pqt reader splits
large files between this thread and worker threads (as conversions do).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from jupyterlab_ibl_nwb.node import cli_environment  # noqa: E402


def best(repeats: int, fn) -> float:
    fastest = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        fastest = min(fastest, time.perf_counter() - t0)
    return fastest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--plain-malloc", action="store_true",
                        help="run our readers without the malloc tunables the server gives the CLI")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="one_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    n_npy = int(100_000_000 * args.scale)
    n_pqt = int(10_000_000 * args.scale)
    rng = np.random.default_rng(0)
    # Sizes in the names, so a file left by a run at another --scale is never reused.
    npy = folder / f"spikes.times.{n_npy}.npy"
    pqt = folder / f"_ibl_trials.table.{n_pqt}.pqt"
    if not npy.exists():
        np.save(npy, rng.standard_normal(n_npy))
    if not pqt.exists():
        pd.DataFrame({
            "times": np.sort(rng.uniform(0, 5000, n_pqt)),
            "clusters": rng.integers(0, 1000, n_pqt),
            "amps": rng.random(n_pqt).astype("float32"),
            "depths": rng.uniform(0, 3840, n_pqt),
        }).to_parquet(pqt)
    numpy_s = best(args.repeats, lambda: np.load(npy))
    pandas_s = best(args.repeats, lambda: pd.read_parquet(pqt))
    def ours_with(env):
        out = subprocess.run(
            [str(REPO / "node_modules/.bin/tsx"), str(REPO / "bench/one/read_bench.ts"), str(npy), str(pqt),
             str(args.repeats)],
            capture_output=True, text=True, check=True, cwd=REPO, env=env,
        )
        return json.loads(out.stdout)

    # The environment the Jupyter server and `ibl2nwb` (the pip launcher) run the CLI in
    # (jupyterlab_ibl_nwb.node), and the default malloc of a hand-run `node ibl2nwb.mjs`:
    # the .npy figure depends on it, so both rows are reported.
    plain = ours_with(dict(os.environ))
    ours = plain if args.plain_malloc else ours_with(cli_environment())
    npy_mb = npy.stat().st_size / 1e6
    array_bytes = n_npy * 8
    rows = [("default malloc", plain)] if args.plain_malloc else [("server's malloc tunables", ours),
                                                                   ("default malloc (node run by hand)", plain)]
    for label, run in rows:
        print(f".npy {n_npy:,} float64 ({npy_mb:.0f} MB), ours with the {label}: numpy {npy_mb / numpy_s:,.0f} MB/s, "
              f"ours {npy_mb / run['npySeconds']:,.0f} MB/s, ratio {numpy_s / run['npySeconds']:.2f} (target >= 0.8)")
    print(f".pqt {n_pqt:,} rows x 4 columns: pandas {n_pqt / pandas_s / 1e6:,.1f} M rows/s, "
          f"ours {n_pqt / ours['pqtSeconds'] / 1e6:,.1f} M rows/s, ratio {pandas_s / ours['pqtSeconds']:.2f} (target >= 0.3)")
    print(f"     ours on one thread {n_pqt / ours['pqtOneThreadSeconds'] / 1e6:,.1f} M rows/s "
          f"(ratio {pandas_s / ours['pqtOneThreadSeconds']:.2f}); first read incl. starting the worker "
          f"{ours['pqtFirstSeconds']:.2f} s")
    extra = ours["npyPeakRss"] - ours["baselineRss"]
    print(f"peak memory while reading the .npy: {extra / 1e6:,.0f} MB above baseline for a "
          f"{array_bytes / 1e6:,.0f} MB array, ratio {extra / array_bytes:.2f} (target <= 1.2)")
    print(f"peak RSS of the whole TS run: {ours['peakRss'] / 1e6:,.0f} MB; files in {folder}")
    print("ours ran with " + ("the default malloc" if args.plain_malloc
                             else f"GLIBC_TUNABLES={cli_environment().get('GLIBC_TUNABLES', '(not on Linux)')}"))


if __name__ == "__main__":
    main()

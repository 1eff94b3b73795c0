"""Benchmark (not a test): the cost of checking every file against the cache's md5 (issue 19.7).

    .venv/bin/python bench/convert/hash_cost.py [--out bench/out] [--runs 3]

Converts the benchmark session (run_bench.py generates it into OUT/bench-cache) with convertSession, bundled like
the CLI (build_driver.mjs; the CLI's defaults), with and without `verifyHashes`, alternating, each run in a fresh
process (verified files are remembered per process, so
every "md5" run hashes every file it reads). Prints each run and the median ratio (with / without).
Run it under `flock /tmp/ibl-bench.lock` like the other benchmarks.
"""
import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return time.perf_counter() - start, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cache = args.out / "bench-cache"
    if not (cache / "sessions.pqt").exists():
        raise SystemExit(f"{cache}: run bench/convert/run_bench.py once to generate the session")
    session = next(p.parent.parent for p in cache.glob("*/Subjects/*/*/*/alf/_ibl_trials.table.pqt"))
    hashed = sum(p.stat().st_size for p in session.rglob("alf/**/*") if p.suffix in {".npy", ".pqt", ".csv"})
    print(f"session {session.relative_to(cache)}: {hashed / 1e6:.0f} MB of .npy/.pqt/.csv under alf/")
    out = args.out / "hash_cost.nwb"
    bundle = args.out / "hash-cost"
    subprocess.run(["node", str(HERE / "build_driver.mjs"), str(bundle)], cwd=REPO, check=True)
    driver = bundle / "convert_session.mjs"
    times: dict[str, list[float]] = {"md5": [], "no md5": []}
    for run in range(args.runs):
        for name, extra in (("md5", []), ("no md5", ["--no-hash-check"])):
            seconds, rss = timed(["node", str(driver), str(cache), str(session.relative_to(cache)), str(out), *extra])
            times[name].append(seconds)
            print(f"run {run + 1} {name:7} {seconds:6.1f} s  peak {rss / 1e6:5.0f} MB")
    with_md5, without = statistics.median(times["md5"]), statistics.median(times["no md5"])
    print(f"median: md5 {with_md5:.1f} s, no md5 {without:.1f} s, ratio {with_md5 / without:.3f}")


if __name__ == "__main__":
    main()

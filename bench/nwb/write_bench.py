"""Write benchmark: the TypeScript NWB writer vs h5py, same data, chunks and gzip level.

Workloads (as in shared/reference/anchor_bench.md): W1 = int16 raw-like ephys (rows x 384,
2 GB by default, chunks (32768, 384)); W2 = 30 M float64 spike times as a ragged column
(1000 units, chunks of 1 M values) with its uint64 index. Inputs are generated once (seeded)
into --scratch as .bin files; both writers read them in slices. Each side runs in its own
process, fsyncs its output, and reports wall time and peak RSS.

    .venv/bin/python bench/nwb/write_bench.py [--gb 2] [--spikes 30e6] [--workers 2] [--level 4]
    (ours runs with 1 deflate worker and with --workers, beside single-threaded h5py)

A script, not a test: it takes minutes and uses both cores.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from jupyterlab_ibl_nwb.node import cli_environment  # noqa: E402

CHANNELS = 384
CHUNK_ROWS = 32768
SPIKE_CHUNK = 1_000_000
UNITS = 1000


def generate(scratch: Path, gb: float, spikes: int) -> tuple[Path, Path, Path]:
    """Raw-like ephys (DC + LFP sinusoids + smoothed noise + spikes) and sorted spike times."""
    raw, times, counts = scratch / "raw.bin", scratch / "spikes.bin", scratch / "counts.bin"
    rows = int(gb * 1e9 / 2 / CHANNELS)
    if not raw.exists() or raw.stat().st_size != rows * CHANNELS * 2:
        rng = np.random.default_rng(0)
        dc = rng.integers(-200, 200, CHANNELS)
        mix = rng.normal(0, 1, (16, CHANNELS)) * 4
        freqs = rng.uniform(1, 40, 16)
        with raw.open("wb") as f:
            for start in range(0, rows, 65536):
                n = min(65536, rows - start)
                t = (start + np.arange(n)) / 30000
                lfp = np.sin(2 * np.pi * t[:, None] * freqs[None, :]) @ mix
                noise = rng.normal(0, 18, (n + 3, CHANNELS))
                noise = (noise[:-3] + noise[1:-2] + noise[2:-1] + noise[3:]) / 4
                block = dc + lfp + noise
                hits = rng.integers(0, n, n // 60)
                block[hits, rng.integers(0, CHANNELS, hits.size)] -= 120
                f.write(np.clip(block, -32768, 32767).astype("<i2").tobytes())
    if not times.exists() or times.stat().st_size != spikes * 8:
        rng = np.random.default_rng(1)
        per_unit = rng.multinomial(spikes, np.full(UNITS, 1 / UNITS)).astype("<u8")
        with times.open("wb") as f:
            for n in per_unit:
                t = np.sort(rng.integers(0, 3 * 3600 * 30000, int(n))) / 30000
                f.write(t.astype("<f8").tobytes())
        counts.write_bytes(per_unit.tobytes())
    return raw, times, counts


def h5py_side(raw: Path, times: Path, counts: Path, out: Path, level: int, shuffle: bool) -> None:
    import h5py

    started = time.perf_counter()
    opts = dict(compression="gzip", compression_opts=level, shuffle=shuffle)
    with h5py.File(out, "w") as f:
        ds = f.create_dataset("acquisition/ElectricalSeriesAP/data", shape=(0, CHANNELS), maxshape=(None, CHANNELS),
                              dtype="<i2", chunks=(CHUNK_ROWS, CHANNELS), **opts)
        with raw.open("rb") as src:
            while block := src.read(CHUNK_ROWS * CHANNELS * 2):
                a = np.frombuffer(block, "<i2").reshape(-1, CHANNELS)
                ds.resize(ds.shape[0] + len(a), axis=0)
                ds[-len(a):] = a
        st = f.create_dataset("units/spike_times", shape=(0,), maxshape=(None,), dtype="<f8",
                              chunks=(SPIKE_CHUNK,), **opts)
        with times.open("rb") as src:
            while block := src.read(SPIKE_CHUNK * 8):
                a = np.frombuffer(block, "<f8")
                st.resize(st.shape[0] + len(a), axis=0)
                st[-len(a):] = a
        ends = np.cumsum(np.frombuffer(counts.read_bytes(), "<u8"))
        f.create_dataset("units/spike_times_index", data=ends, dtype="<u8")
    fd = os.open(out, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peakMiB": peak}))


def run(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started  # includes interpreter start-up
    return result


def bundle() -> Path:
    """The Node side as one ESM bundle, as the CLI ships: under tsx, loading h5wasm's 4 MB
    module alone costs ~600 MB RSS (esbuild transforming it), which plain node does not.
    The writer's worker threads are bundled next to it, where the bundle looks for them
    (as scripts/build-cli.mjs does for the CLI)."""
    out = REPO / "bench/out/write_bench.mjs"
    # Aliased: bundled modules import createRequire themselves (src/node/workerEntry.ts).
    banner = ("import { createRequire as __benchCreateRequire } from 'node:module'; "
              "const require = __benchCreateRequire(import.meta.url);")
    entries = {"write_bench": "bench/nwb/write_bench.ts",
               "deflate-worker": "src/nwb/fast/deflateWorker.ts",
               "copy-worker": "src/nwb/fast/copyWorker.ts"}
    subprocess.run([str(REPO / "node_modules/.bin/esbuild"), *(f"{k}={v}" for k, v in entries.items()),
                    "--bundle", "--platform=node", "--format=esm", "--target=node20",
                    f"--outdir={out.parent}", "--out-extension:.js=.mjs",
                    f"--banner:js={banner}", "--log-level=warning"], cwd=REPO, check=True)
    return out


def check_equal(ours: Path, raw: Path, times: Path) -> None:
    """Spot-checks our file against the inputs (first, middle and last chunks)."""
    import h5py

    with h5py.File(ours, "r") as f:
        data, st = f["acquisition/ElectricalSeriesAP/data"], f["units/spike_times"]
        expect = np.memmap(raw, "<i2", "r").reshape(-1, CHANNELS)
        for start in (0, len(expect) // 2, max(0, len(expect) - CHUNK_ROWS)):
            assert np.array_equal(data[start:start + CHUNK_ROWS], expect[start:start + CHUNK_ROWS])
        spikes = np.memmap(times, "<f8", "r")
        assert np.array_equal(st[-1000:], spikes[-1000:]) and len(st) == len(spikes)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scratch", type=Path, default=Path("/tmp/nwb-bench"))
    p.add_argument("--gb", type=float, default=2.0)
    p.add_argument("--spikes", type=float, default=30e6)
    p.add_argument("--level", type=int, default=4)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--shuffle", action="store_true")
    p.add_argument("--plain-malloc", action="store_true",
                   help="run our side without the malloc tunables the server gives the CLI")
    p.add_argument("--h5py-side", nargs=4, help=argparse.SUPPRESS)
    p.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.generate_only:
        generate(args.scratch, args.gb, int(args.spikes))
        return
    if args.h5py_side:
        raw, times, counts, out = map(Path, args.h5py_side)
        h5py_side(raw, times, counts, out, args.level, args.shuffle)
        return
    args.scratch.mkdir(parents=True, exist_ok=True)
    # Generated in a child process: Linux children inherit the parent's peak RSS at fork,
    # which would inflate both sides' numbers.
    subprocess.run([sys.executable, __file__, "--generate-only", "--scratch", str(args.scratch),
                    "--gb", str(args.gb), "--spikes", str(args.spikes)], check=True)
    raw, times, counts = args.scratch / "raw.bin", args.scratch / "spikes.bin", args.scratch / "counts.bin"
    theirs = args.scratch / "h5py.h5"
    # h5py deflates on one thread: the one-worker row is the like-for-like one, beside the headline.
    ours = {}
    for workers in sorted({1, args.workers}):
        path = args.scratch / f"ours-{workers}w.nwb"
        ours[workers] = (run(["node", str(bundle()), str(raw), str(CHANNELS), str(times), str(counts), str(path),
                              str(args.level), str(workers), "1" if args.shuffle else "0"],
                             # The environment the Jupyter server runs the CLI in (jupyterlab_ibl_nwb.node).
                             dict(os.environ) if args.plain_malloc else cli_environment()), path)
        check_equal(path, raw, times)
    py = run([sys.executable, __file__, "--level", str(args.level), *(["--shuffle"] if args.shuffle else []),
              "--h5py-side", str(raw), str(times), str(counts), str(theirs)])
    mb = (raw.stat().st_size + times.stat().st_size) / 1e6
    print(f"payload {mb:.0f} MB, gzip {args.level}, shuffle {args.shuffle}")
    rows = [(f"TS {w} worker{'s' if w > 1 else ''}", r, path) for w, (r, path) in ours.items()]
    for name, r, path in (*rows, ("h5py", py, theirs)):
        print(f"{name:>12}: {r['seconds']:6.1f} s (process {r['wall']:5.1f} s)  {mb / r['seconds']:5.1f} MB/s  "
              f"peak RSS {r['peakMiB']:5.0f} MiB  file {path.stat().st_size / 1e6:7.1f} MB")
    for workers, (r, _) in ours.items():
        print(f"speed-up vs h5py, {workers} deflate worker(s): {py['seconds'] / r['seconds']:.2f}x  (ours with "
              + ("the default malloc)" if args.plain_malloc else "the server's malloc tunables)"))

if __name__ == "__main__":
    main()

"""Benchmark (not a test) of the raw ephys path: mtscomp .cbin streamed, decoded and written into
NWB with no decompressed .bin on disk (issue 5 target: >= 80 MB/s of compressed output on the
2-core machine).

    .venv/bin/python bench/convert/raw_bench.py [--seconds 60] [--probes 1] [--out bench/out/raw-bench]

1. Generates, once, one 'small' session whose raw AP excerpt lasts SECONDS per probe
   (bench/convert/raw_session.ts, the project's generator with rawSamples overridden) into
   OUT/cache-<seconds>s-<probes>p; later runs reuse it.
2. Runs the CLI bundle: `ibl2nwb convert EID --modalities trials --split` (the processed file with
   the trials, then the raw file with the electrodes and the raw AP series), with --json; every
   event is time-stamped on arrival; peak RSS from the child's rusage.
3. Measures, with h5py, the raw series' stored (compressed) bytes, and checks random windows of
   the written data against the .cbin decoded by the `mtscomp` package (if installed).
4. Polls the cache, the output folder and the child's TMPDIR for *.bin files during the run.
Prints a summary and writes OUT/result.json. Nothing here asserts timing.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "jupyterlab_ibl_nwb" / "cli" / "ibl2nwb.mjs"
TSX = REPO / "node_modules" / ".bin" / "tsx"
TARGET_MBS = 80.0


def generate(cache: Path, seconds: float, probes: int, seed: int) -> dict:
    marker = cache / "raw_bench.json"
    if marker.exists():
        return json.loads(marker.read_text())
    if cache.exists():
        shutil.rmtree(cache)  # an interrupted generation
    print(f"generating {seconds:g} s of raw AP x {probes} probe(s) into {cache} (~{2.8 * seconds * probes:.0f} s)",
          flush=True)
    out = subprocess.run([str(TSX), str(Path(__file__).with_name("raw_session.ts")), str(cache), str(seconds),
                          str(probes), str(seed)], capture_output=True, text=True, check=True).stdout
    info = json.loads(out.strip().splitlines()[-1])
    marker.write_text(json.dumps(info))
    return info


class BinWatcher(threading.Thread):
    """Polls folders for files named *.bin (or *.bin.<suffix>) and records the largest size seen."""

    def __init__(self, folders: list[Path], every: float = 0.2):
        super().__init__(daemon=True)
        self.folders, self.every = folders, every
        self.seen: dict[str, int] = {}
        self.other_max: dict[str, int] = {}  # every other new file: the largest size seen (side files)
        self.polls = 0
        self.stop = threading.Event()
        self.before = {str(p) for f in folders for p in f.rglob("*") if p.is_file()}

    def poll(self) -> None:
        for folder in self.folders:
            for root, _, files in os.walk(folder):
                for name in files:
                    path = os.path.join(root, name)
                    try:
                        size = os.path.getsize(path)
                    except OSError:
                        continue
                    if name.endswith(".bin") or ".bin." in name:
                        self.seen[path] = max(size, self.seen.get(path, 0))
                    elif path not in self.before:
                        self.other_max[path] = max(size, self.other_max.get(path, 0))
        self.polls += 1

    def run(self) -> None:
        while not self.stop.is_set():
            self.poll()
            self.stop.wait(self.every)
        self.poll()


def convert(eid: str, cache: Path, out: Path) -> dict:
    tmp = out / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    processed, raw = out / "processed.nwb", out / "raw.nwb"
    command = [shutil.which("node") or "node", str(CLI), "convert", eid, "--cache", str(cache), "-o", str(processed),
               "--modalities", "trials", "--split", "--raw-output", str(raw), "--overwrite", "--json"]
    watcher = BinWatcher([cache, out])
    watcher.start()
    events: list[tuple[float, dict]] = []
    with open(out / "convert.stderr", "w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True,
                                   env={**os.environ, "TMPDIR": str(tmp)})
        for line in process.stdout:
            try:
                events.append((time.perf_counter() - start, json.loads(line)))
            except json.JSONDecodeError:
                pass
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    watcher.stop.set()
    watcher.join()
    # the child's own TMPDIR, besides the cache and output folders
    for p in tmp.rglob("*"):
        if p.is_file():
            watcher.other_max[str(p)] = max(p.stat().st_size, watcher.other_max.get(str(p), 0))
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"convert failed ({out / 'convert.stderr'}): {' '.join(command)}")

    def at(kind: str, step: str | None = None) -> float:
        return next(t for t, e in events if e.get("file") == "raw" and e["type"] == kind
                    and (step is None or e.get("step") == step))

    report = next(e["report"] for _, e in events if e["type"] == "done" and e.get("file") == "raw")
    iface = {i["name"]: i for i in report["interfaces"]}
    return {
        "wall": wall,
        "peak_rss": usage.ru_maxrss * 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "raw_step_events": at("done") - at("step", "raw_ephys"),  # raw step + close + read-back + rename
        "raw_file_events": at("done") - at("step", "electrodes"),
        "raw_interface": iface["raw_ephys"]["seconds"],
        "raw_checks": iface["raw_ephys"]["arrays"],
        "raw_status": iface["raw_ephys"]["status"],
        "bins": watcher.seen,
        "polls": watcher.polls,
        "new_files": watcher.other_max,
        "raw_nwb": raw,
    }


def verify(raw_nwb: Path, session: Path, windows: int, seed: int) -> list[str]:
    try:
        import mtscomp
    except ImportError:
        return ["mtscomp package not installed: only the converter's own digest check (above) applies"]
    rng = np.random.default_rng(seed)
    lines = []
    with h5py.File(raw_nwb, "r") as f:
        for name in sorted(k for k in f["acquisition"] if k.startswith("ElectricalSeries") and k.endswith("AP")):
            label = "probe" + name[len("ElectricalSeriesProbe"):-2]
            cbin = next((session / "raw_ephys_data" / label).glob("*.ap.cbin"))
            rawind = np.load(next((session / "alf" / label).rglob("channels.rawInd.npy"))).astype(int)
            data = f["acquisition"][name]["data"]
            reader = mtscomp.Reader()
            reader.open(cbin, cbin.with_suffix(".ch"))
            try:
                n = data.shape[0]
                assert reader.shape[0] == n, (reader.shape, data.shape)
                width = 3000
                starts = [0, n - width] + list(rng.integers(0, n - width, windows))
                bad = [int(a) for a in starts if not np.array_equal(data[a:a + width], reader[a:a + width][:, rawind])]
                lines.append(f"{name}: {len(starts)} windows of {width} samples x {data.shape[1]} channels vs "
                             f"mtscomp {mtscomp.__version__} decode: {'all equal' if not bad else f'DIFFER at {bad}'}")
            finally:
                reader.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--probes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--windows", type=int, default=8, help="random windows compared with the mtscomp decode")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "raw-bench")
    args = parser.parse_args()
    out = args.out.resolve()
    cache = out / f"cache-{args.seconds:g}s-{args.probes}p"
    info = generate(cache, args.seconds, args.probes, args.seed)
    session = next(p.parent.parent for p in cache.glob("*/Subjects/*/*/*/alf/_ibl_trials.table.pqt"))
    cbins = sorted(session.glob("raw_ephys_data/probe*/*.ap.cbin"))
    cbin_bytes = sum(p.stat().st_size for p in cbins)
    load_before = os.getloadavg()
    r = convert(info["eid"], cache, out)
    load_after = os.getloadavg()

    stored = chunk_sum = raw_bytes = samples = 0
    series = []
    with h5py.File(r["raw_nwb"], "r") as f:
        for name in sorted(k for k in f["acquisition"] if k.startswith("ElectricalSeries")):
            d = f["acquisition"][name]["data"]
            stored += d.id.get_storage_size()
            chunk_sum += sum(d.id.get_chunk_info(i).size for i in range(d.id.get_num_chunks()))
            raw_bytes += d.size * d.dtype.itemsize
            samples += d.shape[0]
            series.append(f"{name} {d.shape} {d.dtype} chunks {d.chunks} {d.compression} {d.compression_opts}"
                          f"{' +shuffle' if d.shuffle else ''}")
    source_bytes = sum(json.loads(p.with_suffix(".ch").read_text())["shape"][0]
                       * json.loads(p.with_suffix(".ch").read_text())["n_channels"] * 2 for p in cbins)
    checks = verify(r["raw_nwb"], session, args.windows, args.seed)

    mb = 1e6
    t_iface, t_step = r["raw_interface"], r["raw_step_events"]
    result = {
        "seconds_of_raw": args.seconds, "probes": args.probes, "cpus": os.cpu_count(),
        "load_before": load_before, "load_after": load_after,
        "cbin_bytes": cbin_bytes, "source_decompressed_bytes": source_bytes,
        "nwb_raw_stored_bytes": stored, "nwb_raw_chunk_bytes": chunk_sum, "nwb_raw_decompressed_bytes": raw_bytes,
        "raw_interface_s": t_iface, "raw_step_to_done_s": t_step, "raw_file_s": r["raw_file_events"],
        "convert_wall_s": r["wall"], "convert_cpu_s": r["cpu"], "peak_rss_bytes": r["peak_rss"],
        "compressed_mb_s_interface": stored / mb / t_iface, "compressed_mb_s_step": stored / mb / t_step,
        "decompressed_mb_s_interface": raw_bytes / mb / t_iface, "decompressed_mb_s_step": raw_bytes / mb / t_step,
        "bin_files_seen": r["bins"], "watch_polls": r["polls"], "new_files": r["new_files"],
        "fidelity_report": [{k: a[k] for k in ("target", "elements", "equal")} for a in r["raw_checks"]],
        "mtscomp_check": checks,
    }
    (out / "result.json").write_text(json.dumps(result, indent=2) + "\n")

    print(f"session {session.relative_to(cache)}  ({len(cbins)} probe(s), {samples / args.probes / 30000:g} s of AP each)")
    for s in series:
        print(f"  {s}")
    print(f"input .cbin               {cbin_bytes / mb:10.1f} MB   (decompressed source incl. sync {source_bytes / mb:.1f} MB)")
    print(f"NWB raw stored            {stored / mb:10.1f} MB   (sum of chunk sizes {chunk_sum / mb:.1f} MB)")
    print(f"NWB raw decompressed      {raw_bytes / mb:10.1f} MB   (ratio {raw_bytes / stored:.2f})")
    print(f"raw_ephys interface       {t_iface:10.2f} s    -> {stored / mb / t_iface:6.1f} MB/s compressed, "
          f"{raw_bytes / mb / t_iface:6.1f} MB/s decompressed")
    print(f"raw step -> file done     {t_step:10.2f} s    -> {stored / mb / t_step:6.1f} MB/s compressed, "
          f"{raw_bytes / mb / t_step:6.1f} MB/s decompressed  (incl. close, read-back check, rename)")
    print(f"convert (both files)      {r['wall']:10.2f} s wall, {r['cpu']:.1f} s CPU, peak RSS {r['peak_rss'] / mb:.0f} MB")
    print(f"load average before/after {load_before[0]:.2f} / {load_after[0]:.2f}  on {os.cpu_count()} CPUs")
    print(f"fidelity report           " + ", ".join(
        f"{a['target']}: {a['elements']} elements {'equal' if a['equal'] else 'NOT EQUAL'}" for a in r["raw_checks"]))
    for line in checks:
        print(f"mtscomp check             {line}")
    print(f"*.bin files seen          {len(r['bins'])} in {r['polls']} polls of the cache, {out.name}/ and TMPDIR"
          + "".join(f"\n    {p} ({s / mb:.1f} MB)" for p, s in r["bins"].items()))
    big = {p: s for p, s in r["new_files"].items() if s > 1e6}
    print("other new files > 1 MB    " + ("none" if not big else "".join(
        f"\n    {os.path.relpath(p, out)} (max {s / mb:.1f} MB)" for p, s in big.items())))
    met = stored / mb / t_step >= TARGET_MBS
    print(f"target >= {TARGET_MBS:g} MB/s compressed: {'met' if met else 'NOT met'} on the step-to-done time "
          f"({stored / mb / t_step:.1f} MB/s); interface time alone {stored / mb / t_iface:.1f} MB/s")


if __name__ == "__main__":
    main()

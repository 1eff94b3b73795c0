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
5. Runs the reference pipeline on the same .cbin (raw_reference.py: PyPI mtscomp decompress to a
   .bin, then an h5py gzip 4 + shuffle write of the same int16 series), timed end to end.
6. Measures each stage of our path on one thread (raw_stages.ts: decode, channel pick + digest,
   shuffle + deflate, write, read-back) and derives from them the time a 2-core machine needs at
   best (the CPU bound; see bench/convert/README.md for how).
Prints ours, the reference, their ratio, the bound and the share of it we reach, and writes
OUT/result.json. Nothing here asserts timing: run it under `flock /tmp/ibl-bench.lock`.
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
TARGET_VS_REFERENCE = 2.0  # ours at least twice as fast as the reference, end to end
TARGET_OF_BOUND = 0.9  # ours at least 90 % of the CPU bound


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


def timed_child(command: list[str], log: Path) -> tuple[dict, float, float, int]:
    """Runs a child that prints one JSON line last; returns it, wall, CPU seconds and peak RSS bytes."""
    with open(log, "w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True)
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: see {log}")
    return json.loads(out.strip().splitlines()[-1]), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def reference(cbin: Path, rawind: Path, out: Path) -> dict:
    scratch = out / "reference-scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    target = out / "reference.h5"
    target.unlink(missing_ok=True)
    result, wall, cpu, rss = timed_child([sys.executable, str(Path(__file__).with_name("raw_reference.py")), str(cbin),
                                          str(rawind), str(target), str(scratch)], out / "reference.stderr")
    return {**result, "wall": wall, "cpu": cpu, "peak_rss": rss}


def stages(cbin: Path, rawind: Path, raw_nwb: Path, out: Path, chunks: int) -> dict:
    result, *_ = timed_child([str(TSX), str(Path(__file__).with_name("raw_stages.ts")), str(cbin), str(rawind),
                              str(raw_nwb), str(out), str(chunks)], out / "stages.stderr")
    return result


def cpu_bound(measured: dict, series_bytes: int, source_bytes: int, cores: int) -> dict:
    """The shortest time `cores` cores can take for the whole raw path, from single-thread rates.

    Streaming phase: decode, pick + digest, deflate and write overlap; their CPU seconds (bytes /
    single-core rate) share the cores, but the pick runs on the main thread alone, so the phase
    lasts at least max(sum / cores, pick). The read-back check reads the closed file, after the
    streaming phase, on `cores` threads: + readback / cores.
    """
    rate = {k: v["bytes"] / v["cpu"] for k, v in measured["stages"].items()}
    seconds = {k: (source_bytes if k == "decode" else series_bytes) / r for k, r in rate.items()}
    streaming = sum(seconds[k] for k in ("decode", "pick", "deflate", "write"))
    stream_bound = max(streaming / cores, seconds["pick"])
    return {"rate_mb_s": {k: r / 1e6 for k, r in rate.items()}, "cpu_s": seconds,
            "streaming_cpu_s": streaming, "bound_s": stream_bound + seconds["readback"] / cores}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--probes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--windows", type=int, default=8, help="random windows compared with the mtscomp decode")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "raw-bench")
    parser.add_argument("--stage-chunks", type=int, default=10,
                        help="mtscomp chunks (1 s each) the per-stage single-thread rates are measured on")
    parser.add_argument("--cores", type=int, default=os.cpu_count(), help="cores the bound is derived for")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference pipeline")
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
    load_mid = os.getloadavg()
    first_cbin = cbins[0]
    rawind = next((session / "alf" / first_cbin.parent.name).rglob("channels.rawInd.npy"))
    # The reference and the stage rates on the first probe; with 2 probes the reference runs on each.
    ref = None
    if not args.no_reference:
        refs = [reference(c, next((session / "alf" / c.parent.name).rglob("channels.rawInd.npy")), out)
                for c in cbins]
        ref = {"total_s": sum(x["seconds"]["total"] for x in refs),
               "decompress_s": sum(x["seconds"]["decompress"] for x in refs),
               "write_s": sum(x["seconds"]["write"] for x in refs),
               "wall_s": sum(x["wall"] for x in refs), "cpu_s": sum(x["cpu"] for x in refs),
               "peak_rss_bytes": max(x["peak_rss"] for x in refs),
               "stored_bytes": sum(x["stored_bytes"] for x in refs), "runs": refs}
    measured = stages(first_cbin, rawind, r["raw_nwb"], out, args.stage_chunks)
    bound = cpu_bound(measured, raw_bytes, source_bytes, args.cores)
    load_end = os.getloadavg()

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
        "reference": ref, "stages": measured, "bound": bound, "cores_for_bound": args.cores,
        "load_mid": load_mid, "load_end": load_end,
        "node": subprocess.run([shutil.which("node") or "node", "--version"], capture_output=True,
                               text=True).stdout.strip(),
        "git": subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip(),
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
    print(f"load average (1 min)      before ours {load_before[0]:.2f}, after ours {load_after[0]:.2f}, "
          f"after the checks {load_mid[0]:.2f}, at the end {load_end[0]:.2f}; uptime load "
          f"{' / '.join(f'{x:.2f}' for x in load_end)}")
    print(f"code                      {result['git']}  node {result['node']}  CLI {CLI}")
    st = measured["stages"]
    print(f"single-thread stage rates on {measured['chunks']} chunks ({measured['rows']} rows x {measured['width']}, "
          f"writer chunks of {measured['chunkRows']} rows, deflate strategy {measured['strategy']}), CPU time:")
    for k in ("decode", "pick", "deflate", "write", "readback"):
        print(f"  {k:<9} {bound['rate_mb_s'][k]:8.1f} MB/s decompressed  (wall {st[k]['bytes'] / mb / st[k]['wall']:7.1f}"
              f" MB/s)  -> {bound['cpu_s'][k]:6.2f} s of CPU for this session")
    t_bound = bound["bound_s"]
    print(f"CPU bound on {args.cores} cores       {t_bound:10.2f} s    -> {stored / mb / t_bound:6.1f} MB/s compressed "
          f"(streaming max({bound['streaming_cpu_s']:.2f} / {args.cores}, pick {bound['cpu_s']['pick']:.2f}) "
          f"+ read-back {bound['cpu_s']['readback']:.2f} / {args.cores})")
    of_bound = t_bound / t_step
    print(f"ours vs the bound         {of_bound * 100:9.1f} %   (target >= {TARGET_OF_BOUND * 100:.0f} %: "
          f"{'met' if of_bound >= TARGET_OF_BOUND else 'NOT met'})")
    if ref:
        ratio = ref["total_s"] / t_step
        print(f"reference (mtscomp + h5py) {ref['total_s']:9.2f} s    = decompress to .bin {ref['decompress_s']:.2f} s "
              f"+ gzip 4 write {ref['write_s']:.2f} s; CPU {ref['cpu_s']:.1f} s, peak RSS "
              f"{ref['peak_rss_bytes'] / mb:.0f} MB, stored {ref['stored_bytes'] / mb:.1f} MB "
              f"(chunks {ref['runs'][0]['chunks']}, {ref['runs'][0]['compression']})")
        print(f"ours (raw step -> done)   {t_step:10.2f} s    -> {ratio:.2f}x faster than the reference (target >= "
              f"{TARGET_VS_REFERENCE:g}x: {'met' if ratio >= TARGET_VS_REFERENCE else 'NOT met'})")
    met = stored / mb / t_step >= TARGET_MBS
    print(f"target >= {TARGET_MBS:g} MB/s compressed: {'met' if met else 'NOT met'} on the step-to-done time "
          f"({stored / mb / t_step:.1f} MB/s); interface time alone {stored / mb / t_iface:.1f} MB/s")


if __name__ == "__main__":
    main()

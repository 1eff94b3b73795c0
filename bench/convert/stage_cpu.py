"""Profile (not a test): CPU seconds per conversion step and per thread, from V8 CPU profiles.

    .venv/bin/python bench/convert/stage_cpu.py [--out bench/out] [--runs 3] [--md5] [--cli PATH]

Runs the benchmark session (run_bench.py's OUT/bench-cache) through the CLI bundle with
`--cpu-prof` (one profile per thread: main, the two deflate workers, the read-back worker),
records when each `{"type":"step"}` event arrives (the same monotonic clock as the profiles'
timestamps) and the process's CPU time then (user + sys of all its threads, /proc/PID/stat),
and prints per step: wall seconds, CPU seconds of the process, and the busy seconds of the main
thread, the deflate threads and the read-back thread (profile samples that are not idle: equal
to their CPU time on a quiet machine, but a thread waiting for a core counts as busy, so under
load only the process CPU column is CPU). Wall times move with the load; CPU seconds much less.
Run it under `flock /tmp/ibl-bench.lock` like the benchmarks.
"""
import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from jupyterlab_ibl_nwb.node import cli_environment  # noqa: E402


TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + sys seconds of every thread of `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def frame_name(node: dict) -> str:
    frame = node["callFrame"]
    where = frame["url"].rsplit("/", 1)[-1]
    return f'{frame["functionName"] or "(anonymous)"} {where}:{frame["lineNumber"] + 1}' if where else frame["functionName"]


def busy_samples(profile: dict):
    """(time µs, seconds, function) of every sample that is not idle."""
    nodes = {n["id"]: frame_name(n) for n in profile["nodes"]}
    t = profile["startTime"]
    for sample, delta in zip(profile["samples"], profile["timeDeltas"][1:] + [0]):
        t += delta
        if nodes[sample] != "(idle)":
            yield t, delta / 1e6, nodes[sample]


def thread_kind(path: str, profile: dict) -> str:
    # CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile: thread 0 is the main thread.
    if Path(path).name.split(".")[4] == "0":
        return "main"
    urls = {n["callFrame"]["url"].rsplit("/", 1)[-1] for n in profile["nodes"]}
    if "deflate-worker.mjs" in urls:
        return "deflate"
    return "read-back" if "verify-worker.mjs" in urls else "other"


def run_once(cli: Path, cache: Path, eid: str, out: Path, md5: bool, top: int = 0) -> tuple[list, dict, float]:
    prof_dir = Path(tempfile.mkdtemp(prefix="stage-cpu-"))
    out.unlink(missing_ok=True)
    command = ["node", "--cpu-prof", f"--cpu-prof-dir={prof_dir}", str(cli), "convert", eid, "--cache", str(cache),
               "-o", str(out), "--overwrite", "--json"] + ([] if md5 else ["--no-hash-check"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=cli_environment())
    steps = [("start", start * 1e6)]
    cpu_at = [0.0]
    for line in process.stdout:
        event = json.loads(line)
        name = event["step"] if event.get("type") == "step" else None
        if event.get("type") == "progress" and event.get("step") == "done":
            name = "close + read-back"
        if name:
            steps.append((name, time.monotonic() * 1e6))
            cpu_at.append(process_cpu(process.pid))
    if process.wait() != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    end = time.monotonic() * 1e6
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu_at.append(cpu)
    profiles = sorted(glob.glob(str(prof_dir / "*.cpuprofile")))
    per_step: dict = {name: {"wall": 0.0} for name, _ in steps}
    bounds = steps + [("end", end)]
    for path in profiles:
        profile = json.load(open(path))
        kind = thread_kind(path, profile)
        for t, seconds, function in busy_samples(profile):
            for (name, a), (_, b) in zip(bounds, bounds[1:]):
                if a <= t < b:
                    per_step[name][kind] = per_step[name].get(kind, 0.0) + seconds
                    functions = per_step[name].setdefault("functions", {}).setdefault(kind, {})
                    functions[function] = functions.get(function, 0.0) + seconds
                    break
        os.unlink(path)
    os.rmdir(prof_dir)
    for i, ((name, a), (_, b)) in enumerate(zip(bounds, bounds[1:])):
        per_step[name]["wall"] += (b - a) / 1e6
        per_step[name]["cpu"] = per_step[name].get("cpu", 0.0) + cpu_at[i + 1] - cpu_at[i]
    return steps, per_step, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--md5", action="store_true", help="check md5 (the default of the CLI); off by default here")
    parser.add_argument("--top", type=int, default=0, help="also print each step's N busiest functions per thread kind")
    parser.add_argument("--cli", type=Path, default=REPO / "jupyterlab_ibl_nwb" / "cli" / "ibl2nwb.mjs")
    args = parser.parse_args()
    cache = args.out / "bench-cache"
    if not (cache / "sessions.pqt").exists():
        raise SystemExit(f"{cache}: run bench/convert/run_bench.py once to generate the session")
    eid = subprocess.run(["node", str(args.cli), "search", "--cache", str(cache), "--json"], capture_output=True,
                         text=True, check=True).stdout.split('"eid":"')[1][:36]
    kinds = ["main", "deflate", "read-back", "other"]
    for run in range(args.runs):
        load = os.getloadavg()[0]
        _, per_step, cpu = run_once(args.cli, cache, eid, args.out / "stage-cpu.nwb", args.md5, args.top)
        print(f"run {run + 1}: load {load:.1f}, process CPU (user+sys) {cpu:.2f} s")
        print(f"  {'step':20}{'wall s':>8}{'CPU s':>8}" + "".join(f"{k + ' busy':>15}" for k in kinds))
        totals = {k: 0.0 for k in ["wall", "cpu", *kinds]}
        for name, row in per_step.items():
            print(f"  {name:20}{row['wall']:8.2f}{row.get('cpu', 0.0):8.2f}"
                  + "".join(f"{row.get(k, 0.0):15.2f}" for k in kinds))
            for k in totals:
                totals[k] += row.get(k, 0.0)
        print(f"  {'total':20}{totals['wall']:8.2f}{totals['cpu']:8.2f}" + "".join(f"{totals[k]:15.2f}" for k in kinds))
        for name, row in per_step.items() if args.top else []:
            for kind, functions in sorted(row.get("functions", {}).items()):
                busiest = sorted(functions.items(), key=lambda item: -item[1])[: args.top]
                print(f"  {name} / {kind}: " + "; ".join(f"{f} {s:.2f}" for f, s in busiest))
    (args.out / "stage-cpu.nwb").unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""Benchmark (not a test): convert a generated session at realistic scale with our CLI and with
the reference pynwb script, in the same run, and print wall time, peak memory and their ratios.

    .venv/bin/python bench/convert/run_bench.py [--out bench/out] [--seed 3]

The session (2 probes, ~26 M spikes, ~1 h of wheel and pose) is generated once into OUT/bench-cache.
Targets (issue 5): ours >= 3x faster than the pynwb script, peak memory <= 2 GB.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from jupyterlab_ibl_nwb.node import cli_environment  # noqa: E402

CLI = REPO / "jupyterlab_ibl_nwb" / "cli" / "ibl2nwb.mjs"


def measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one child process, from its own rusage."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--plain-malloc", action="store_true",
                        help="run our CLI without the malloc tunables the server sets (for comparison)")
    args = parser.parse_args()
    cache = args.out / "bench-cache"
    node = shutil.which("node")
    if not (cache / "sessions.pqt").exists():
        subprocess.run([str(REPO / "node_modules" / ".bin" / "tsx"), str(REPO / "src/one/generate/main.ts"),
                        "--out", str(cache), "--sessions", "1", "--seed", str(args.seed), "--size", "bench"], check=True)
    session = next(p.parent.parent for p in cache.glob("*/Subjects/*/*/*/alf/_ibl_trials.table.pqt"))
    eid = subprocess.run([node, str(CLI), "search", "--cache", str(cache), "--json"], capture_output=True,
                         text=True, check=True).stdout.split('"eid":"')[1][:36]
    spikes = sum(os.path.getsize(p) // 8 for p in session.glob("alf/probe*/*/spikes.times.npy"))
    print(f"session {session.relative_to(cache)}: ~{spikes / 1e6:.1f} M spikes")

    ours_out, ref_out = args.out / "ours.nwb", args.out / "reference.nwb"
    for path in (ours_out, ref_out):
        path.unlink(missing_ok=True)
    # Our CLI in the environment the Jupyter server gives it (jupyterlab_ibl_nwb.node).
    env = dict(os.environ) if args.plain_malloc else cli_environment()
    convert = [node, str(CLI), "convert", eid, "--cache", str(cache), "-o", str(ours_out), "--overwrite"]
    # By default every file read is checked against the cache's md5 (issue 19.7); the row without
    # the check needs a CLI that has --no-hash-check.
    help_text = subprocess.run([node, str(CLI), "convert", "--help"], capture_output=True, text=True).stdout
    rows = [("ours (md5)", convert)]
    if "--no-hash-check" in help_text:
        rows.append(("ours (no md5)", [*convert, "--no-hash-check"]))
    timed = []
    for name, command in rows:
        # Each row writes to a free name, as the reference does: replacing the previous row's
        # file would add its unlink and ext4's writeback on rename-over (0.2-0.5 s) to ours.
        ours_out.unlink(missing_ok=True)
        timed.append((name, measured(command, env)))
    ref = measured([sys.executable, str(Path(__file__).with_name("reference_pynwb.py")), str(session), str(ref_out)])

    print(f"{'':16}{'wall s':>10}{'peak MB':>10}{'file MB':>10}")
    for name, (seconds, rss), path in [*((n, t, ours_out) for n, t in timed), ("pynwb", ref, ref_out)]:
        print(f"{name:16}{seconds:10.1f}{rss / 1e6:10.0f}{path.stat().st_size / 1e6:10.0f}")
    for name, (seconds, rss) in timed:
        target = "2x" if "(md5)" in name else "3x"
        print(f"speed-up {name} (pynwb time / ours): {ref[0] / seconds:.2f}x   target >= {target}")
        print(f"memory ratio {name} (ours / pynwb): {rss / ref[1]:.2f}   peak {rss / 1e9:.2f} GB, target <= 2 GB")


if __name__ == "__main__":
    main()

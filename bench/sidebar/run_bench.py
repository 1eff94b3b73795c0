"""Sidebar search benchmark (issue 6; not a test: prints measurements, asserts nothing).

    .venv/bin/python bench/sidebar/run_bench.py [--repeats 5] [--port 8931] [--no-browser] [--regen]

1. Generates (once) a ONE cache of 30,000 sessions / 1,000 subjects / 20 labs with 30 datasets each
   (900,000 rows in datasets.pqt) under bench/out/sidebar/root/one-cache-30k, with the project's own
   table writer (bench/sidebar/make_cache.ts). A copy with only the bundled sample's datasets.pqt
   (166 rows) isolates what datasets.pqt costs.
2. Times, for several queries, each repeated:
   - pandas (baseline): read sessions.pqt, filter like ONE, sort, serialise — in this process;
   - the bundled CLI `ibl2nwb search --json` run directly (a fresh Node process, as the server does);
   - GET /jupyterlab-ibl-nwb/search on a real Jupyter server (port 8931).
   and prints median / p90 with ratios against pandas and the direct CLI.
3. Breaks one unfiltered CLI search into steps (bench/sidebar/search_profile.ts).
4. Runs bench/sidebar/browser_bench.mjs in headless Chromium against the same server.
Results also go to bench/out/sidebar/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "bench" / "out" / "sidebar"
ROOT = OUT / "root"
CACHE = "one-cache-30k"
SMALL_DATASETS = "one-cache-30k-sessions-only"
CLI = REPO / "jupyterlab_ibl_nwb" / "cli" / "ibl2nwb.mjs"
TSX = REPO / "node_modules" / ".bin" / "tsx"
TOKEN = "bench-sidebar-token"

# name → (server query params, CLI args, pandas filter)
QUERIES = {
    "no filter (all)": ({}, [], {}),
    "subject KS0105": ({"subject": "KS0105"}, ["--subject", "KS0105"], {"subject": "KS0105"}),
    "date range 2021": (
        {"date_from": "2021-01-01", "date_to": "2021-12-31"},
        ["--date-range", "2021-01-01,2021-12-31"],
        {"date": ("2021-01-01", "2021-12-31")},
    ),
    "lab cortexlab": ({"lab": "cortexlab"}, ["--lab", "cortexlab"], {"lab": "cortexlab"}),
}


def stats(values: list[float]) -> dict:
    s = sorted(values)
    return {
        "median": statistics.median(s),
        "p90": s[min(len(s) - 1, round(0.9 * (len(s) - 1)))],
        "min": s[0],
        "n": len(s),
    }


def timed(repeats: int, fn) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def ensure_cache(regen: bool) -> None:
    cache = ROOT / CACHE
    if regen and cache.exists():
        shutil.rmtree(cache)
    if not (cache / "datasets.pqt").exists():
        t0 = time.perf_counter()
        out = subprocess.run([str(TSX), str(REPO / "bench/sidebar/make_cache.ts"), str(cache)],
                             cwd=REPO, check=True, capture_output=True, text=True)
        print(f"generated {cache.relative_to(REPO)}: {out.stdout.strip()} in {time.perf_counter() - t0:.1f} s")
    small = ROOT / SMALL_DATASETS
    small.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cache / "sessions.pqt", small / "sessions.pqt")
    shutil.copy2(REPO / "demo" / "one-cache" / "datasets.pqt", small / "datasets.pqt")
    sizes = {p.name: p.stat().st_size for p in cache.glob("*.pqt")}
    print(f"cache tables: sessions.pqt {sizes['sessions.pqt'] / 1e6:.1f} MB, "
          f"datasets.pqt {sizes['datasets.pqt'] / 1e6:.1f} MB")


def pandas_search(path: Path, flt: dict) -> list[dict]:
    """ONE's local search on sessions.pqt: contains-regex on text fields, inclusive dates, newest first."""
    df = pd.read_parquet(path).reset_index()
    for key in ("subject", "lab"):
        if key in flt:
            df = df[df[key].str.contains(flt[key], regex=True)]
    if "date" in flt:
        start, end = (pd.Timestamp(d).date() for d in flt["date"])
        df = df[(df["date"] >= start) & (df["date"] <= end)]
    df = df.sort_values(["date", "subject", "number"], ascending=False)
    rows = df.rename(columns={"id": "eid"})[["eid", "lab", "subject", "date", "number", "task_protocol"]]
    rows = rows.assign(date=rows["date"].astype(str)).to_dict("records")
    json.dumps({"sessions": rows}, default=int)
    return rows


def cli_search(cache: Path, args: list[str]) -> int:
    out = subprocess.run(["node", str(CLI), "search", "--cache", str(cache), *args, "--json"],
                         capture_output=True, check=True)
    return out.stdout.count(b"\n")


def free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_server(port: int, jobs_dir: str, log) -> subprocess.Popen:
    if not free(port):
        sys.exit(f"port {port} is in use; pass --port (8931-8939)")
    command = [
        "jupyter", "lab", "--no-browser", "--allow-root", f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={ROOT}",
        f"--IblNwb.jobs_dir={jobs_dir}", f"--LabApp.workspaces_dir={jobs_dir}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            get(port, "/api/status")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("the Jupyter server did not start; see bench/out/sidebar/server.log")


def get(port: int, path: str, params: dict | None = None) -> bytes:
    from urllib.parse import urlencode

    url = f"http://127.0.0.1:{port}{path}" + (f"?{urlencode(params)}" if params else "")
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.read()


def fmt(s: dict) -> str:
    return f"{s['median'] * 1000:7.0f} ms (p90 {s['p90'] * 1000:6.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--regen", action="store_true", help="regenerate the 30k-session cache")
    args = parser.parse_args()
    os.environ["PATH"] = f"{REPO / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_cache(args.regen)
    cache = ROOT / CACHE
    n = args.repeats
    results: dict = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "repeats": n, "queries": {}}

    # Fixed costs of a fresh Node process running the CLI.
    node_start, _ = timed(n, lambda: subprocess.run(["node", "-e", "0"], check=True))
    cli_start, _ = timed(n, lambda: subprocess.run(["node", str(CLI), "--version"], check=True, capture_output=True))
    results["node_start"] = stats(node_start)
    results["cli_start"] = stats(cli_start)
    print(f"\nnode -e 0: {fmt(stats(node_start))}; node ibl2nwb.mjs --version: {fmt(stats(cli_start))}")

    # `ibl2nwb info` (what a row click runs on the server) and the CLI's peak memory.
    eid = pd.read_parquet(cache / "sessions.pqt").index[1]
    info_t, _ = timed(n, lambda: subprocess.run(["node", str(CLI), "info", eid, "--cache", str(cache), "--json"],
                                                check=True, capture_output=True))
    results["cli_info"] = stats(info_t)
    rss = subprocess.run(["/usr/bin/time", "-f", "%M", "node", str(CLI), "search", "--cache", str(cache), "--json"],
                         capture_output=True, text=True)
    results["cli_search_peak_rss_mb"] = int(rss.stderr.strip().splitlines()[-1]) / 1024 if rss.returncode == 0 else None
    print(f"ibl2nwb info <eid> (row click): {fmt(stats(info_t))}; peak RSS of one `ibl2nwb search`: "
          f"{results['cli_search_peak_rss_mb']:.0f} MB")

    jobs_dir = tempfile.mkdtemp(prefix="ibl-nwb-bench-sidebar-")
    log = open(OUT / "server.log", "w")
    server = start_server(args.port, jobs_dir, log)
    try:
        print(f"\n{'query':18} {'rows':>6} | {'pandas (baseline)':>24} | {'CLI direct':>24} | "
              f"{'server GET /search':>24} | server/pandas  server/CLI | CLI, 166-row datasets.pqt")
        for name, (params, cli_args, flt) in QUERIES.items():
            pandas_t, rows = timed(n, lambda: pandas_search(cache / "sessions.pqt", flt))
            cli_t, cli_rows = timed(n, lambda: cli_search(cache, cli_args))
            server_t, body = timed(n, lambda: get(args.port, "/jupyterlab-ibl-nwb/search", {"cache": CACHE, **params}))
            small_t, _ = timed(n, lambda: cli_search(ROOT / SMALL_DATASETS, cli_args))
            server_rows = len(json.loads(body)["sessions"])
            assert len(rows) == cli_rows == server_rows, (name, len(rows), cli_rows, server_rows)
            p, c, s, sm = stats(pandas_t), stats(cli_t), stats(server_t), stats(small_t)
            results["queries"][name] = {"rows": server_rows, "response_bytes": len(body), "pandas": p, "cli": c,
                                        "server": s, "cli_small_datasets": sm}
            print(f"{name:18} {server_rows:6} | {fmt(p):>24} | {fmt(c):>24} | {fmt(s):>24} | "
                  f"{s['median'] / p['median']:12.0f}x {s['median'] / c['median']:10.2f}x | {fmt(sm)}")

        # Where one unfiltered CLI search spends its time (median per step over the repeats).
        profiles = []
        for _ in range(min(n, 3)):
            out = subprocess.run([str(TSX), str(REPO / "bench/sidebar/search_profile.ts"), str(cache)],
                                 cwd=REPO, check=True, capture_output=True, text=True)
            profiles.append(json.loads(out.stdout)["ms"])
        steps = {k: statistics.median(p[k] for p in profiles) for k in profiles[0]}
        results["profile_ms"] = steps
        print("\none unfiltered `ibl2nwb search` by step (TypeScript sources via tsx, median of "
              f"{len(profiles)}):")
        for k, v in steps.items():
            print(f"  {k:44} {v:8.0f} ms")

        if not args.no_browser:
            out = subprocess.run(
                ["node", str(REPO / "bench/sidebar/browser_bench.mjs"), "--url", f"http://127.0.0.1:{args.port}",
                 "--token", TOKEN, "--cache", CACHE, "--repeats", str(min(n, 3)), "--expected", "30000",
                 "--narrow-subject", "KS0105", "--narrow-count", str(results["queries"]["subject KS0105"]["rows"])],
                cwd=REPO, capture_output=True, text=True)
            if out.returncode != 0:
                print(f"\nbrowser benchmark failed:\n{out.stderr}")
            else:
                b = json.loads(out.stdout)
                results["browser"] = b
                sa, sw, sb = b["searchAll"], b["scrollWheel"], b["scrollToBottom"]
                print(f"\nbrowser (headless Chromium, median of {sa['firstRowsPaintedMs']['n']}):")
                print(f"  Search (all 30,000) → first rows painted: {sa['firstRowsPaintedMs']['median']:.0f} ms "
                      f"(HTTP {sa['httpMs']['median']:.0f} ms, after the response {sa['afterResponseMs']['median']:.0f}"
                      f" ms; {sa['responseBytes'] / 1e6:.1f} MB JSON; {sa['renderedRows']} rows in the DOM); "
                      f"long tasks {sa['longTasksMs']}")
                print(f"  Search (subject, {results['queries']['subject KS0105']['rows']} rows) → painted: "
                      f"{b['searchNarrow']['firstRowsPaintedMs']['median']:.0f} ms "
                      f"(HTTP {b['searchNarrow']['httpMs']['median']:.0f} ms)")
                print(f"  wheel-like scroll ({sw['stepPx']} px/frame, {sw['frames']} frames): frame "
                      f"median {sw['frameMs']['median']} ms, p95 {sw['frameMs']['p95']}, max {sw['frameMs']['max']}; "
                      f"long tasks {sw['longTasksMs']}; frames with no row at the top {sw['staleFrames']}")
                print(f"  scroll to the bottom in {sb['frames']} jumps of {sb['scrollHeight'] // sb['frames']:,} px, one "
                      f"every 2 frames: {sb['totalMs']['median']:.0f} ms, step median {sb['frameMs']['median']} ms, "
                      f"p95 {sb['frameMs']['p95']}, max {sb['frameMs']['max']}; long tasks {sb['longTasksMs']}; "
                      f"no row at the top: {sb['staleFrames']} in the jump's frame, {sb['blankAfterStep']} a frame "
                      f"later; last row '{sb['lastRowTitle']}'")
                print(f"  row click → session detail: median {b['rowClickToDetailMs']['median']:.0f} ms")
                print(f"  ArrowDown → selected: median {b['arrowDownMs']['median']} ms, max {b['arrowDownMs']['max']}; "
                      f"after {b['arrowDownPresses']} presses (one `info` request each) the last detail showed "
                      f"in {b['detailAfterArrowDownsMs'] / 1000:.1f} s")
                if b["pageErrors"]:
                    print(f"  page errors: {b['pageErrors']}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(jobs_dir, ignore_errors=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    all_server = results["queries"]["no filter (all)"]["server"]["median"]
    print(f"\ntarget (issue 6): search over 30,000 sessions answers in < 0.5 s — measured "
          f"{all_server:.2f} s (server, no filter); results in {(OUT / 'results.json').relative_to(REPO)}")


if __name__ == "__main__":
    main()

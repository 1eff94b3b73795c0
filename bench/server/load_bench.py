"""Load benchmark of the server extension (not a test): a real Jupyter server on 127.0.0.1 with
the bundled sample, then
  1. 50 concurrent searches, all different (nothing shared, nothing remembered),
  2. 50 concurrent identical searches,
  3. 8 concurrent conversions (the server's limit decides how many run at once),
printing p50/p95 latency, the peak number of ibl2nwb processes and their peak RSS, the p95 of a
cheap route (/status) during the load, and the size of GET /jobs.

Usage (the script takes /tmp/ibl-bench.lock itself, so benchmarks of several people do not run
at once; do not wrap it in `flock /tmp/ibl-bench.lock`: it would wait for its own lock):
    PYTHONPATH=$PWD .venv/bin/python bench/server/load_bench.py [--conversions 8] [--max-jobs 2]
        [--search-waves 3] [--settle 2]
Only loopback is used. The load average is printed before and after: the machine may be shared.
"""
from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil
from tornado.simple_httpclient import SimpleAsyncHTTPClient

REPO = Path(__file__).resolve().parents[2]
TOKEN = "load-bench-token"
EID = "949e5d42-ac82-42e6-a5d7-0de34bbc7bc1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, port: int, max_jobs: int) -> subprocess.Popen:
    config = root.parent / "bench_config.json"
    config.write_text(json.dumps({
        "ServerApp": {"jpserver_extensions": {"jupyterlab_ibl_nwb": True}},
        "IdentityProvider": {"token": TOKEN},
        "IblNwb": {"max_jobs": max_jobs, "jobs_dir": str(root.parent / "jobs")},
    }))
    env = {**os.environ, "PYTHONPATH": str(REPO), "JUPYTER_CONFIG_DIR": str(root.parent / "cfg")}
    (root.parent / "cfg").mkdir(exist_ok=True)
    shutil.copy(config, root.parent / "cfg" / "jupyter_server_config.json")
    return subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(root.parent / "server.log", "w"),
    )


class Probe:
    """Samples the server's ibl2nwb children: how many at once, their summed RSS."""

    def __init__(self, pid: int):
        self.server = psutil.Process(pid)
        self.peak_processes = 0
        self.peak_rss = 0
        self.running = True

    def sample(self) -> None:
        count = rss = 0
        for child in self.server.children(recursive=True):
            try:
                if any(part.endswith("ibl2nwb.mjs") for part in child.cmdline()):
                    count += 1
                    rss += child.memory_info().rss
            except (psutil.Error, OSError):
                pass
        self.peak_processes = max(self.peak_processes, count)
        self.peak_rss = max(self.peak_rss, rss)

    async def run(self) -> None:
        while self.running:
            self.sample()
            await asyncio.sleep(0.05)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def timed(client, url: str, **kwargs) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    response = await client.fetch(url, headers={"Authorization": f"token {TOKEN}"}, raise_error=False,
                                  request_timeout=600, **kwargs)
    return time.perf_counter() - start, response.code, response.body or b""


async def cheap_route(client, base: str, stop: asyncio.Event, latencies: list[float]) -> None:
    while not stop.is_set():
        seconds, _, _ = await timed(client, base + "status")
        latencies.append(seconds)
        await asyncio.sleep(0.01)  # often: a search wave lasts well under a second


async def phase(name: str, client, base: str, probe_pid: int, requests) -> None:
    probe = Probe(probe_pid)
    probing = asyncio.ensure_future(probe.run())
    stop = asyncio.Event()
    cheap: list[float] = []
    pinger = asyncio.ensure_future(cheap_route(client, base, stop, cheap))
    start = time.perf_counter()
    results = await asyncio.gather(*[timed(client, url, **kw) for url, kw in requests])
    wall = time.perf_counter() - start
    stop.set()
    await pinger
    probe.running = False
    await probing
    latencies = [r[0] for r in results]
    codes: dict[int, int] = {}
    for _, code, _ in results:
        codes[code] = codes.get(code, 0) + 1
    print(f"{name}: {len(results)} requests in {wall:.1f} s; status codes {codes}")
    print(f"  latency p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s")
    print(f"  peak ibl2nwb processes {probe.peak_processes}, peak RSS {probe.peak_rss / 2**20:.0f} MiB")
    print(f"  /status during load: p95 {percentile(cheap, 95) * 1000:.0f} ms over {len(cheap)} calls")
    return results


async def wait_jobs(client, base: str, ids: list[str], probe_pid: int) -> None:
    probe = Probe(probe_pid)
    stop = asyncio.Event()
    cheap: list[float] = []
    pinger = asyncio.ensure_future(cheap_route(client, base, stop, cheap))
    start = time.perf_counter()
    statuses: dict[str, str] = {}
    while len(statuses) < len(ids):
        probe.sample()
        for job_id in ids:
            if job_id not in statuses:
                _, _, body = await timed(client, base + f"jobs/{job_id}")
                job = json.loads(body)
                if job["status"] in ("done", "failed", "cancelled"):
                    statuses[job_id] = job["status"]
        await asyncio.sleep(0.2)
    stop.set()
    await pinger
    summary: dict[str, int] = {}
    for status in statuses.values():
        summary[status] = summary.get(status, 0) + 1
    print(f"conversions: {len(ids)} finished in {time.perf_counter() - start:.1f} s: {summary}")
    print(f"  peak ibl2nwb processes {probe.peak_processes}, peak RSS {probe.peak_rss / 2**20:.0f} MiB")
    print(f"  /status during conversions: p95 {percentile(cheap, 95) * 1000:.0f} ms over {len(cheap)} calls")
    _, _, listed = await timed(client, base + "jobs")
    print(f"  GET /jobs: {len(listed)} bytes for {json.loads(listed)['total']} jobs")


async def main(args) -> None:
    with tempfile.TemporaryDirectory(prefix="ibl-load-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        shutil.copytree(REPO / "demo" / "one-cache", root / "cache")
        port = free_port()
        server = start_server(root, port, args.max_jobs)
        base = f"http://127.0.0.1:{port}/jupyterlab-ibl-nwb/"
        client = SimpleAsyncHTTPClient(force_instance=True, max_clients=200)
        try:
            for _ in range(600):
                try:
                    if (await timed(client, base + "status"))[1] == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None:
                    raise SystemExit(f"the server did not start:\n{(root.parent / 'server.log').read_text()[-3000:]}")
                await asyncio.sleep(0.1)
            else:
                raise SystemExit("the server did not answer within 60 s")
            # A user opens the sidebar and types filters before the first search: the server's
            # search process (started with it) has that long to start.
            await asyncio.sleep(args.settle)
            # Wave 1 meets cold search processes (Node start, tables read); later waves (each
            # with its own filters, so nothing is shared or remembered) measure warm ones and
            # give the cheap route more samples.
            for wave in range(args.search_waves):
                different = [
                    (base + "search?" + urlencode({
                        "cache": "cache", "number": str(n % 5 + 1), "date_from": f"20{10 + n // 5:02d}-01-01",
                        **({"date_to": f"{2030 + wave}-12-31"} if wave else {}),
                    }), {})
                    for n in range(50)
                ]
                await phase(f"50 different searches (wave {wave + 1})", client, base, server.pid, different)
            same = [(base + "search?" + urlencode({"cache": "cache", "lab": "cortexlab"}), {})] * 50
            await phase("50 identical searches", client, base, server.pid, same)
            posts = [
                (base + "jobs", {"method": "POST", "body": json.dumps(
                    {"eid": EID, "cacheDir": "cache", "output": f"out/{k}.nwb"})})
                for k in range(args.conversions)
            ]
            results = await phase(f"{args.conversions} conversion requests", client, base, server.pid, posts)
            ids = [json.loads(body)["id"] for _, code, body in results if code == 201]
            await wait_jobs(client, base, ids, server.pid)
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversions", type=int, default=8)
    parser.add_argument("--max-jobs", type=int, default=2)
    parser.add_argument("--search-waves", type=int, default=3, help="rounds of 50 different searches")
    parser.add_argument("--settle", type=float, default=2.0,
                        help="seconds between the server's first answer and the first searches")
    options = parser.parse_args()
    with open("/tmp/ibl-bench.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # one benchmark at a time on this machine
        except BlockingIOError:
            print("waiting for /tmp/ibl-bench.lock (another benchmark is running)", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        print("load average %.2f %.2f %.2f (1, 5, 15 min)" % os.getloadavg(), flush=True)
        asyncio.run(main(options))
        print("load average %.2f %.2f %.2f (1, 5, 15 min)" % os.getloadavg(), flush=True)

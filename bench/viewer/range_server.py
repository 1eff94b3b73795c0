"""A small HTTP server for the remote viewer benchmark (not a test server for CI).

Serves the files under ROOT with `Range` requests (206 + Content-Range), adds a fixed latency to every
request (a remote link's round trip), allows cross-origin reads, and counts what it sent, so the
benchmark measures bytes and requests at the server whatever reader asked for them:

    python bench/viewer/range_server.py ROOT [--port 8931] [--latency-ms 20]

`GET /__stats` answers `{"requests": n, "bytes": n}` (without latency, not counted). Directories
(Zarr stores) are served file by file; a missing file is a 404, as object storage answers.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class Counters:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.bytes = 0

    def add(self, sent: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes += sent


def handler(root: Path, latency: float, counters: Counters) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: the benchmark prints its own numbers
            pass

        def cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Range")
            self.send_header("Access-Control-Expose-Headers", "Content-Range, Content-Length")

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self.cors()
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            path = unquote(urlparse(self.path).path)
            if path == "/__stats":
                body = json.dumps({"requests": counters.requests, "bytes": counters.bytes}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            time.sleep(latency)
            target = (root / path.lstrip("/")).resolve()
            if root not in target.parents and target != root or not target.is_file():
                counters.add(0)
                self.send_error(404)
                return
            size = target.stat().st_size
            match = RANGE.match(self.headers.get("Range", "").strip())
            start, end = 0, size
            status = 200
            if match and (match.group(1) or match.group(2)):
                if match.group(1):
                    start = int(match.group(1))
                    end = min(size, int(match.group(2)) + 1) if match.group(2) else size
                else:  # suffix range: the last N bytes
                    start = max(0, size - int(match.group(2)))
                if start >= size:
                    counters.add(0)
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
            self.send_response(status)
            self.cors()
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(end - start))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
            self.end_headers()
            with open(target, "rb") as f:
                f.seek(start)
                left = end - start
                while left > 0:
                    piece = f.read(min(left, 1 << 20))
                    if not piece:
                        break
                    self.wfile.write(piece)
                    left -= len(piece)
            counters.add(end - start)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    root = args.root.resolve()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(root, args.latency_ms / 1000, Counters()))
    print(json.dumps({"type": "listening", "port": server.server_address[1], "root": str(root)}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()

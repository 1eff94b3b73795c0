"""Bytes h5py reads to show an NWB file's tree, measured on a counting file object.

    python bench/viewer/h5py_bytes.py FILE.nwb

h5py opens any Python file object (`h5py.File(fileobj)`); the wrapper here counts the bytes and
calls of its `read`/`readinto`. Two steps, each on a fresh open:

1. `crawl`: what the viewer's tree step reads — every group listed, every object's attributes,
   every dataset's shape/dtype (h5py `visititems`), the cached specifications included;
2. `pynwb`: `NWBHDF5IO(file=h5py.File(fileobj)).read()`, what nwbwidgets' open step does.

Prints JSON: bytes, reads and the size histogram of the reads (how HDF5 reads metadata: many small
reads, at the offsets the file's layout puts them), to compare with the viewer's pages.
"""
from __future__ import annotations

import io
import json
import sys
import time
from collections import Counter

import h5py


class CountingFile(io.RawIOBase):
    def __init__(self, path: str) -> None:
        self.f = open(path, "rb")
        self.bytes = 0
        self.reads = 0
        self.sizes: Counter[str] = Counter()
        self.spans: list[tuple[int, int]] = []

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.f.seek(offset, whence)

    def tell(self) -> int:
        return self.f.tell()

    def readinto(self, buffer) -> int:
        at = self.f.tell()
        n = self.f.readinto(buffer)
        self.count(at, n)
        return n

    def read(self, size: int = -1) -> bytes:
        at = self.f.tell()
        data = self.f.read(size)
        self.count(at, len(data))
        return data

    def count(self, at: int, n: int) -> None:
        self.bytes += n
        self.reads += 1
        self.spans.append((at, at + n))
        bucket = 1 << max(0, (n - 1).bit_length())
        self.sizes[f"<={bucket}"] += 1

    def pages(self, page: int) -> int:
        """Distinct pages of `page` bytes the reads touched (what a page cache would fetch)."""
        touched = set()
        for a, b in self.spans:
            touched.update(range(a // page, (max(a, b - 1)) // page + 1))
        return len(touched)

    def close(self) -> None:
        self.f.close()
        super().close()


def crawl(f: h5py.File) -> int:
    objects = 0

    def visit(name: str, obj) -> None:
        nonlocal objects
        objects += 1
        for key in obj.attrs:
            try:
                obj.attrs[key]
            except (OSError, TypeError, ValueError):
                pass
        if isinstance(obj, h5py.Dataset):
            obj.shape, obj.dtype, obj.chunks

    for key in f.attrs:
        f.attrs[key]
    f.visititems(visit)
    return objects


def measure(path: str, step: str) -> dict:
    counting = CountingFile(path)
    start = time.perf_counter()
    with h5py.File(counting, "r") as f:
        if step == "crawl":
            detail = {"objects": crawl(f)}
        else:
            from pynwb import NWBHDF5IO

            with NWBHDF5IO(file=f, mode="r", load_namespaces=True) as nwb_io:
                nwb_io.read()
            detail = {}
    return {
        "step": step,
        "ms": round(1000 * (time.perf_counter() - start)),
        "bytes": counting.bytes,
        "reads": counting.reads,
        "pages4k": counting.pages(4096),
        "pages128k": counting.pages(128 * 1024),
        "readSizes": dict(sorted(counting.sizes.items(), key=lambda kv: int(kv[0][2:]))),
        **detail,
    }


def main() -> None:
    path = sys.argv[1]
    import os

    size = os.path.getsize(path)
    steps = [measure(path, "crawl"), measure(path, "pynwb")]
    for s in steps:
        s["percentOfFile"] = round(100 * s["bytes"] / size, 3)
    print(json.dumps({"file": path, "fileBytes": size, "steps": steps}, indent=2))


if __name__ == "__main__":
    main()

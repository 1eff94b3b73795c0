"""The reference raw AP pipeline that raw_bench.py times against ours: what a Python user of IBL data
does today to get a .cbin into NWB.

    .venv/bin/python bench/convert/raw_reference.py CBIN RAWIND_NPY OUT_H5 SCRATCH_DIR [--chunk-mb 10]

1. `mtscomp.decompress(cbin, ch, out=<SCRATCH>/x.bin)`: PyPI mtscomp's own decompression to a
   `.bin` on disk, with its defaults (one thread per CPU, `check_after_decompress=True`: the sha1
   of the written .bin against the .ch), as `mtsdecomp` and ibllib do.
2. An h5py write of the same int16 series our converter writes (samples x channels.rawInd
   columns) into one chunked dataset: gzip level 4 + shuffle, chunks of ~CHUNK_MB MB holding all
   channels (the IBL release's layout; neuroconv's own default would be ~10 MB of 64 channels),
   filled from a memmap of the .bin one buffer of 10 chunks at a time (neuroconv's iterative
   write, bounded memory). h5py's gzip runs on one thread (HDF5 has no parallel filter).
3. The .bin is deleted.
Prints one JSON line with the seconds of each step. Only HDF5 bytes are written, no NWB groups:
cheaper than pynwb/neuroconv, so the reference is, if anything, flattered.
"""
import argparse
import json
import os
import time
from pathlib import Path

import h5py
import mtscomp
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cbin", type=Path)
    parser.add_argument("rawind", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("scratch", type=Path)
    parser.add_argument("--chunk-mb", type=float, default=10.0)
    args = parser.parse_args()
    rawind = np.load(args.rawind).astype(np.int64)
    binary = args.scratch / (args.cbin.stem + ".bin")
    times = {}

    start = time.perf_counter()
    reader = mtscomp.decompress(args.cbin, args.cbin.with_suffix(".ch"), out=binary, overwrite=True)
    n_samples, n_channels = reader.shape
    dtype = reader.dtype
    reader.close()
    times["decompress"] = time.perf_counter() - start

    t = time.perf_counter()
    width = len(rawind)
    chunk_rows = max(1, min(n_samples, int(args.chunk_mb * 1e6 // (width * np.dtype(dtype).itemsize))))
    data = np.memmap(binary, dtype=dtype, mode="r", shape=(n_samples, n_channels))
    buffer_rows = chunk_rows * 10
    with h5py.File(args.out, "w") as f:
        ds = f.create_dataset("data", shape=(n_samples, width), dtype=dtype, chunks=(chunk_rows, width),
                              compression="gzip", compression_opts=4, shuffle=True)
        for a in range(0, n_samples, buffer_rows):
            b = min(n_samples, a + buffer_rows)
            ds[a:b] = data[a:b][:, rawind]
    del data
    times["write"] = time.perf_counter() - t
    t = time.perf_counter()
    os.unlink(binary)
    times["delete_bin"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start
    with h5py.File(args.out, "r") as f:
        ds = f["data"]
        stored = ds.id.get_storage_size()
        info = {"shape": list(ds.shape), "chunks": list(ds.chunks), "stored_bytes": stored,
                "compression": f"{ds.compression} {ds.compression_opts}{' +shuffle' if ds.shuffle else ''}"}
    print(json.dumps({"seconds": times, "bin_bytes": n_samples * n_channels * np.dtype(dtype).itemsize,
                      "mtscomp": mtscomp.__version__, "h5py": h5py.__version__, "hdf5": h5py.version.hdf5_version,
                      **info}))


if __name__ == "__main__":
    main()

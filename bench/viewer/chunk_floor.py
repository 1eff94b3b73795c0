"""The chunk floor of a spike raster window: what any reader of this HDF5 file must fetch.

    python bench/viewer/chunk_floor.py FILE.nwb --t0 0 --t1 10 [--units 0:100] [--table /units]

HDF5 reads a compressed chunk whole, so a window of spikes costs at least the chunks of `spike_times`
its spikes lie in. Per unit, numpy finds the window's index range in the unit's train
(`searchsorted`); a unit with no spike in the window still costs the chunk where the window would be
(a reader has to look there to see it is empty). The compressed sizes come from HDF5's chunk index
(`get_chunk_info`). Prints JSON: chunks, their bytes (`floorBytes`), and the same for the units'
whole trains and for all of `spike_times`, for comparison. Contiguous (unchunked) data has no chunk
floor: its floor is the window's own bytes.
"""
from __future__ import annotations

import argparse
import json

import h5py
import numpy as np


def chunk_floor(path: str, table: str, units: range, t0: float, t1: float) -> dict:
    with h5py.File(path, "r") as f:
        times = f[f"{table}/spike_times"]
        ends = f[f"{table}/spike_times_index"][:].astype(np.int64)
        starts = np.concatenate([[0], ends[:-1]])
        rows = times.chunks[0] if times.chunks else None
        sizes: dict[int, int] = {}
        if rows:
            for k in range(times.id.get_num_chunks()):
                info = times.id.get_chunk_info(k)
                sizes[info.chunk_offset[0] // rows] = info.size
        chunks: set[int] = set()
        whole: set[int] = set()
        window_bytes = 0
        spikes = 0
        for u in units:
            a, b = int(starts[u]), int(ends[u])
            if b <= a:
                continue
            train = times[a:b]
            i0 = a + int(np.searchsorted(train, t0, "left"))
            i1 = a + int(np.searchsorted(train, t1, "left"))
            spikes += i1 - i0
            window_bytes += (i1 - i0) * times.dtype.itemsize
            if rows:
                if i1 > i0:
                    chunks.update(range(i0 // rows, (i1 - 1) // rows + 1))
                else:
                    chunks.add(min(i0, b - 1) // rows)
                whole.update(range(a // rows, (b - 1) // rows + 1))
        total = times.id.get_storage_size()
        return {
            "file": path,
            "units": [units.start, units.stop],
            "window": [t0, t1],
            "spikes": spikes,
            "chunkRows": rows,
            "filters": [name for name in ("gzip", "shuffle", "lzf") if getattr(times, "compression", None) == name
                        or (name == "shuffle" and times.shuffle)],
            "chunks": len(chunks),
            "floorBytes": sum(sizes[c] for c in chunks) if rows else window_bytes,
            "wholeTrainsChunks": len(whole),
            "wholeTrainsBytes": sum(sizes[c] for c in whole) if rows else None,
            "spikeTimesBytes": total,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--t0", type=float, required=True)
    parser.add_argument("--t1", type=float, required=True)
    parser.add_argument("--units", default="0:100", help="first:stop unit rows")
    parser.add_argument("--table", default="/units")
    args = parser.parse_args()
    first, stop = (int(x) for x in args.units.split(":"))
    print(json.dumps(chunk_floor(args.file, args.table, range(first, stop), args.t0, args.t1)))


if __name__ == "__main__":
    main()

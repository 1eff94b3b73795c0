"""An mtscomp decoder written with zlib + numpy only, independent of our TypeScript reader:
the oracle for raw ephys."""
import json
import zlib
from pathlib import Path

import numpy as np


def decode_mtscomp(cbin: Path, ch: dict | None = None) -> np.ndarray:
    """All samples × channels of a `.cbin`, using its `.ch` header (read beside it if not given)."""
    ch = ch if ch is not None else json.loads(cbin.with_suffix(".ch").read_text())
    data = cbin.read_bytes()
    nc, rows = ch["n_channels"], []
    for k in range(len(ch["chunk_bounds"]) - 1):
        n = ch["chunk_bounds"][k + 1] - ch["chunk_bounds"][k]
        raw = zlib.decompress(data[ch["chunk_offsets"][k]:ch["chunk_offsets"][k + 1]])
        chunk = np.frombuffer(raw, dtype=np.int16).reshape((n, nc), order=ch["chunk_order"])
        if ch["do_spatial_diff"]:
            chunk = np.cumsum(chunk, axis=1, dtype=np.int16)
        if ch["do_time_diff"]:
            chunk = np.cumsum(chunk, axis=0, dtype=np.int16)
        rows.append(chunk)
    return np.ascontiguousarray(np.concatenate(rows))

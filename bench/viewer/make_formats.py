"""LINDI and Zarr copies of an NWB (HDF5) file for the remote benchmark's LINDI and Zarr rows.

    python bench/viewer/make_formats.py FILE.nwb [--lindi-url URL] [--zarr]

- `FILE.lindi.json` with the `lindi` package: the metadata as JSON, the chunks referenced in the
  original file by byte range. `--lindi-url` is where the original will be served (the range
  server's URL for it), so the references point there; by default the local path.
- `FILE.nwb.zarr` (with `--zarr`) with `hdmf-zarr`: the file exported to a Zarr store by
  `NWBZarrIO.export` (slow: every dataset is copied).

Existing copies are kept (delete them to remake).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def make_lindi(path: Path, url: str | None) -> Path:
    import lindi

    out = path.with_suffix(".lindi.json")
    if not out.exists():
        start = time.perf_counter()
        f = lindi.LindiH5pyFile.from_hdf5_file(url or str(path))
        f.write_lindi_file(str(out))
        f.close()
        print(f"{out}: {out.stat().st_size} bytes in {time.perf_counter() - start:.1f} s")
    return out


def make_zarr(path: Path) -> Path:
    from hdmf_zarr.nwb import NWBZarrIO
    from pynwb import NWBHDF5IO

    out = path.with_suffix(".nwb.zarr")
    if not out.exists():
        start = time.perf_counter()
        with NWBHDF5IO(str(path), "r") as source, NWBZarrIO(str(out), mode="w") as target:
            target.export(src_io=source, write_args=dict(link_data=False))
        print(f"{out}: written in {time.perf_counter() - start:.1f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--lindi-url")
    parser.add_argument("--zarr", action="store_true")
    args = parser.parse_args()
    make_lindi(args.file, args.lindi_url)
    if args.zarr:
        make_zarr(args.file)


if __name__ == "__main__":
    main()

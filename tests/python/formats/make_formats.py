"""Make the LINDI and Zarr copies of an NWB (HDF5) file with the formats' own writers.

- LINDI: `lindi.LindiH5pyFile.from_hdf5_file(...).write_lindi_file(...)`, with chunk URLs that
  name the HDF5 file by its file name (`https://example.org/files/<name>`): the readers resolve
  that name next to the index (tests) or fetch the URL (browser).
- Zarr: `hdmf_zarr.nwb.NWBZarrIO.export` of the file read by pynwb (hdmf-zarr's documented
  HDF5 -> Zarr conversion), then that store exported back to HDF5 with `NWBHDF5IO.export`.
  Export rewrites `nwb_version`, migrates types (the electrodes table) and gives objects of old
  files new `object_id`s, so the Zarr store is compared with the HDF5 file pynwb writes from the
  same containers: what differs then is the storage format alone.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import lindi
import numcodecs.pickles
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBHDF5IO

LINDI_BASE_URL = "https://example.org/files/"

# hdmf-zarr stores references and compound rows with numcodecs' Pickle codec, which refuses to
# decode unless allowed; the Zarr -> HDF5 export reads stores this module has just written.
numcodecs.pickles.ALLOW_UNSAFE_PICKLE_DECODE = True


def make_lindi(nwb: Path, out_dir: Path, suffix: str = ".lindi.json", opts=None) -> Path:
    """The LINDI index of `nwb`, in `out_dir`, beside a copy of the HDF5 file it references."""
    out_dir.mkdir(parents=True, exist_ok=True)
    local = out_dir / nwb.name
    if not local.exists():
        shutil.copyfile(nwb, local)
    out = out_dir / (nwb.stem + suffix)
    f = lindi.LindiH5pyFile.from_hdf5_file(
        str(local), url=LINDI_BASE_URL + nwb.name, zarr_store_opts=opts
    )
    try:
        f.write_lindi_file(str(out))
    finally:
        f.close()
    return out


def make_zarr(nwb: Path, out_dir: Path) -> tuple[Path, Path]:
    """(Zarr store, HDF5 export) of `nwb`, both written by pynwb's export."""
    out_dir.mkdir(parents=True, exist_ok=True)
    zarr_path = out_dir / (nwb.stem + ".nwb.zarr")
    h5_path = out_dir / (nwb.stem + ".export.nwb")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with NWBHDF5IO(str(nwb), "r") as src, NWBZarrIO(str(zarr_path), mode="w") as dst:
            dst.export(src_io=src, write_args=dict(link_data=False))
        with NWBZarrIO(str(zarr_path), "r") as src, NWBHDF5IO(str(h5_path), mode="w") as dst:
            dst.export(src_io=src, write_args=dict(link_data=False))
    return zarr_path, h5_path


if __name__ == "__main__":
    # python make_formats.py NWB OUT_DIR: a LINDI index whose chunk URLs are the HDF5 file's name
    # (relative to the index, as when both sit in one folder under the Jupyter root), and the
    # Zarr export. Used by the galata check.
    import sys

    source, folder = Path(sys.argv[1]), Path(sys.argv[2])
    LINDI_BASE_URL = ""
    make_lindi(source, folder)
    make_zarr(source, folder)

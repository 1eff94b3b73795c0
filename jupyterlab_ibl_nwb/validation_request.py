"""Check the file a validation is asked for: an HDF5 .nwb file inside the Jupyter root.

Refusals are RequestRefused with the HTTP status and a message that says what to send instead;
nothing outside the root is opened, not even to say that it does not exist.
"""
from __future__ import annotations

import os
from pathlib import Path

from .job_request import RequestRefused, inside_root

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def has_hdf5_signature(path: Path) -> bool:
    """HDF5's superblock signature at 0, or at 512, 1024, 2048, … (after a user block)."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        offset = 0
        while offset + len(HDF5_SIGNATURE) <= size:
            stream.seek(offset)
            if stream.read(len(HDF5_SIGNATURE)) == HDF5_SIGNATURE:
                return True
            offset = 512 if offset == 0 else offset * 2
    return False


def nwb_file(root: Path, value: object) -> Path:
    """The absolute path of the .nwb file `value` names (relative to `root`), or RequestRefused."""
    if not isinstance(value, str) or not value.strip():
        raise RequestRefused(400, "'path' is missing: send the .nwb file's path relative to the Jupyter root.")
    path = inside_root(root, value, "path", outside_status=403)
    shown = path.relative_to(root) if path != root else Path(".")
    if path.suffix.lower() != ".nwb":
        raise RequestRefused(400, f"{shown} is not an .nwb file: the NWB Inspector and dandi validate NWB files.")
    if path.is_dir():
        raise RequestRefused(
            400, f"{shown} is a folder (an NWB Zarr store?): only HDF5 .nwb files are validated here."
        )
    if not path.is_file():
        raise RequestRefused(404, f"No file {shown} under the Jupyter root: check the path.")
    if not os.access(path, os.R_OK):
        raise RequestRefused(403, f"The server may not read {shown}: check its permissions.")
    try:
        hdf5 = has_hdf5_signature(path)
    except OSError as error:
        raise RequestRefused(400, f"{shown} could not be read: {error.strerror or error}.") from None
    if not hdf5:
        raise RequestRefused(
            400, f"{shown} is not an HDF5 file (no HDF5 signature): it is damaged, still being written, or not NWB."
        )
    return path

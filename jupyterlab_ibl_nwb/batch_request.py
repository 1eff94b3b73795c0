"""Check the folder a batch status is asked for: a folder inside the Jupyter root, with no link
in it that leads out (`ibl2nwb batch status` reads its logs and lists its sub-* folders).

Refusals are RequestRefused with the HTTP status and a message that says what to send instead;
nothing outside the root is opened, not even to say that it does not exist.
"""
from __future__ import annotations

from pathlib import Path

from .job_request import RequestRefused, inside_root
from .paths import escaping_link


def batch_folder(root: Path, value: object) -> Path:
    """The absolute path of the batch output folder `value` names (relative to `root`)."""
    if not isinstance(value, str) or not value.strip():
        raise RequestRefused(400, "'path' is missing: send the batch's output folder relative to the Jupyter root.")
    path = inside_root(root, value, "path", outside_status=403)
    shown = path.relative_to(root) if path != root else Path(".")
    if not path.exists():
        raise RequestRefused(404, f"No folder {shown} under the Jupyter root: check the path.")
    if not path.is_dir():
        raise RequestRefused(400, f"{shown} is a file: send the folder a batch wrote into (its -o).")
    link = escaping_link(root, path, deep=False)
    if link is not None:
        raise RequestRefused(403, f"{link} is a link that leads outside the Jupyter root: the batch status does not follow it.")
    return path

"""Show an NWB object inline in a notebook with the viewer's views.

``NWBView("session.nwb", "/units")`` as the last expression of a cell renders
the JupyterLab NWB viewer in the output: the browser reads the file lazily
from the Jupyter server, so the kernel needs no NWB or HDF5 library.
"""
from __future__ import annotations

import os
from pathlib import PurePath

MIME_TYPE = "application/x-nwb-view+json"


class NWBView:
    """An NWB file, opened on one object (``/`` for the session overview).

    ``path`` is relative to the notebook's folder (the kernel's working
    directory) or absolute; the JupyterLab extension resolves it to the
    server file.
    """

    def __init__(self, path: str | os.PathLike, object_path: str = "/"):
        self.path = _output_path(os.fspath(path))
        if not isinstance(object_path, str):
            raise TypeError(f"object_path must be a str, not {type(object_path).__name__}")
        self.object_path = object_path if object_path.startswith("/") else f"/{object_path}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"path": self.path, "object_path": self.object_path}
        return {
            MIME_TYPE: data,
            "text/plain": repr(self),
        }

    def __repr__(self) -> str:
        return f"NWBView({self.path!r}, {self.object_path!r})"


def _output_path(path: str) -> str:
    """Posix separators; an absolute path inside the working directory becomes relative to it."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path, os.getcwd())
        except ValueError:  # another drive on Windows
            relative = None
        if relative is not None and not relative.startswith(".."):
            path = relative
    return PurePath(path).as_posix()

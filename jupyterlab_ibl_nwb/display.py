"""Show an NWB object inline in a notebook with the viewer's views.

``NWBView("session.nwb", "/units")`` as the last expression of a cell renders
the JupyterLab NWB viewer in the output: the browser reads the file lazily
from the Jupyter server, so the kernel needs no NWB or HDF5 library.
``NWBView("https://…/x.nwb")`` reads a URL the same way (through the Jupyter
server when the browser may not read it directly), and
``NWBView(dandiset="000409", path="sub-…/….nwb", version="draft")`` an asset of
a DANDI dandiset, resolved by the lab against the configured DANDI API.
``view="psth"`` opens one of the object's views instead of its first (by the
view's id or its tab's label, e.g. ``"PSTH"`` or ``"Raster"``).
"""
from __future__ import annotations

import os
import re
from pathlib import PurePath, PurePosixPath

MIME_TYPE = "application/x-nwb-view+json"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_VERSION = re.compile(r"^(draft|\d+\.\d{6}\.\d{4})$")
_VIEW = re.compile(r"^[\w][\w .()/+-]{0,63}$")


class NWBView:
    """An NWB file, opened on one object (``/`` for the session overview).

    ``path`` is relative to the notebook's folder (the kernel's working
    directory) or absolute, or an ``http(s)://`` URL; with ``dandiset=`` it is
    the asset's path inside that dandiset (``version`` default: the newest
    published version, else the draft; ``api_url`` default: the lab's
    "DANDI API base URL" setting). ``view`` picks the view shown first, by id
    or tab label (default: the object's first view); the viewer lists the
    object's views if it has no such view.
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        object_path: str = "/",
        *,
        dandiset: str | int | None = None,
        version: str | None = None,
        api_url: str | None = None,
        view: str | None = None,
    ):
        if view is not None and (not isinstance(view, str) or not _VIEW.match(view.strip())):
            raise ValueError(f"view must be a view's id or tab label, like 'psth' or 'Raster', not {view!r}")
        self.view = view.strip() if view is not None else None
        if not isinstance(object_path, str):
            raise TypeError(f"object_path must be a str, not {type(object_path).__name__}")
        self.object_path = object_path if object_path.startswith("/") else f"/{object_path}"
        self.url: str | None = None
        self.dandiset: str | None = None
        self.version = version
        self.api_url = api_url
        if dandiset is not None:
            self.dandiset = _dandiset_id(dandiset)
            self.path = _asset_path(path)
            if version is not None and not _VERSION.match(str(version)):
                raise ValueError(f"version must be 'draft' or a published version like '0.230515.1700', not {version!r}")
            if api_url is not None and not re.match(r"^https?://", str(api_url)):
                raise ValueError(f"api_url must be an http(s) URL, not {api_url!r}")
        elif version is not None or api_url is not None:
            raise TypeError("version= and api_url= go with dandiset=: NWBView(dandiset='000409', path='sub-…/….nwb')")
        elif path is None:
            raise TypeError("Give the file: NWBView('x.nwb'), NWBView('https://…'), or NWBView(dandiset=…, path=…)")
        elif isinstance(path, str) and _SCHEME.match(path.strip()):
            url = path.strip()
            if not re.match(r"^https?://", url, re.IGNORECASE):
                raise ValueError(f"Only http(s) URLs can be read, not {url!r}")
            # Kept as given: a URL is not a file path (PurePath would fold its '//').
            self.url = url
            self.path = url
        else:
            self.path = _output_path(os.fspath(path))

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.dandiset is not None:
            data = {"dandiset": self.dandiset, "path": self.path}
            if self.version is not None:
                data["version"] = self.version
            if self.api_url is not None:
                data["api_url"] = self.api_url
        elif self.url is not None:
            data = {"url": self.url}
        else:
            data = {"path": self.path}
        if self.view is not None:
            data["view"] = self.view
        return {
            MIME_TYPE: {**data, "object_path": self.object_path},
            "text/plain": repr(self),
        }

    def __repr__(self) -> str:
        view = f", view={self.view!r}" if self.view is not None else ""
        if self.dandiset is not None:
            extra = "".join(f", {k}={v!r}" for k, v in (("version", self.version), ("api_url", self.api_url)) if v)
            return f"NWBView(dandiset={self.dandiset!r}, path={self.path!r}{extra}, object_path={self.object_path!r}{view})"
        return f"NWBView({self.path!r}, {self.object_path!r}{view})"


def _dandiset_id(dandiset: str | int) -> str:
    text = f"{dandiset:06d}" if isinstance(dandiset, int) and not isinstance(dandiset, bool) else str(dandiset)
    text = re.sub(r"^DANDI:", "", text.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"\d{6}", text):
        raise ValueError(f"dandiset must be a 6-digit DANDI id like '000409', not {dandiset!r}")
    return text


def _asset_path(path: object) -> str:
    if not isinstance(path, str) or not path.strip("/ "):
        raise TypeError("With dandiset=, give path= the asset's path in the dandiset, e.g. 'sub-…/sub-…_ecephys.nwb'")
    text = path.strip().strip("/")
    if any(part in ("", ".", "..") for part in PurePosixPath(text).parts) or "//" in text:
        raise ValueError(f"{path!r} is not an asset path (no '.', '..' or empty parts)")
    return text


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

"""GET /zarr-metadata?path=FOLDER: the metadata of a Zarr store under the Jupyter root, for the viewer.

Zarr keeps its metadata in dotfiles (`.zmetadata`, `.zgroup`, `.zarray`, `.zattrs`), and Jupyter's
`/files/` refuses hidden files (ContentsManager.allow_hidden is False by default), so the viewer's
worker cannot fetch them there; chunk files have plain names and are read through `/files/`.
The answer is Zarr v2 consolidated metadata: the store's `.zmetadata` when it has one (hdmf-zarr
writes it by default), else the same document gathered from the folder's metadata files.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .paths import PathOutsideRoot, WALK_LIMIT, resolve_inside

METADATA_FILES = (".zgroup", ".zarray", ".zattrs")


class TooBig(ValueError):
    """A folder too big to gather metadata from by walking it."""


def store_metadata(folder: Path) -> dict:
    """Consolidated metadata of the Zarr v2 store `folder` (its .zmetadata, or gathered)."""
    consolidated = folder / ".zmetadata"
    if consolidated.is_file():
        return json.loads(consolidated.read_text("utf-8"))
    if not (folder / ".zgroup").is_file() and not (folder / ".zarray").is_file():
        raise FileNotFoundError(f"{folder.name} is not a Zarr v2 store: it has no .zgroup or .zarray")
    metadata: dict = {}
    seen = 0
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        seen += len(files) + len(dirs)
        if seen > WALK_LIMIT:
            raise TooBig(f"{folder.name} has more than {WALK_LIMIT} entries; consolidate its metadata")
        relative = Path(here).relative_to(folder).as_posix()
        for name in METADATA_FILES:
            if name in files:
                key = name if relative == "." else f"{relative}/{name}"
                metadata[key] = json.loads((Path(here) / name).read_text("utf-8"))
    return {"metadata": metadata, "zarr_consolidated_format": 1}


class ZarrMetadataHandler(APIHandler):
    @tornado.web.authenticated
    def get(self):
        relative = self.get_query_argument("path", "")
        root = self.settings.get("server_root_dir", ".")
        try:
            folder = resolve_inside(Path(root).expanduser(), relative)
            if not folder.is_dir():
                raise FileNotFoundError(f"{relative} is not a folder under the Jupyter root")
            answer = store_metadata(folder)
        except PathOutsideRoot as error:
            return self._fail(403, str(error))
        except FileNotFoundError as error:
            return self._fail(404, str(error))
        except (TooBig, ValueError, OSError) as error:
            return self._fail(422, f"{relative}: {error}")
        self.finish(json.dumps(answer, allow_nan=True))

    def _fail(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish(json.dumps({"message": message}))


def zarr_metadata_routes(base: str) -> list:
    return [(url_path_join(base, "zarr-metadata"), ZarrMetadataHandler)]

"""Helpers of the format oracles: build the copies, run the TypeScript dump, read h5py."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SAMPLES = REPO.parent / "shared" / "nwb-samples"
TSX = REPO / "node_modules" / ".bin" / "tsx"


def run_dump(paths: list[Path]) -> dict:
    """`dump_source.ts` over every path in one Node process: {str(path): dump}."""
    # zarrita is ESM-only ("import" condition only); tsx loads our sources as CommonJS, and
    # Node >= 20.19 can require() an ES module once resolution accepts the "import" condition.
    env = dict(os.environ, NODE_OPTIONS="--conditions=import")
    out = subprocess.run(
        [str(TSX), str(HERE / "dump_source.ts"), *map(str, paths)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True, env=env,
    )
    return json.loads(out.stdout)


def h5py_objects(path: Path) -> dict[str, dict]:
    """Every link of the file as h5py sees it: kind, soft-link target, shape, attribute names."""
    found: dict[str, dict] = {}
    with h5py.File(path, "r") as f:
        def visit(group: h5py.Group) -> None:
            for name in group:
                full = f"{group.name.rstrip('/')}/{name}"
                link = group.get(name, getlink=True)
                if isinstance(link, h5py.SoftLink):
                    found[full] = {"softLink": link.path}
                    continue
                if isinstance(link, h5py.ExternalLink):
                    found[full] = {"externalLink": link.path}
                    continue
                obj = group[name]
                item = {"attrs": sorted(obj.attrs.keys())}
                if isinstance(obj, h5py.Group):
                    item["kind"] = "group"
                    found[full] = item
                    visit(obj)
                else:
                    item.update(kind="dataset", shape=list(obj.shape) if obj.shape is not None else None)
                    found[full] = item
        found["/"] = {"kind": "group", "attrs": sorted(f.attrs.keys())}
        visit(f)
    return found


def h5py_value(path: Path, name: str):
    """A whole dataset as JSON-like values (strings decoded, references as target paths)."""
    with h5py.File(path, "r") as f:
        ds = f[name]
        value = ds[()]
        return jsonish(value, f)


def jsonish(value, f: h5py.File):
    if isinstance(value, h5py.Reference):
        return {"reference": f[value].name if value else None}
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.void):
        return [jsonish(v, f) for v in value.tolist()] if value.dtype.names is None else [
            jsonish(value[n], f) for n in value.dtype.names]
    if isinstance(value, np.ndarray):
        if value.dtype.names:
            return [[jsonish(row[n], f) for n in value.dtype.names] for row in value.reshape(-1)]
        return [jsonish(v, f) for v in value.reshape(-1).tolist()] if value.dtype.kind in "OSUV" else \
            value.reshape(-1).tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value

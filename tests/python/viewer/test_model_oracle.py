"""The viewer's NWB model (TypeScript, h5wasm) against h5py and hdmf on every sample file.

`list_objects.ts` runs the model over all files once; each test compares one aspect of
one file with what h5py reads (objects, counts, overview fields) or what hdmf resolves
from the file's cached specifications (type ancestry).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import h5py
import numpy as np
import pytest
from hdmf.backends.hdf5 import HDF5IO
from hdmf.spec import NamespaceCatalog
from pynwb import get_type_map
from pynwb.spec import NWBDatasetSpec, NWBGroupSpec, NWBNamespace

from viewer_oracles import SAMPLES, run_bridge, sample_id, text


@pytest.fixture(scope="module")
def model() -> dict:
    """What the TypeScript model reports for each sample file."""
    return run_bridge("list_objects.ts")


def h5py_objects(path: Path) -> list[tuple[str, str, str | None]]:
    """Every hard-linked object with a neurodata_type, /specifications excluded."""
    found = []

    def visit(group: h5py.Group) -> None:
        for name in group:
            if group.name == "/" and name == "specifications":
                continue
            if not isinstance(group.get(name, getlink=True), h5py.HardLink):
                continue
            obj = group[name]
            kind = obj.attrs.get("neurodata_type", obj.attrs.get("data_type"))
            if kind is not None:
                found.append((obj.name, text(kind), text(obj.attrs.get("namespace"))))
            if isinstance(obj, h5py.Group):
                visit(obj)

    with h5py.File(path, "r") as f:
        root = f.attrs.get("neurodata_type")
        if root is not None:
            found.append(("/", text(root), text(f.attrs.get("namespace"))))
        visit(f)
    return found


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_objects_match_h5py(model, path):
    result = model[str(path)]
    assert "error" not in result, result.get("error")
    ours = sorted((o["path"], o["type"], o["namespace"]) for o in result["objects"])
    assert ours == sorted(h5py_objects(path))
    assert result["counts"] == dict(Counter(t for _, t, _ in h5py_objects(path)))


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_overview_matches_h5py(model, path):
    overview = model[str(path)]["overview"]
    with h5py.File(path, "r") as f:
        assert overview.get("nwbVersion") == text(f.attrs.get("nwb_version"))
        for key, name in [
            ("identifier", "identifier"),
            ("sessionDescription", "session_description"),
            ("sessionStartTime", "session_start_time"),
        ]:
            expected = text(f[name][()]) if name in f else None
            assert overview.get(key) == expected, name
        # An external link (MatNWB link_test) points into another file: not followed.
        link = f["general"].get("subject", getlink=True) if "general" in f else None
        subject = f["general/subject"] if isinstance(link, h5py.HardLink) else None
        expected_subject = {}
        if subject is not None:
            for name, obj in subject.items():
                if isinstance(obj, h5py.Dataset) and obj.size <= 64:
                    value = text(obj[()])
                    if value:
                        expected_subject[name] = value
        for name, value in expected_subject.items():
            assert overview["subject"].get(name) == value, name
        devices = sorted(f["general/devices"]) if "general/devices" in f else []
        assert sorted(d["name"] for d in overview["devices"]) == devices


def hierarchy_oracle(path: Path):
    """hdmf's type hierarchy from the file's cached specs, else pynwb's built-in ones."""
    catalog = NamespaceCatalog(NWBGroupSpec, NWBDatasetSpec, NWBNamespace)
    with h5py.File(path, "r") as f:
        cached = "specifications" in f
    if cached:
        HDF5IO.load_namespaces(catalog, str(path))
    else:
        catalog = get_type_map().namespace_catalog

    def hierarchy(kind: str, namespace: str | None) -> list[str] | None:
        for ns in [namespace, "core", "hdmf-common", "hdmf-experimental"]:
            if ns in catalog.namespaces:
                try:
                    return list(catalog.get_hierarchy(ns, kind))
                except (KeyError, ValueError):
                    continue
        return None

    return hierarchy


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_ancestry_matches_hdmf(model, path):
    hierarchy = hierarchy_oracle(path)
    for obj in model[str(path)]["objects"]:
        expected = hierarchy(obj["type"], obj["namespace"])
        if expected is None:
            # Neither the cache nor pynwb knows the type: it must stand alone.
            expected = [obj["type"]]
        assert obj["ancestry"] == expected, obj["path"]

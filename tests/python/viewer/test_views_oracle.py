"""What the viewer's views would show (TypeScript, h5wasm) against h5py on every sample file.

`dump_views.ts` picks each typed object's default view and reads what that view reads:
the first page of every table, the first 50 samples of every TimeSeries. Here h5py reads
the same rows and samples and applies NWB's rules (colnames order, ragged `_index`
columns, conversion/offset, rate or timestamps) independently.
"""
from __future__ import annotations

import math

import h5py
import numpy as np
import pytest

from viewer_oracles import SAMPLES, run_bridge, sample_id, text

PAGE = 20
SAMPLES_READ = 50


@pytest.fixture(scope="module")
def views() -> dict:
    return run_bridge("dump_views.ts")


def ancestry_has(obj: h5py.HLObject, *names: str) -> bool:
    return text(obj.attrs.get("neurodata_type")) in names


def cell_items(cell: str) -> list[str]:
    """Split a formatted ragged cell `[a, b]` (or a lone `a`) into its items."""
    if cell.startswith("[") and cell.endswith("]"):
        inner = cell[1:-1]
        return [s for s in inner.split(", ")] if inner else []
    return [cell]


def same_number(shown: str, value) -> bool:
    value = float(value)
    if math.isnan(value):
        return shown == "NaN"
    return math.isclose(float(shown), value, rel_tol=1e-6, abs_tol=1e-9)


def check_cell(shown: str, expected) -> None:
    if isinstance(expected, (bytes, str)):
        assert shown == text(expected)
    elif np.issubdtype(np.asarray(expected).dtype, np.number) and np.ndim(expected) == 0:
        assert same_number(shown, expected), (shown, expected)


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_every_object_has_a_view_that_reads(views, path):
    result = views[str(path)]
    assert "error" not in result, result.get("error")
    for obj_path, entry in result["objects"].items():
        assert "error" not in entry, f"{obj_path}: {entry['error']}"
        assert entry["views"], obj_path
        # Every object offers the raw inspector besides its default view.
        assert "inspect" in entry["views"] or entry["views"][0] == "fallback", obj_path


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_table_pages_match_h5py(views, path):
    objects = views[str(path)]["objects"]
    with h5py.File(path, "r") as f:
        for obj_path, entry in objects.items():
            if "table" not in entry:
                continue
            table, group = entry["table"], f[obj_path]
            colnames = [text(c) for c in np.atleast_1d(group.attrs.get("colnames", []))]
            assert table["columns"][: len([c for c in colnames if c in group])] == [c for c in colnames if c in group]
            if "id" in group:
                assert table["rows"] == len(group["id"])
                assert [int(x) for x in table["ids"]] == list(group["id"][:PAGE])
            for c, name in enumerate(table["columns"]):
                column = group[name]
                if not isinstance(column, h5py.Dataset) or column.dtype.kind not in "fiuSO":
                    continue
                index = group.get(f"{name}_index")
                for r, row in enumerate(table["cells"]):
                    shown = row[c]
                    if index is None and column.ndim == 1:
                        check_cell(shown, column[r])
                    elif index is not None and index.dtype.kind not in "iu":
                        # MatNWB 2018 region-reference indices are flagged, not guessed at.
                        assert shown == "(index of region references: not shown)"
                    elif index is not None and f"{name}_index_index" not in group and column.ndim == 1:
                        start = 0 if r == 0 else int(index[r - 1])
                        values = column[start:int(index[r])]
                        if len(values) == 1:
                            check_cell(shown, values[0])
                            continue
                        items = cell_items(shown)
                        assert len(items) == min(len(values), 6) + (len(values) > 6), (obj_path, name, r)
                        for item, value in zip(items, values[:6]):
                            check_cell(item, value)


def expected_times(group: h5py.Group, n: int) -> np.ndarray | None:
    if "starting_time" in group and "rate" in group["starting_time"].attrs:
        # AqNWB writes starting_time as a 1-element array rather than a scalar.
        start = float(np.asarray(group["starting_time"][()]).reshape(-1)[0])
        start = 0.0 if math.isnan(start) else start
        return start + np.arange(n) / float(group["starting_time"].attrs["rate"])
    if "timestamps" in group:
        return np.asarray(group["timestamps"][:n], dtype=float)
    return None


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_series_windows_match_h5py(views, path):
    objects = views[str(path)]["objects"]
    with h5py.File(path, "r") as f:
        for obj_path, entry in objects.items():
            group = f[obj_path] if obj_path in f else None
            if "reason" in entry:
                data = group.get("data") if group is not None else None
                # A plot is refused only when h5py agrees there is nothing to plot as lines.
                assert data is None or data.ndim not in (1, 2) or data.dtype.kind not in "fiu" or data.shape[0] == 0, obj_path
                continue
            if "series" not in entry:
                continue
            series, data = entry["series"], group["data"]
            n = min(SAMPLES_READ, data.shape[0])
            assert series["samples"] == n, obj_path
            conversion = float(data.attrs.get("conversion", 1.0))
            offset = float(data.attrs.get("offset", 0.0))
            times = expected_times(group, n)
            for trace in series["traces"]:
                raw = data[:n] if data.ndim == 1 else data[:n, trace["channel"]]
                expected = raw.astype(float) * conversion + offset
                np.testing.assert_allclose(trace["value"], expected, rtol=1e-6, err_msg=obj_path)
                if times is not None:
                    np.testing.assert_allclose(trace["time"], times, rtol=1e-9, err_msg=obj_path)
                else:
                    assert trace["time"] == list(range(n))

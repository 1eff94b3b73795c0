"""Property test: seeded random tables and series round-trip exactly through pynwb."""
import base64
import json

import numpy as np
import pytest

from nwb_oracles import assert_valid, read_strict, run_writer

DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"]
# Unicode from several planes, combining marks, trailing/leading spaces, empty strings.
ALPHABET = list("abcXYZ 09_-/.,éüßλЖ中文日本語🙂🧠\u0301\t")


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()).decode()


def random_values(rng, dtype: str, shape) -> np.ndarray:
    dt = np.dtype(dtype)
    if dt.kind == "f":
        a = rng.normal(0, 1e3, size=shape).astype(dt)
        special = np.array([np.nan, np.inf, -np.inf, -0.0, np.finfo(dt).tiny, np.finfo(dt).max], dtype=dt)
        flat = a.reshape(-1)
        if flat.size:
            idx = rng.integers(0, flat.size, size=min(flat.size, 4))
            flat[idx] = rng.choice(special, size=idx.size)
        return a
    info = np.iinfo(dt)
    return rng.integers(info.min, info.max, size=shape, dtype=dt, endpoint=True)


def random_text(rng) -> str:
    return "".join(rng.choice(ALPHABET, size=rng.integers(0, 12)))


def random_lengths(rng, rows: int) -> list[int]:
    lengths = rng.integers(0, 5, size=rows)
    lengths[rng.random(rows) < 0.3] = 0  # many empty rows
    return [int(n) for n in lengths]


def make_spec(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    tables, series = [], []
    for t in range(6):
        rows = int(rng.choice([0, 1, 2, 7, 31])) if t else 0
        columns = []
        for c in range(int(rng.integers(1, 6))):
            kind = rng.choice(["numeric", "numeric2d", "text", "ragged", "raggedText"])
            name = f"c{c}_{kind}"
            dtype = str(rng.choice(DTYPES))
            if kind in ("numeric", "numeric2d"):
                shape = [rows] if kind == "numeric" else [rows, int(rng.integers(1, 4))]
                columns.append({"name": name, "kind": "numeric", "dtype": dtype, "shape": shape,
                                "b64": b64(random_values(rng, dtype, shape)), "_values": random_values})
            elif kind == "text":
                columns.append({"name": name, "kind": "text", "text": [random_text(rng) for _ in range(rows)]})
            elif kind == "ragged":
                lengths = random_lengths(rng, rows)
                columns.append({"name": name, "kind": "ragged", "dtype": dtype, "lengths": lengths,
                                "b64": b64(random_values(rng, dtype, [sum(lengths)]))})
            else:
                rows_text = [[random_text(rng) for _ in range(n)] for n in random_lengths(rng, rows)]
                columns.append({"name": name, "kind": "raggedText", "rows": rows_text})
        ids = sorted(rng.choice(10_000, size=rows, replace=False).tolist())
        for col in columns:
            col.pop("_values", None)
        tables.append({"name": f"table{t}", "ids": ids, "columns": columns})
    for s in range(4):
        dtype = str(rng.choice(DTYPES))
        shape = [int(rng.integers(1, 50))] + ([int(rng.integers(1, 5))] if s % 2 else [])
        entry = {"name": f"series{s}", "dtype": dtype, "shape": shape, "b64": b64(random_values(rng, dtype, shape))}
        if s < 2:
            entry["timestamps"] = b64(np.cumsum(rng.random(shape[0]) + 0.001))
        else:
            entry.update(rate=float(rng.choice([30.0, 1000.0, 29.97])), start=float(rng.random()))
        series.append(entry)
    return {"tables": tables, "series": series}


def decode(entry: dict, key: str = "b64", dtype: str | None = None) -> np.ndarray:
    return np.frombuffer(base64.b64decode(entry[key]), dtype=np.dtype(dtype or entry["dtype"]).newbyteorder("<"))


def assert_exact(actual, expected: np.ndarray) -> None:
    actual = np.asarray(actual)
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    assert actual.tobytes() == expected.astype(expected.dtype.newbyteorder("=")).tobytes()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_round_trip(tmp_path, seed):
    spec = make_spec(seed)
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    out = tmp_path / "out"
    out.mkdir()
    proc = run_writer("random", out, str(tmp_path / "spec.json"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    path = out / "random.nwb"
    with read_strict(path) as nwb:
        module = nwb.processing["random"]
        for t in spec["tables"]:
            table = module[t["name"]]
            assert list(table.id[:]) == t["ids"]
            assert list(table.colnames) == [c["name"] for c in t["columns"]]
            for c in t["columns"]:
                col = table[c["name"]]
                if c["kind"] == "numeric":
                    assert_exact(col.data[:], decode(c).reshape(c["shape"]))
                elif c["kind"] == "text":
                    assert list(col.data[:]) == c["text"]
                elif c["kind"] == "ragged":
                    flat = decode(c)
                    ends = np.cumsum(c["lengths"]).astype(int)
                    assert col.data.dtype.kind == "u"  # VectorIndex is unsigned
                    for i, end in enumerate(ends):
                        assert_exact(col[i], flat[end - c["lengths"][i]:end])
                else:
                    assert [list(col[i]) for i in range(len(c["rows"]))] == c["rows"]
        for s in spec["series"]:
            ts = nwb.acquisition[s["name"]]
            assert_exact(ts.data[:], decode(s).reshape(s["shape"]))
            if "timestamps" in s:
                assert_exact(ts.timestamps[:], decode(s, "timestamps", "float64"))
            else:
                assert (ts.rate, ts.starting_time) == (s["rate"], s["start"])
    assert_valid(path)

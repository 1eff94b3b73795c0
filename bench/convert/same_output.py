"""Check (not a benchmark): two NWB files hold the same objects, dataset by dataset.

    .venv/bin/python bench/convert/same_output.py BEFORE.nwb AFTER.nwb

For a change meant to make the converter faster without changing what it writes: run the
benchmark session (run_bench.py's OUT/bench-cache) through the CLI before and after, then
compare. Every group, dataset and attribute must be present in both, and each dataset must
have the same dtype, shape, maxshape, chunk shape, filters (compression and its options,
shuffle, fletcher32, scale-offset), fill value and values (NaN equal to NaN; object
references compared by the path they point to). Not compared, because every run makes them
new: the values of `object_id` attributes (present in both is required) and of
`file_create_date`. Exits 1 listing the differences.

What it does not compare: where HDF5 put things in the file and the compressed bytes of
each chunk (the chunks are appended by the deflate workers in the order they finish, so
two runs of the same code already differ there).
"""
import argparse
import sys

import h5py
import numpy as np


# Made new by every run: each object's UUID (pynwb does the same).
RANDOM_ATTRIBUTES = {"object_id"}
# Datasets that record when the file was written.
RUN_DATASETS = {"file_create_date"}


def filters(ds: h5py.Dataset) -> dict:
    return {
        "dtype": ds.dtype,
        "shape": ds.shape,
        "maxshape": ds.maxshape,
        "chunks": ds.chunks,
        "compression": ds.compression,
        "compression_opts": ds.compression_opts,
        "shuffle": ds.shuffle,
        "fletcher32": ds.fletcher32,
        "scaleoffset": ds.scaleoffset,
        "fillvalue": ds.fillvalue,
    }


def resolved(f: h5py.File, values):
    """Object references as the paths they point to (addresses differ between files)."""
    flat = np.asarray(values).ravel()
    return [f[r].name if r else None for r in flat]


def same_values(fa: h5py.File, a, fb: h5py.File, b) -> bool:
    if isinstance(a, np.ndarray) and a.dtype.kind == "O" and h5py.check_dtype(ref=a.dtype):
        return resolved(fa, a) == resolved(fb, b)
    if isinstance(a, h5py.Reference):
        return fa[a].name == fb[b].name
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    if a.dtype.names:
        return all(same_values(fa, a[n], fb, b[n]) for n in a.dtype.names)
    if a.dtype.kind == "O":
        return [resolved_item(fa, x) for x in a.ravel()] == [resolved_item(fb, x) for x in b.ravel()]
    return bool(np.array_equal(a, b))


def resolved_item(f: h5py.File, x):
    return f[x].name if isinstance(x, h5py.Reference) else x


def compare_attrs(fa, a, fb, b, where: str, problems: list[str]) -> None:
    names_a, names_b = set(a.attrs), set(b.attrs)
    for name in sorted(names_a ^ names_b):
        problems.append(f"{where}: attribute {name} only in {'before' if name in names_a else 'after'}")
    for name in sorted(names_a & names_b):
        if name in RANDOM_ATTRIBUTES:
            continue
        if not same_values(fa, a.attrs[name], fb, b.attrs[name]):
            problems.append(f"{where}: attribute {name} differs: {a.attrs[name]!r} vs {b.attrs[name]!r}")


def compare(before: str, after: str) -> list[str]:
    problems: list[str] = []
    with h5py.File(before, "r") as fa, h5py.File(after, "r") as fb:
        paths_a: dict[str, str] = {}
        paths_b: dict[str, str] = {}
        # visititems stops at the first callback that returns something: return None.
        fa.visititems(lambda name, obj: paths_a.update({name: type(obj).__name__}))
        fb.visititems(lambda name, obj: paths_b.update({name: type(obj).__name__}))
        compare_attrs(fa, fa, fb, fb, "/", problems)
        for name in sorted(set(paths_a) ^ set(paths_b)):
            problems.append(f"/{name}: only in {'before' if name in paths_a else 'after'}")
        datasets = 0
        for name in sorted(set(paths_a) & set(paths_b)):
            a, b = fa[name], fb[name]
            if type(a) is not type(b):
                problems.append(f"/{name}: {type(a).__name__} vs {type(b).__name__}")
                continue
            compare_attrs(fa, a, fb, b, f"/{name}", problems)
            if not isinstance(a, h5py.Dataset):
                continue
            datasets += 1
            fa_, fb_ = filters(a), filters(b)
            for key in fa_:
                if fa_[key] != fb_[key]:
                    problems.append(f"/{name}: {key} {fa_[key]} vs {fb_[key]}")
            if name in RUN_DATASETS:
                continue
            if fa_["shape"] == fb_["shape"] and fa_["dtype"] == fb_["dtype"]:
                if not same_values(fa, a[()], fb, b[()]):
                    problems.append(f"/{name}: values differ")
        print(f"compared {len(paths_a)} objects, {datasets} datasets")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    problems = compare(args.before, args.after)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("same objects, attributes, storage and values")


if __name__ == "__main__":
    main()

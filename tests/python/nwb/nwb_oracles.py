"""Oracles for files written by the TypeScript NWB writer: pynwb, its validator, nwbinspector, h5py."""
from __future__ import annotations

import contextlib
import json
import subprocess
import warnings
from pathlib import Path

import h5py
import pynwb
from nwbinspector import Importance, inspect_nwbfile

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"


def run_writer(script: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs tests/python/nwb/write_<script>.ts with the output folder as first argument."""
    return subprocess.run(
        [str(TSX), str(HERE / f"write_{script}.ts"), str(out), *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )


def expected(folder: Path, name: str) -> dict:
    return json.loads((folder / f"{name}.expected.json").read_text())


@contextlib.contextmanager
def read_strict(path: Path, **kwargs):
    """pynwb read in which any warning is an error (the acceptance asks for none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pynwb.NWBHDF5IO(str(path), "r", **kwargs) as io:
            yield io.read()


def assert_valid(path: Path) -> None:
    errors = pynwb.validate(path=str(path))
    assert errors == [], f"pynwb.validate: {errors}"


def assert_inspected(path: Path, allowed: dict[str, str]) -> None:
    """Nothing at CRITICAL / BEST_PRACTICE_VIOLATION (or validation); suggestions only if listed
    in `allowed` (check name -> why it is acceptable here)."""
    messages = list(inspect_nwbfile(nwbfile_path=str(path)))
    serious = [m for m in messages if m.importance.value > Importance.BEST_PRACTICE_SUGGESTION.value]
    assert serious == [], "\n".join(f"{m.importance.name} {m.check_function_name} {m.location}: {m.message}" for m in serious)
    unexplained = [m for m in messages if m.check_function_name not in allowed]
    assert unexplained == [], "\n".join(f"{m.check_function_name} {m.location}: {m.message}" for m in unexplained)


def assert_h5py_opens(path: Path) -> None:
    with h5py.File(path, "r") as f:
        assert f.attrs["nwb_version"] == "2.9.0"
        assert f.attrs["neurodata_type"] == "NWBFile"
        assert isinstance(f.attrs[".specloc"], h5py.Reference)
        assert f[f.attrs[".specloc"]].name == "/specifications"
        count = 0

        def visit(name, obj):
            nonlocal count
            if "neurodata_type" in obj.attrs:
                assert len(obj.attrs["object_id"]) == 36, name
                count += 1

        f.visititems(visit)
        assert count > 0

"""ONE's own ALF parser is the oracle for our grammar: real dataset paths from
the fixture tables and seeded random names must split into the same parts."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
from one.alf import path as alfpath
from one.alf import spec

from one_tsx import run_tsx

REL_KEYS = ["collection", "revision", "namespace", "object", "attribute", "timescale", "extra", "extension"]
FULL_KEYS = ["lab", "subject", "date", "number"] + REL_KEYS


def random_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    atoms = ["_", ".", "ibl", "spikes", "times", "intervals", "_times", "clock", "#", "/", "alf", "probe00",
             "npy", "pqt", "-", "2021-01-01", "001", "1", "Subjects", "lab", "X", "a1", "_ibl_", "__", "..",
             "trials", "goCue_times", "_phy_", "0c5b2d5e-3a4b-4c1d-8e9f-0a1b2c3d4e5f"]
    return ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 9))) for _ in range(count)]


def ours_vs_one(names: list[str], tmp_path: Path) -> None:
    manifest = tmp_path / "names.json"
    manifest.write_text(json.dumps(names))
    for name, got in zip(names, run_tsx("alf_oracle.ts", str(manifest)), strict=True):
        assert got["valid"] == spec.is_valid(name), name
        rel = alfpath.rel_path_parts(name, as_dict=True, assert_valid=False)
        assert (got["rel"] is None) == (rel["object"] is None), name
        if got["rel"]:
            assert {k: got["rel"].get(k) for k in REL_KEYS} == {k: rel[k] for k in REL_KEYS}, name
        # The full-path grammar (session + folders + file), as ONE's FULL_SPEC regex.
        full = spec.regex(spec.FULL_SPEC).match(name)
        assert (got["full"] is None) == (full is None), name
        if full:
            assert {k: got["full"].get(k) for k in FULL_KEYS} == full.groupdict(), name
        assert got["alf"] == alfpath.get_alf_path(name), name
        assert got["isSession"] == spec.is_session_path(name), name
        session = alfpath.get_session_path(name)
        assert got["session"] == (None if session is None else session.as_posix()), name
        if got["valid"]:
            assert got["noUuid"] == alfpath.remove_uuid_string(name).as_posix(), name


def test_real_dataset_paths_parse_like_one(fixtures_dir: Path, tmp_path: Path):
    ds = pd.read_parquet(fixtures_dir / "ONE/one/tests/fixtures/datasets.pqt")
    names = sorted(set(ds["rel_path"]) | {f"{s}/{r}" for s, r in zip(ds["session_path"], ds["rel_path"], strict=True)})
    assert len(names) > 600
    ours_vs_one(names, tmp_path)


def test_random_names_parse_like_one(tmp_path: Path):
    ours_vs_one(random_names(3000, seed=3), tmp_path)

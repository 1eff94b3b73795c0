"""`ibl2nwb convert --split`: the release writes `/general/localization` in both files. The raw file's
tables equal the processed file's, row for row, point at its own electrodes table, and both files pass
the inspector; the bundled atlas gives the regions without --atlas."""
import importlib.util
import subprocess

import numpy as np
import pytest
from nwb_checks import assert_nwb_ok
from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli


@pytest.fixture(scope="module")
def split(node, repo, tmp_path_factory):
    cache = repo / "demo" / "one-cache"
    one = ONE(mode="local", cache_dir=cache)
    eid = next(str(e) for e in one.search() if any("raw_ephys_data" in d for d in one.list_datasets(e)))
    out = tmp_path_factory.mktemp("localization-split")
    processed = out / f"sub-X_ses-{eid}_desc-processed_behavior+ecephys.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(processed), "--split"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return processed, out / f"sub-X_ses-{eid}_desc-raw_ecephys.nwb"


def test_both_files_hold_the_same_localization(split):
    assert importlib.util.find_spec("ndx_anatomical_localization") is None  # cached specs only
    processed, raw = split
    with NWBHDF5IO(str(processed), "r") as p_io, NWBHDF5IO(str(raw), "r") as r_io:
        p_nwb, r_nwb = p_io.read(), r_io.read()
        assert r_nwb.units is None
        p_loc, r_loc = p_nwb.lab_meta_data["localization"], r_nwb.lab_meta_data["localization"]
        assert set(r_loc.spaces) == {"IBLBregma", "AllenCCFv3"}
        assert set(r_loc.anatomical_coordinates_tables) == {"ElectrodesIBLBregma", "ElectrodesCCFv3"}
        for name, r_table in r_loc.anatomical_coordinates_tables.items():
            p_table = p_loc.anatomical_coordinates_tables[name]
            assert r_table.localized_entity.table is r_nwb.electrodes
            assert len(r_table) == len(r_nwb.electrodes) > 0
            assert list(r_table.colnames) == list(p_table.colnames)
            for column in r_table.colnames:
                a, b = r_table[column].data[:], p_table[column].data[:]
                if np.asarray(a).dtype.kind == "f":
                    np.testing.assert_array_equal(a, b)
                else:
                    assert list(a) == list(b), (name, column)
            # Regions from the CLI's bundled atlas, not "unknown".
            assert "unknown" not in set(r_table["brain_region"].data[:])


@pytest.mark.parametrize("which", [0, 1])
def test_both_files_pass_the_inspector(split, which):
    assert_nwb_ok(split[which])

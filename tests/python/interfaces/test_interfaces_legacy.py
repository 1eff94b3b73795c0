"""Sessions without the trials table: the legacy `_ibl_trials.*.npy` files give the same trials."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb

from interfaces_oracle import TRIAL_RENAMES, convert, copy_session, expected_trials


def test_trials_from_legacy_npy_files(session, tmp_path):
    copy = copy_session(session, tmp_path / "cache")
    table = pd.read_parquet(copy.cache / "datasets.pqt")
    table[~table["rel_path"].str.endswith("_ibl_trials.table.pqt")].to_parquet(copy.cache / "datasets.pqt")
    copy.alf("alf/_ibl_trials.table.pqt").unlink()
    out = tmp_path / "s.nwb"
    result = convert(copy, out, "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    npy = {f.name.split(".")[1]: np.load(f) for f in copy.folder.glob("alf/_ibl_trials.*.npy")}
    alf = pd.DataFrame({k: v for k, v in npy.items() if v.ndim == 1})
    alf["intervals_0"], alf["intervals_1"] = npy["intervals"][:, 0], npy["intervals"][:, 1]
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        df = io.read().trials.to_dataframe()
    for column, values in expected_trials(alf).items():
        if values.dtype.kind in "OUb":
            np.testing.assert_array_equal(df[column].to_numpy().astype(values.dtype), values, err_msg=column)
        else:
            np.testing.assert_array_equal(df[column].to_numpy(), values, err_msg=column)
    sources = {a["source"] for a in result.report["interfaces"][0]["arrays"]}
    assert "alf/_ibl_trials.intervals.npy[:,0]" in sources
    assert f"alf/_ibl_trials.{TRIAL_RENAMES['auditory_cue_time']}.npy" in sources

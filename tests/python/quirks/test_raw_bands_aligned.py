"""Raw AP and LF series on the session clock: IBL's `*.timestamps.npy` pairs (AP sample, session
seconds), interpolated as brainbox's SpikeSortingLoader.samples2times does (interp1d through the
points), the LF band's sample k being AP sample 12 k (the release's LF timestamps, fs=2500)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pynwb import NWBHDF5IO
from quirks_runner import build_corpus, run_case

NAME = "raw_bands_aligned"
AP_PER_LF = 12


@pytest.fixture(scope="module")
def aligned(tmp_path_factory, node):
    case = build_corpus(tmp_path_factory.mktemp("aligned"), [NAME])[NAME]
    run = run_case(node, case)
    assert run.returncode == 0, run.stderr
    return case


def series_times(series) -> np.ndarray:
    n = series.data.shape[0]
    if series.timestamps is not None:
        return np.asarray(series.timestamps[:])
    return series.starting_time + np.arange(n) / series.rate


@pytest.mark.parametrize("band", ["AP", "LF"])
def test_raw_series_follow_ibl_alignment(aligned, band):
    session = Path(aligned["build"]["session"])
    with NWBHDF5IO(aligned["build"]["output"], "r") as io:
        nwb = io.read()
        kinds = set()
        for probe in ("probe00", "probe01"):
            (points_file,) = (session / "raw_ephys_data" / probe).glob("*.timestamps.npy")
            points = np.load(points_file)
            series = nwb.acquisition[f"ElectricalSeriesProbe{probe[5:]}{band}"]
            n = series.data.shape[0]
            ap_samples = np.arange(n) * (AP_PER_LF if band == "LF" else 1)
            expected = np.interp(ap_samples, points[:, 0], points[:, 1])
            np.testing.assert_allclose(series_times(series), expected, rtol=0, atol=1e-9)
            assert "NOT aligned" not in series.description
            kinds.add("timestamps" if series.timestamps is not None else "rate")
        # probe00's points are linear (rate + starting time), probe01's are not (timestamps).
        assert kinds == {"rate", "timestamps"}

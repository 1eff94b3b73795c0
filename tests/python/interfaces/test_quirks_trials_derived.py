"""#19.6: the derived trials columns (block type and index, contrast, side, choice, reward) of a
converted file against an independent implementation of IBL's definitions, on a trials table
whose floats carry rounding noise (probabilityLeft = 1 - 0.8 = 0.19999999999999996, …).

The definitions, from IBL's ALF trials documentation (ibllib `alf/spec` and the brainbox
behaviour docs) and the release's column descriptions:
- probabilityLeft is the block's prior: 0.5 unbiased, 0.8 a left block, 0.2 a right block;
  a block is a run of trials with the same prior.
- contrastLeft / contrastRight: contrast (0..1) of the stimulus on that side, NaN on the other.
- choice: -1 counter-clockwise turn, +1 clockwise, 0 no-go; feedbackType +1 reward, -1 error.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pynwb
import pytest

from interfaces_oracle import convert, copy_session
from quirks_oracle import assert_file_is_clean, interface, save_pqt

TRIALS = "alf/_ibl_trials.table.pqt"
ATOL = 1e-6  # far below the 0.3 between IBL's block probabilities, far above float noise


def noisy_probability_left(n: int) -> np.ndarray:
    """Blocks written the ways float arithmetic does (exact and ± one ulp or so)."""
    pattern = [0.5, 0.5 + 1e-12, 0.5, 1 - 0.8, 0.2, 0.2 * (1 + 1e-9), 0.1 * 8, 0.8, 0.8 - 1e-13,
               0.2, 1 - 0.8, 0.5, 0.5]
    return np.resize(np.array(pattern), n)


def expected_block_type(p: np.ndarray) -> np.ndarray:
    names = np.select(
        [np.isclose(p, 0.5, rtol=0, atol=ATOL), np.isclose(p, 0.8, rtol=0, atol=ATOL),
         np.isclose(p, 0.2, rtol=0, atol=ATOL)],
        ["unbiased", "left_block", "right_block"],
        default="",
    )
    assert (names != "").all(), "the fixture only uses IBL block probabilities"
    return names


def expected_block_index(p: np.ndarray) -> np.ndarray:
    new_block = np.r_[False, ~np.isclose(p[1:], p[:-1], rtol=0, atol=ATOL)]
    return np.cumsum(new_block)


@pytest.fixture(scope="module")
def noisy(session, tmp_path_factory):
    copy = copy_session(session, tmp_path_factory.mktemp("noisy") / "cache")
    table = pd.read_parquet(copy.alf(TRIALS))
    table["probabilityLeft"] = noisy_probability_left(len(table))
    # Contrasts through float arithmetic too (0.25 * (1 + 1e-12) …): the percent rounds the same.
    for side in ["contrastLeft", "contrastRight"]:
        table[side] = table[side] * (1 + 1e-12)
    save_pqt(copy, TRIALS, table)
    out = tmp_path_factory.mktemp("noisy_out") / "s.nwb"
    result = convert(copy, out, "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        written = io.read().trials.to_dataframe()
    return pd.read_parquet(copy.alf(TRIALS)), written, out, result.report


def test_fixture_has_noise_that_exact_comparison_misses(noisy):
    p = noisy[0]["probabilityLeft"].to_numpy()
    assert not set(p) <= {0.5, 0.2, 0.8}
    assert len(set(expected_block_type(p))) == 3


def test_block_type_and_index_follow_ibl_blocks(noisy):
    source, written, _, _ = noisy
    p = source["probabilityLeft"].to_numpy()
    assert list(written["block_type"]) == list(expected_block_type(p))
    np.testing.assert_array_equal(written["block_index"].to_numpy(), expected_block_index(p))
    np.testing.assert_array_equal(written["probability_left"].to_numpy(), p)


def test_stimulus_choice_and_feedback_follow_ibl_definitions(noisy):
    source, written, _, _ = noisy
    left, right = source["contrastLeft"].to_numpy(), source["contrastRight"].to_numpy()
    on_left, on_right = ~np.isnan(left), ~np.isnan(right)
    assert not (on_left & on_right).any()
    side = np.where(on_left, "left", np.where(on_right, "right", "none"))
    contrast = np.where(on_left, left, right) * 100
    assert list(written["gabor_stimulus_side"]) == list(side)
    np.testing.assert_allclose(written["gabor_stimulus_contrast"].to_numpy(), contrast, rtol=0, atol=0.005)
    # Percent contrasts of IBL's set (100, 25, 12.5, 6.25, 0) are written exactly.
    assert set(written["gabor_stimulus_contrast"]) <= {100.0, 25.0, 12.5, 6.25, 0.0}
    turn = {-1: "counter_clockwise", 1: "clockwise", 0: "none"}
    assert list(written["mouse_wheel_choice"]) == [turn[int(c)] for c in source["choice"]]
    np.testing.assert_array_equal(written["is_mouse_rewarded"].astype(bool).to_numpy(),
                                  source["feedbackType"].to_numpy() == 1)


def test_report_calls_the_derived_columns_equal_and_the_file_is_clean(noisy):
    _, _, out, report = noisy
    assert all(a["equal"] for a in interface(report, "trials")["arrays"])
    assert_file_is_clean(out)

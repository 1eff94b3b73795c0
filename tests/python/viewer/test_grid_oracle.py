"""The raster grid and tuning curves against numpy, on a session our CLI converted.

A "small" generated IBL session (149 trials, 240 units) is converted by `ibl2nwb convert`;
`dump_grid.ts` computes the grid cells and tuning curves with the functions the views call
(read through h5wasm, as in the browser). Here pynwb reads the same file and numpy places the
trials in cells, counts the spikes in each trial's window and averages the rates, following
nwbwidgets' definitions (`raster_grid`: trials where the row and column values match;
`draw_tuning_curve_1d`: rate = spikes / (trials × window)), with the SEM over trials (ddof=1).
"""
from __future__ import annotations

import json
import math
import re
import subprocess

import numpy as np
import pytest
from pynwb import NWBHDF5IO

from viewer_oracles import HERE, REPO

CLI = REPO / "jupyterlab_ibl_nwb" / "cli" / "ibl2nwb.mjs"
TSX = REPO / "node_modules" / ".bin" / "tsx"
UNITS = [0, 17, 101, 239]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    assert CLI.exists(), "build the CLI first: npm run build:cli"
    work = tmp_path_factory.mktemp("grid")
    made = subprocess.run(
        [str(TSX), "src/one/generate/main.ts", "--out", str(work / "cache"), "--sessions", "1",
         "--seed", "5", "--size", "small"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    eid = re.search(r"eid ([0-9a-f-]{36})", made).group(1)
    out = work / "session.nwb"
    subprocess.run(
        ["node", str(CLI), "convert", eid, "--cache", str(work / "cache"), "-o", str(out),
         "--modalities", "trials,spike_sorting", "--no-hash-check"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=True,
    )
    return out


def bridge(path, **request) -> dict:
    out = subprocess.run(
        [str(TSX), str(HERE / "dump_grid.ts"), str(path), json.dumps(request)],
        cwd=REPO, capture_output=True, text=True, timeout=180, check=True,
    )
    return json.loads(out.stdout, parse_constant=float)


def values(trials, name) -> list:
    """A trials column as Python values (text decoded)."""
    return [v.decode() if isinstance(v, bytes) else v for v in trials[name][:]]


def same(label: str, value) -> bool:
    if isinstance(value, str):
        return label == value
    value = float(value)
    return math.isnan(value) if label == "NaN" else float(label) == value


def label_order(kept_values: list) -> list:
    """Numbers ascending (NaN last), text alphabetically: the order the view draws."""
    distinct = set(kept_values)
    if all(not isinstance(v, str) for v in distinct):
        numbers = sorted(float(v) for v in distinct if not math.isnan(float(v)))
        return numbers + [math.nan] * any(math.isnan(float(v)) for v in distinct)
    return sorted(distinct)


def window_counts(spikes: np.ndarray, events: np.ndarray, pre: float, post: float) -> np.ndarray:
    """Spikes with pre <= t - event < post, per trial (0 where the event is NaN)."""
    rel = spikes[None, :] - events[:, None]
    inside = (rel >= pre) & (rel < post)
    return np.where(np.isfinite(events), inside.sum(axis=1), 0)


def check(nwb, result: dict, align: str, rows: str, columns: str, pre, post, tuning: dict) -> None:
    trials = nwb.trials
    events = np.asarray(trials[align][:], dtype=float)
    finite = np.flatnonzero(np.isfinite(events))
    row_values, column_values = values(trials, rows), values(trials, columns)
    tuned = values(trials, tuning["column"])
    spike_times = nwb.units["spike_times"]
    for entry in result["units"]:
        spikes = np.sort(np.asarray(spike_times[entry["unit"]], dtype=float))
        # Labels: the distinct values among trials with an event, in the drawn order.
        for labels, column in ((entry["rowLabels"], row_values), (entry["columnLabels"], column_values)):
            order = label_order([column[t] for t in finite])
            assert len(labels) == len(order)
            assert all(same(l, v) for l, v in zip(labels, order)), (labels, order)
        counts = window_counts(spikes, events, pre, post)
        assert len(entry["cells"]) == len(entry["rowLabels"]) * len(entry["columnLabels"])
        placed = []
        for cell in entry["cells"]:
            r, c = entry["rowLabels"][cell["row"]], entry["columnLabels"][cell["column"]]
            expected = [int(t) for t in finite if same(r, row_values[t]) and same(c, column_values[t])]
            assert cell["trials"] == expected, (r, c)
            assert cell["spikes"] == int(counts[expected].sum()), (entry["unit"], r, c)
            placed += expected
        assert sorted(placed) == finite.tolist()
        # Tuning: nwbwidgets' rate, spikes / (trials × window), and the SEM over trial rates.
        duration = tuning["post"] - tuning["pre"]
        rates = window_counts(spikes, events, tuning["pre"], tuning["post"]) / duration
        curve = entry["tuning"]
        numeric = all(not isinstance(tuned[t], str) for t in finite)
        assert curve["numeric"] == numeric
        order = [v for v in label_order([tuned[t] for t in finite])
                 if not (numeric and math.isnan(float(v)))]
        assert len(curve["points"]) == len(order)
        for point, value in zip(curve["points"], order):
            chosen = [int(t) for t in finite if same(point["label"], tuned[t])]
            assert same(point["label"], value)
            assert point["n"] == len(chosen)
            n_spikes = int(window_counts(spikes, events[chosen], tuning["pre"], tuning["post"]).sum())
            assert point["mean"] == pytest.approx(n_spikes / (len(chosen) * duration), rel=1e-12, abs=1e-12)
            sem = np.std(rates[chosen], ddof=1) / np.sqrt(len(chosen)) if len(chosen) > 1 else 0.0
            assert point["sem"] == pytest.approx(sem, rel=1e-9, abs=1e-12)


def test_contrast_by_choice_at_stimulus_onset(session):
    request = dict(units=UNITS, align="gabor_stimulus_onset_time", rows="gabor_stimulus_contrast",
                   columns="mouse_wheel_choice", pre=-0.5, post=1.0,
                   tuning={"column": "gabor_stimulus_contrast", "pre": 0.0, "post": 0.5})
    result = bridge(session, **request)
    with NWBHDF5IO(str(session), "r") as io:
        nwb = io.read()
        assert len(nwb.trials) > 100 and len(nwb.units) == 240
        check(nwb, result, **{k: request[k] for k in ("align", "rows", "columns", "pre", "post", "tuning")})
    first = result["units"][0]
    # A real grid: several contrasts × choices, and spikes in the windows.
    assert len(first["rowLabels"]) >= 4 and len(first["columnLabels"]) >= 2
    assert sum(c["spikes"] for c in first["cells"]) > 0


def test_block_by_feedback_at_feedback_and_a_categorical_tuning(session):
    request = dict(units=UNITS, align="feedback_time", rows="block_type", columns="is_mouse_rewarded",
                   pre=-0.2, post=0.8, tuning={"column": "mouse_wheel_choice", "pre": -0.1, "post": 0.3})
    result = bridge(session, **request)
    assert {"block_type", "is_mouse_rewarded", "mouse_wheel_choice"} <= set(result["groupColumns"])
    with NWBHDF5IO(str(session), "r") as io:
        check(io.read(), result, **{k: request[k] for k in ("align", "rows", "columns", "pre", "post", "tuning")})
    assert result["units"][0]["tuning"]["numeric"] is False

"""The trial-aligned view (#16) against numpy/scipy on a generated session converted by the CLI.

Wheel velocity is computed here from the session's ALF files with IBL's definition (brainbox
`behavior.wheel`: `interpolate_position` onto a 1 kHz grid from the first timestamp, then
`velocity_filtered`: 8th-order Butterworth low-pass at 20 Hz, `sosfiltfilt`, derivative by
`np.diff` with a leading 0, times the rate), aligned to the ALF trial event times
(`_ibl_trials.stimOn_times` etc.), linearly interpolated at `event + grid` (`np.interp`, NaN
outside the trace: the view's documented rule), grouped by the ALF trial values, averaged with
`np.nanmean` and SEM = `np.nanstd(ddof=1) / sqrt(count)`. `dump_aligned.ts` runs the view's
own reads and mapping on the converted NWB file (WheelVelocitySmoothed), through h5wasm.
Licks (`alf/licks.times.npy`) are checked as an event-rate PETH with `np.histogram`.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
from scipy import interpolate, signal

from jupyterlab_ibl_nwb.node import find_cli
from viewer_oracles import HERE, REPO

TSX = REPO / "node_modules" / ".bin" / "tsx"
WHEEL = "/processing/wheel/WheelVelocitySmoothed"
LICKS = "/processing/lick_times/EventsLickTimes"
FS = 1000  # brainbox's default interpolation rate, the release's smoothed traces


def bridge(path: Path, *requests: dict) -> list[dict]:
    """What our code computes for each request (one tsx run per file: starting it is the slow part)."""
    out = subprocess.run([str(TSX), str(HERE / "dump_aligned.ts"), str(path), json.dumps(requests)],
                         cwd=REPO, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout, parse_constant=float)


STIMULUS = {"series": WHEEL, "align": "gabor_stimulus_onset_time", "groupBy": "mouse_wheel_choice",
            "from": -0.5, "to": 1.0}
POSITION = {"series": "/processing/wheel/WheelPosition", "align": "gabor_stimulus_onset_time", "step": 0.005,
            "from": -0.2, "to": 0.5}
LICK_RATE = {"series": LICKS, "align": "feedback_time", "groupBy": "gabor_stimulus_side", "step": 0.1,
             "from": -1.0, "to": 2.0}


@pytest.fixture(scope="module")
def computed(session):
    path, _ = session
    stimulus, position, licks = bridge(path, STIMULUS, POSITION, LICK_RATE)
    return {"stimulus": stimulus, "position": position, "licks": licks}


@pytest.fixture(scope="module")
def session(tmp_path_factory, node):
    """Seed 2 'tiny' (14 trials, both choices, several contrasts), converted by the CLI."""
    root = tmp_path_factory.mktemp("aligned")
    cache = root / "cache"
    made = subprocess.run([str(TSX), "src/one/generate/main.ts", "--out", str(cache), "--sessions", "1",
                           "--seed", "2", "--size", "tiny"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr[-2000:]
    row = pd.read_parquet(cache / "sessions.pqt").reset_index().iloc[0]
    folder = cache / row["lab"] / "Subjects" / row["subject"] / str(row["date"])[:10] / f"{int(row['number']):03d}"
    out = root / "session.nwb"
    cli = find_cli()
    assert cli, "build the CLI first: npm run build:cli"
    done = subprocess.run([node, cli, "convert", str(row["id"]), "--cache", str(cache), "-o", str(out),
                           "--modalities", "trials,wheel,licks"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return out, folder / "alf"


def wheel_velocity(alf: Path) -> tuple[np.ndarray, np.ndarray]:
    """brainbox.behavior.wheel.interpolate_position + velocity_filtered, from the ALF files."""
    pos = np.load(alf / "_ibl_wheel.position.npy")
    ts = np.load(alf / "_ibl_wheel.timestamps.npy")
    t = np.arange(ts[0], ts[-1], 1 / FS)
    if t[-1] > ts[-1]:
        t = t[:-1]
    position = interpolate.interp1d(ts, pos, kind="linear")(t)
    sos = signal.butter(N=8, Wn=20 / FS * 2, btype="lowpass", output="sos")
    velocity = np.insert(np.diff(signal.sosfiltfilt(sos, position)), 0, 0) * FS
    return t, velocity


def aligned_rows(t, values, events, grid) -> np.ndarray:
    return np.array([np.interp(e + grid, t, values, left=np.nan, right=np.nan) if np.isfinite(e)
                     else np.full(len(grid), np.nan) for e in events])


def check_groups(result: dict, rows: np.ndarray, events: np.ndarray, key: np.ndarray) -> None:
    """Our groups are exactly the trials sharing one ALF value (NaN events left out), with numpy's mean ± SEM."""
    expected = {}
    for trial, (e, k) in enumerate(zip(events, key)):
        if np.isfinite(e):
            expected.setdefault(k, []).append(trial)
    assert sorted(map(tuple, expected.values())) == sorted(tuple(g["trials"]) for g in result["groups"])
    scale = np.nanmax(np.abs(rows))
    for group in result["groups"]:
        block = rows[group["trials"]]
        counts = np.sum(~np.isnan(block), axis=0)
        np.testing.assert_array_equal(group["counts"], counts)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN points and ddof=1 on one value
            mean = np.nanmean(block, axis=0)
            sem = np.nanstd(block, axis=0, ddof=1) / np.sqrt(counts)
        sem[counts == 1] = 0
        np.testing.assert_allclose(group["mean"], mean, rtol=1e-6, atol=1e-9 * scale, equal_nan=True)
        np.testing.assert_allclose(group["sem"], sem, rtol=1e-6, atol=1e-9 * scale, equal_nan=True)


def test_wheel_velocity_aligned_to_stimulus_by_choice(session, computed):
    _, alf = session
    t, velocity = wheel_velocity(alf)
    events = np.load(alf / "_ibl_trials.stimOn_times.npy")
    choice = np.load(alf / "_ibl_trials.choice.npy")
    result = computed["stimulus"]
    assert result["kind"] == "samples" and result["period"] == pytest.approx(1 / FS)
    grid = np.asarray(result["grid"])
    # The grid: from -0.5 s to 1.0 s every sampling period (1 ms), both ends included.
    np.testing.assert_allclose(grid, np.linspace(-0.5, 1.0, 1501), atol=1e-12)
    rows = aligned_rows(t, velocity, events, grid)
    assert np.isfinite(rows).all(), "every window of this session lies inside the wheel trace"
    np.testing.assert_allclose(np.array(result["rows"], dtype=float), rows,
                               rtol=1e-6, atol=1e-9 * np.abs(velocity).max())
    check_groups(result, rows, events, choice)
    assert len(result["groups"]) == 2
    # Lazy: one block from the first window to the last (these trials are dense), never the whole trace.
    first = int(np.floor((events.min() - 0.5 - t[0]) * FS))
    last = int(np.ceil((events.max() + 1.0 - t[0]) * FS)) + 1
    assert all(s["path"] == f"{WHEEL}/data" for s in result["slices"])
    assert result["bytes"] == 8 * result["samples"] <= 8 * (last - first)
    assert result["samples"] < len(velocity)


def test_wheel_position_on_its_own_timestamps(session, computed):
    """A series with irregular timestamps (the raw wheel): searched and read only around the events."""
    _, alf = session
    ts = np.load(alf / "_ibl_wheel.timestamps.npy")
    pos = np.load(alf / "_ibl_wheel.position.npy")
    events = np.load(alf / "_ibl_trials.stimOn_times.npy")
    result = computed["position"]
    grid = np.asarray(result["grid"])
    np.testing.assert_allclose(grid, -0.2 + 0.005 * np.arange(141), atol=1e-9)
    rows = aligned_rows(ts, pos, events, grid)
    np.testing.assert_allclose(np.array(result["rows"], dtype=float), rows, rtol=1e-12, atol=1e-12, equal_nan=True)
    check_groups(result, rows, events, np.zeros(len(events)))
    # Timestamps and samples read: those between the first window and the last, not the whole series.
    inside = np.flatnonzero((ts >= events.min() - 0.2) & (ts <= events.max() + 0.5))
    span = inside[-1] - inside[0] + 3  # one sample more each side, for interpolation
    assert result["bytes"] <= 2 * 8 * span
    stamps = [s for s in result["slices"] if s["path"].endswith("/timestamps") and s["slice"][0][1] - s["slice"][0][0] > 1]
    assert len(stamps) == 1 and stamps[0]["slice"][0][1] - stamps[0]["slice"][0][0] <= span


def test_wheel_velocity_by_contrast_with_a_nan_event(session, tmp_path):
    """A trial without the event (NaN) is excluded and counted; groups follow ALF's contrasts."""
    path, alf = session
    copy = tmp_path / "nan.nwb"
    shutil.copy(path, copy)
    events = np.load(alf / "_ibl_trials.firstMovement_times.npy").copy()
    events[3] = np.nan
    with h5py.File(copy, "r+") as f:
        f["intervals/trials/wheel_movement_onset_time"][3] = np.nan
    t, velocity = wheel_velocity(alf)
    contrast = np.nan_to_num(np.load(alf / "_ibl_trials.contrastLeft.npy")) + \
        np.nan_to_num(np.load(alf / "_ibl_trials.contrastRight.npy"))
    (result,) = bridge(copy, {"series": WHEEL, "align": "wheel_movement_onset_time",
                              "groupBy": "gabor_stimulus_contrast", "step": 0.01, "from": -1.0, "to": 2.0})
    grid = np.asarray(result["grid"])
    np.testing.assert_allclose(grid, -1.0 + 0.01 * np.arange(301), atol=1e-9)
    assert result["nanEvents"] == 1
    assert result["rows"][3] is None
    assert 3 not in [t for g in result["groups"] for t in g["trials"]]
    rows = aligned_rows(t, velocity, events, grid)
    check_groups(result, rows, events, contrast)


def test_lick_rate_aligned_to_feedback(session, computed):
    _, alf = session
    licks = np.sort(np.load(alf / "licks.times.npy"))
    events = np.load(alf / "_ibl_trials.feedback_times.npy")
    side = np.where(np.isnan(np.load(alf / "_ibl_trials.contrastLeft.npy")), "right", "left")
    result = computed["licks"]
    assert result["kind"] == "events"
    edges = np.linspace(-1.0, 2.0, 31)
    np.testing.assert_allclose(result["edges"], edges, atol=1e-12)
    rates = []
    for trial, e in enumerate(events):
        rel = licks - e
        rel = rel[(rel >= -1.0) & (rel < 2.0)]
        np.testing.assert_allclose(result["aligned"][trial], rel, atol=1e-12)
        rates.append(np.histogram(rel, edges)[0] / np.diff(edges))
    rates = np.array(rates)
    assert sum(len(a) for a in result["aligned"]) > 0, "the session licks after feedback"
    expected = {s: [i for i in range(len(events)) if side[i] == s] for s in set(side)}
    assert sorted(map(tuple, expected.values())) == sorted(tuple(g["trials"]) for g in result["groups"])
    for group in result["groups"]:
        block = rates[group["trials"]]
        np.testing.assert_allclose(group["mean"], block.mean(axis=0), atol=1e-9)
        sem = block.std(axis=0, ddof=1) / np.sqrt(len(block)) if len(block) > 1 else 0 * block[0]
        np.testing.assert_allclose(group["sem"], sem, atol=1e-9)

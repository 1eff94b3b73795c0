"""The pooled PSTH of a region, from its definition, with h5py and numpy only.

Per unit: for every trial whose event time is finite, the spikes at `pre <= t - event < post`
counted in equal bins from `pre` to `post`, divided by the bin width (Hz), averaged over the
trials of each group (trials grouped by the value of one trials column). Across units (of every
session, each unit once): the mean and the standard error of the mean (sample standard deviation,
ddof=1, over sqrt(n); 0 for a single unit) per bin, over the units that had trials in the group."""
from __future__ import annotations

import math

import h5py
import numpy as np


def _text(values) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def unit_rates(path, level: str, region: str, align: str, group_by: str, edges: np.ndarray):
    """[(unit row, {group value: (mean rate per bin, trials)})] of the file's units in the region."""
    pre, post = edges[0], edges[-1]
    widths = np.diff(edges)
    out = []
    with h5py.File(path, "r") as f:
        units = f["units"]
        regions = _text(units[f"{level}_location"][:])
        ends = units["spike_times_index"][:].astype(np.int64)
        times = units["spike_times"]
        trials = f["intervals/trials"]
        events = trials[align][:].astype(float)
        raw = trials[group_by][:]
        values = _text(raw) if raw.dtype.kind in "OSU" else [float(v) for v in raw]
        for u, r in enumerate(regions):
            if r != region:
                continue
            start = 0 if u == 0 else ends[u - 1]
            spikes = np.sort(times[start:ends[u]].astype(float))
            by_group: dict = {}
            for t, event in enumerate(events):
                if not math.isfinite(event):
                    continue
                rel = spikes - event
                rel = rel[(rel >= pre) & (rel < post)]
                counts, _ = np.histogram(rel, bins=edges)
                by_group.setdefault(_key(values[t]), []).append(counts / widths)
            out.append((u, {k: (np.mean(v, axis=0), len(v)) for k, v in by_group.items()}))
    return out


def _key(value):
    # NaN never equals itself: give the trials without a value one group.
    return "nan" if isinstance(value, float) and math.isnan(value) else value


def pooled(files, level, region, align, group_by, edges):
    """{group value: (mean, sem, units)} over every unit of the region in `files`."""
    rows: dict = {}
    for path in files:
        for _, groups in unit_rates(path, level, region, align, group_by, edges):
            for key, (mean, n) in groups.items():
                if n > 0:
                    rows.setdefault(key, []).append(mean)
    result = {}
    for key, means in rows.items():
        stack = np.vstack(means)
        n = len(means)
        sem = stack.std(axis=0, ddof=1) / math.sqrt(n) if n > 1 else np.zeros(stack.shape[1])
        result[key] = (stack.mean(axis=0), sem, n)
    return result

"""The driftmap image against numpy, on a session generated and converted by the project.

`dump_driftmap.ts` runs the driftmap view's reader (h5wasm, chunk by chunk, preview first) and
prints its image for one probe: per depth × time bin the spike count, amplitude sum and largest
amplitude, with the axes it chose. Here h5py reads the units table and numpy bins the probe's
spikes independently (np.histogram2d on the image's bin edges, np.maximum.at for the largest
amplitude): every spike of the probe must be in the image, in its bin.
"""
from __future__ import annotations

import json
import re
import subprocess

import h5py
import numpy as np
import pytest

from jupyterlab_ibl_nwb.node import find_cli
from viewer_oracles import HERE, REPO

COLS, ROWS = 64, 40


def bridge(path, **request) -> dict:
    tsx = REPO / "node_modules" / ".bin" / "tsx"
    out = subprocess.run([str(tsx), str(HERE / "dump_driftmap.ts"), str(path), json.dumps(request)],
                         cwd=REPO, capture_output=True, text=True, timeout=180, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def converted(node, tmp_path_factory):
    out = tmp_path_factory.mktemp("driftmap")
    tsx = REPO / "node_modules" / ".bin" / "tsx"
    generated = subprocess.run([str(tsx), "src/one/generate/main.ts", "--out", str(out / "cache"), "--sessions", "1",
                                "--seed", "5", "--size", "tiny"], cwd=REPO, capture_output=True, text=True,
                               timeout=180, check=True).stdout
    eid = re.search(r"eid ([0-9a-f-]{36})", generated).group(1)
    nwb = out / "session.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(out / "cache"), "-o", str(nwb)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return nwb


def probe_spikes(path, probe: str):
    """Times, depths (µm from the tip) and amplitudes (µV) of the probe's units, from h5py."""
    with h5py.File(path, "r") as f:
        units = f["units"]
        names = [v.decode() if isinstance(v, bytes) else v for v in units["probe_name"][:]]
        ends = units["spike_times_index"][:].astype(int)
        starts = np.r_[0, ends[:-1]]
        rows = np.concatenate([np.arange(a, b) for a, b, n in zip(starts, ends, names) if n == probe])
        return (units["spike_times"][:][rows], units["spike_distances_from_probe_tip_um"][:][rows],
                units["spike_amplitudes_uV"][:][rows])


def expected_image(image: dict, t, d, a):
    time, depth = image["time"], image["depth"]
    t_edges = time["origin"] + time["width"] * np.arange(time["bins"] + 1)
    d_edges = depth["origin"] + depth["width"] * np.arange(depth["bins"] + 1)
    # histogram2d closes the last bin; the image's bins are half-open: drop values on the top edge.
    inside = (t >= t_edges[0]) & (t < t_edges[-1]) & (d >= d_edges[0]) & (d < d_edges[-1])
    t, d, a = t[inside], d[inside], a[inside]
    count, _, _ = np.histogram2d(d, t, bins=[d_edges, t_edges])
    total, _, _ = np.histogram2d(d, t, bins=[d_edges, t_edges], weights=a)
    largest = np.full(count.shape, -np.inf)
    np.maximum.at(largest, (np.digitize(d, d_edges) - 1, np.digitize(t, t_edges) - 1), a)
    return count, total, largest, inside.sum()


def as_grid(values, image, fill=np.nan):
    return np.array([fill if v is None else v for v in values], float).reshape(image["depth"]["bins"],
                                                                            image["time"]["bins"])


def probes(path) -> list[str]:
    with h5py.File(path, "r") as f:
        return sorted({v.decode() if isinstance(v, bytes) else v for v in f["units/probe_name"][:]})


@pytest.mark.parametrize("which", [0, 1])
def test_whole_probe_image_equals_numpy_histogram(converted, which):
    probe = probes(converted)[which]
    t, d, a = probe_spikes(converted, probe)
    image = bridge(converted, probe=probe, cols=COLS, rows=ROWS)
    count, total, largest, inside = expected_image(image, t, d, a)
    # Every spike of the probe is in the image: the axes grew to hold them all.
    assert inside == len(t) == image["spikes"]
    np.testing.assert_array_equal(as_grid(image["count"], image), count)
    np.testing.assert_allclose(as_grid(image["sum"], image), total, rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(as_grid(image["max"], image, -np.inf), largest)


def test_window_image_holds_only_the_window(converted):
    probe = probes(converted)[0]
    t, d, a = probe_spikes(converted, probe)
    t0 = float(np.quantile(t, 0.3))
    t1 = float(np.quantile(t, 0.6))
    for span in (None, [float(t.min()), float(t.max())]):
        request = dict(probe=probe, cols=COLS, rows=ROWS, window=[t0, t1])
        if span:
            request["span"] = span
        image = bridge(converted, **request)
        assert image["time"]["origin"] == t0
        keep = (t >= t0) & (t < t1)
        count, total, largest, inside = expected_image(image, t[keep], d[keep], a[keep])
        assert inside == keep.sum() == image["spikes"]
        np.testing.assert_array_equal(as_grid(image["count"], image), count)
        np.testing.assert_array_equal(as_grid(image["max"], image, -np.inf), largest)

"""The spike-sorting files of each probe agree with each other and with the Allen tree (numpy/pandas)."""
from __future__ import annotations

import numpy as np
import pandas as pd


def probe_dirs(root):
    dirs = sorted(root.glob("*/Subjects/*/*/*/alf/probe*/pykilosort"))
    assert len(dirs) == 6
    return dirs


def test_spikes_and_cluster_tables_agree(generated_cache):
    for d in probe_dirs(generated_cache):
        times = np.load(d / "spikes.times.npy")
        clusters = np.load(d / "spikes.clusters.npy")
        amps = np.load(d / "spikes.amps.npy")
        assert times.dtype == np.float64 and clusters.dtype == np.int32
        assert len(times) == len(clusters) == len(amps) == len(np.load(d / "spikes.depths.npy"))
        assert np.all(np.diff(times) >= 0)
        metrics = pd.read_parquet(d / "clusters.metrics.pqt")
        n = len(metrics)
        assert list(metrics["cluster_id"]) == list(range(n))
        counts = np.bincount(clusters, minlength=n)
        np.testing.assert_array_equal(metrics["spike_count"].to_numpy(), counts)
        duration = times.max() - times.min()
        assert np.allclose(metrics["firing_rate"], counts / duration, rtol=0.05)
        mean_amps = np.bincount(clusters, weights=amps, minlength=n) / np.maximum(counts, 1)
        np.testing.assert_allclose(np.load(d / "clusters.amps.npy")[counts > 0], mean_amps[counts > 0])
        # refractory period: no cluster fires twice within 1.5 ms
        order = np.lexsort((times, clusters))
        same = clusters[order][1:] == clusters[order][:-1]
        assert np.diff(times[order])[same].min() >= 0.0015
        uuids = pd.read_csv(d / "clusters.uuids.csv")
        assert list(uuids.columns) == ["uuids"] and uuids["uuids"].is_unique and len(uuids) == n
        wf = np.load(d / "clusters.waveforms.npy")
        wfc = np.load(d / "clusters.waveformsChannels.npy")
        assert wf.shape == (n, 82, 32) and wfc.shape == (n, 32)
        np.testing.assert_array_equal(wfc[:, 0], np.load(d / "clusters.channels.npy"))


def test_regions_come_from_the_allen_tree(generated_cache, shared):
    tree = pd.read_csv(shared / "fixtures/iblatlas/iblatlas/allen_structure_tree.csv")
    known = set(tree["id"])
    for d in probe_dirs(generated_cache):
        ids = np.load(d / "channels.brainLocationIds_ccf_2017.npy")
        assert ids.shape == (384,) and set(ids) <= known and (ids != 0).sum() > 150
        xyz = np.load(d / "channels.mlapdv.npy")
        local = np.load(d / "channels.localCoordinates.npy")
        assert xyz.shape == (384, 3) and local.shape == (384, 2)
        # deeper on the shank (smaller y) is deeper in the brain (smaller DV)
        assert np.all(np.diff(xyz[::2, 2]) > 0)
        peak = np.load(d / "clusters.channels.npy")
        np.testing.assert_array_equal(np.load(d / "clusters.brainLocationIds_ccf_2017.npy"), ids[peak])
        np.testing.assert_array_equal(np.load(d / "clusters.mlapdv.npy"), xyz[peak])
        assert np.all(ids[peak] != 0)

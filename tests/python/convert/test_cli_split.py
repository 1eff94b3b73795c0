"""`ibl2nwb convert --split`: the release's two files. The processed file has the modalities and no raw
data; the raw file (DANDI name `…_desc-raw_ecephys.nwb`) has the probes' electrodes, the same rows as the
processed file's, and the raw AP series, identical to a one-file `--raw` conversion's. Both pass the
inspector."""
import subprocess

import numpy as np
import pytest
from nwb_checks import assert_nwb_folder_ok, assert_nwb_ok
from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli


@pytest.fixture(scope="module")
def converted(node, repo, tmp_path_factory):
    cache = repo / "demo" / "one-cache"
    one = ONE(mode="local", cache_dir=cache)
    eid = next(str(e) for e in one.search() if any("raw_ephys_data" in d for d in one.list_datasets(e)))
    out = tmp_path_factory.mktemp("split")
    processed = out / f"sub-X_ses-{eid}_desc-processed_behavior+ecephys.nwb"
    single = out / "single.nwb"
    for args in (["-o", processed, "--split"], ["-o", single, "--raw"]):
        result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), *map(str, args)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    return processed, out / f"sub-X_ses-{eid}_desc-raw_ecephys.nwb", single


def test_processed_has_the_modalities_and_no_raw_data(converted):
    processed, _, _ = converted
    with NWBHDF5IO(str(processed), "r") as io:
        nwb = io.read()
        assert len(nwb.units) > 0 and len(nwb.trials) > 0
        assert not any(name.startswith("ElectricalSeries") for name in nwb.acquisition)


def test_raw_file_has_the_same_electrodes_and_the_raw_series(converted):
    processed, raw, single = converted
    with NWBHDF5IO(str(raw), "r") as raw_io, NWBHDF5IO(str(processed), "r") as processed_io, \
            NWBHDF5IO(str(single), "r") as single_io:
        raw_nwb, processed_nwb, single_nwb = raw_io.read(), processed_io.read(), single_io.read()
        assert raw_nwb.units is None and raw_nwb.trials is None
        assert raw_nwb.processing == {} or len(raw_nwb.processing) == 0
        assert set(raw_nwb.devices) == set(processed_nwb.devices)
        ours, theirs = raw_nwb.electrodes.to_dataframe(), processed_nwb.electrodes.to_dataframe()
        assert list(ours.columns) == list(theirs.columns)
        for column in ours.columns:
            a, b = ours[column].to_numpy(), theirs[column].to_numpy()
            if a.dtype.kind == "f":
                np.testing.assert_array_equal(a, b)
            else:
                # Objects (the electrode group) by name: they are different Python objects.
                label = lambda x: getattr(x, "name", str(x))  # noqa: E731
                assert [label(x) for x in a] == [label(x) for x in b], column
        series = [name for name in raw_nwb.acquisition if name.startswith("ElectricalSeries")]
        assert series, "no raw series in the raw file"
        for name in series:
            ours_series, single_series = raw_nwb.acquisition[name], single_nwb.acquisition[name]
            np.testing.assert_array_equal(ours_series.data[:], single_series.data[:])
            assert list(ours_series.electrodes.data[:]) == list(single_series.electrodes.data[:])
        assert raw_nwb.session_id == processed_nwb.session_id


@pytest.mark.parametrize("which", [0, 1])
def test_both_files_pass_the_inspector(converted, which):
    assert_nwb_ok(converted[which])


def test_raw_without_spike_sorting_writes_the_electrodes_it_needs(node, repo, tmp_path):
    cache = repo / "demo" / "one-cache"
    one = ONE(mode="local", cache_dir=cache)
    eid = next(str(e) for e in one.search() if any("raw_ephys_data" in d for d in one.list_datasets(e)))
    out = tmp_path / "trials-raw.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out),
                             "--modalities", "trials", "--raw"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert nwb.units is None and len(nwb.trials) > 0
        series = [n for n in nwb.acquisition if n.startswith("ElectricalSeries")]
        assert series and len(nwb.electrodes) > 0


def test_the_folder_of_outputs_passes_the_inspector_with_unique_identifiers(converted):
    """#19.5: nwbinspector over the folder (the pair, the one-file conversion and their reports)
    finds nothing serious; in particular each file has its own identifier, the eid in session_id."""
    processed, raw, single = converted
    assert_nwb_folder_ok(processed.parent)
    ids = {}
    for path in (processed, raw, single):
        with NWBHDF5IO(str(path), "r") as io:
            nwb = io.read()
            ids[path.name] = (nwb.identifier, nwb.session_id)
    assert len({identifier for identifier, _ in ids.values()}) == 3, ids
    assert len({session for _, session in ids.values()}) == 1, ids


def split_session(repo, tmp_path):
    import shutil

    cache = tmp_path / "ONE"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    one = ONE(mode="local", cache_dir=cache)
    eid = next(str(e) for e in one.search() if any("raw_ephys_data" in d for d in one.list_datasets(e)))
    return cache, eid, one.eid2path(eid)


def test_a_failed_raw_file_leaves_neither_file(node, repo, tmp_path):
    """#11.6: --split is both files or neither: the raw file fails (a truncated .cbin) after the
    processed one was complete; the processed one is not left under its final name."""
    cache, eid, session = split_session(repo, tmp_path)
    for cbin in session.rglob("*.ap.cbin"):
        with open(cbin, "r+b") as f:
            f.truncate(cbin.stat().st_size // 2)
    out = tmp_path / "out"
    processed = out / "x.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(processed),
                             "--split", "--json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    import json

    event = json.loads(result.stdout.splitlines()[-1])
    assert event["type"] == "error" and event["file"] == "raw", event
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".report.json")) == []


def test_a_cancelled_raw_file_leaves_neither_file(node, repo, tmp_path):
    import signal
    import time

    cache, eid, _ = split_session(repo, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out / "x.nwb"),
                                "--split"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    end = time.time() + 120
    while not (out / "x_raw.nwb.part").exists():
        assert process.poll() is None and time.time() < end, "the raw file was never started"
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".report.json")) == []

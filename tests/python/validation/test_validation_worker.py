"""The worker's own rules: which HDF5 links make a file unsafe to open, how dandi's results become
findings (its repeats of the inspector dropped only when the inspector ran), tracebacks cut to
their exception."""
import h5py
import numpy as np

from jupyterlab_ibl_nwb.validation_worker import dandi_finding, links_out_of_root, short

from nwb_files import write_nwb


def test_virtual_datasets_and_external_raw_storage_out_of_the_root_are_found(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    outside.mkdir()
    with h5py.File(outside / "source.h5", "w") as source:
        source["d"] = np.arange(4.0)
    virtual = write_nwb(root / "virtual.nwb")
    with h5py.File(virtual, "a") as nwb:
        layout = h5py.VirtualLayout(shape=(4,), dtype="f8")
        layout[:] = h5py.VirtualSource(str(outside / "source.h5"), "d", shape=(4,))
        nwb.create_virtual_dataset("acquisition/mapped", layout)
    assert "source.h5" in links_out_of_root(root.resolve(), virtual.resolve())
    raw = write_nwb(root / "raw.nwb")
    with h5py.File(raw, "a") as nwb:
        nwb.create_dataset("acquisition/raw", (10,), dtype="f8", external=[("../../outside/raw.bin", 0, 80)])
    assert "raw.bin" in links_out_of_root(root.resolve(), raw.resolve())


def test_links_inside_the_root_are_followed_and_checked_too(tmp_path):
    root = tmp_path / "root"
    inner = write_nwb(root / "inner.nwb")
    with h5py.File(inner, "a") as nwb:
        nwb["acquisition/away"] = h5py.ExternalLink(str(tmp_path / "elsewhere.h5"), "/x")
    outer = write_nwb(root / "outer.nwb")
    with h5py.File(outer, "a") as nwb:
        nwb["acquisition/inner"] = h5py.ExternalLink("inner.nwb", "/acquisition")
    assert "elsewhere.h5" in links_out_of_root(root.resolve(), outer.resolve())
    clean = write_nwb(root / "clean.nwb")
    with h5py.File(clean, "a") as nwb:
        nwb["acquisition/soft"] = h5py.SoftLink("/acquisition/position")
    assert links_out_of_root(root.resolve(), clean.resolve()) is None


def test_dandi_repeats_of_the_inspector_are_dropped_only_if_the_inspector_ran():
    repeat = {"id": "NWBI.check_subject_exists", "severity": "ERROR", "message": "Subject is missing.",
              "origin": {"validator": "nwbinspector"}, "within_asset_paths": {"/r/a.nwb": "/"}}
    assert dandi_finding(repeat, inspected=True) is None
    assert dandi_finding(repeat, inspected=False) == {
        "importance": "CRITICAL", "check_name": "NWBI.check_subject_exists", "message": "Subject is missing.",
        "object_type": None, "object_name": None, "location": "/", "tool": "dandi",
    }
    layout = {"id": "DANDI.NON_DANDI_FILENAME", "severity": "ERROR", "message": "Filename does not conform",
              "origin": {"validator": "dandi"}, "within_asset_paths": None}
    assert dandi_finding(layout, inspected=True)["location"] is None
    assert dandi_finding({**layout, "severity": "HINT"}, inspected=True)["importance"] == "BEST_PRACTICE_SUGGESTION"


def test_a_traceback_is_cut_to_its_exception():
    text = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: Unable to read file'
    assert short(text) == "ValueError: Unable to read file"
    assert len(short("x" * 5000)) == 2000

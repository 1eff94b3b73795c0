"""The notebook display helper: the MIME bundle the JupyterLab renderer reads."""
from __future__ import annotations

import subprocess
import sys

import pytest

from jupyterlab_ibl_nwb.display import MIME_TYPE, NWBView


def test_bundle_names_the_file_and_object():
    bundle = NWBView("data/session.nwb", "/units")._repr_mimebundle_()
    assert MIME_TYPE == "application/x-nwb-view+json"
    assert bundle[MIME_TYPE] == {"path": "data/session.nwb", "object_path": "/units"}
    assert bundle["text/plain"] == "NWBView('data/session.nwb', '/units')"


def test_object_path_defaults_to_the_file_and_gets_a_leading_slash():
    assert NWBView("x.nwb").object_path == "/"
    assert NWBView("x.nwb", "intervals/trials").object_path == "/intervals/trials"


def test_absolute_paths_under_the_working_directory_become_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "sub" / "x.nwb"
    assert NWBView(inside).path == "sub/x.nwb"
    outside = tmp_path.parent / "elsewhere.nwb"
    assert NWBView(str(outside)).path == outside.as_posix()


def test_rejects_a_non_string_object_path():
    with pytest.raises(TypeError):
        NWBView("x.nwb", 3)


def test_no_nwb_library_is_imported():
    """The kernel side stays light: showing a view imports neither pynwb nor h5py."""
    code = (
        "import sys; from jupyterlab_ibl_nwb.display import NWBView; "
        "NWBView('x.nwb')._repr_mimebundle_(); "
        "print(sorted({'pynwb', 'h5py', 'hdmf'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_url_is_kept_as_a_url():
    """It used to become the path 'https:/host/x.nwb' (PurePath folds '//')."""
    url = "https://dandiarchive.s3.amazonaws.com/blobs/abc/x.nwb?X-Amz-Signature=s"
    bundle = NWBView(url, "/units")._repr_mimebundle_()
    assert bundle[MIME_TYPE] == {"url": url, "object_path": "/units"}
    with pytest.raises(ValueError, match="http"):
        NWBView("ftp://host/x.nwb")


def test_a_dandi_asset_by_dandiset_and_path():
    view = NWBView(dandiset="000409", path="/sub-a/sub-a_ses-b.nwb", version="draft")
    assert view._repr_mimebundle_()[MIME_TYPE] == {
        "dandiset": "000409", "path": "sub-a/sub-a_ses-b.nwb", "version": "draft", "object_path": "/",
    }
    assert NWBView(dandiset=409, path="x.nwb").dandiset == "000409"
    assert "version" not in NWBView(dandiset="DANDI:000409", path="x.nwb")._repr_mimebundle_()[MIME_TYPE]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"dandiset": "409x", "path": "x.nwb"}, ValueError),
        ({"dandiset": "000409"}, TypeError),
        ({"dandiset": "000409", "path": "a/../b.nwb"}, ValueError),
        ({"dandiset": "000409", "path": "x.nwb", "version": "latest"}, ValueError),
        ({"path": "x.nwb", "version": "draft"}, TypeError),
        ({}, TypeError),
    ],
)
def test_bad_dandi_arguments_say_what_to_give(kwargs, error):
    with pytest.raises(error):
        NWBView(**kwargs)


def test_view_names_the_view_shown_first():
    view = NWBView("x.nwb", "/units", view=" psth ")
    assert view._repr_mimebundle_()[MIME_TYPE] == {"path": "x.nwb", "object_path": "/units", "view": "psth"}
    assert repr(view) == "NWBView('x.nwb', '/units', view='psth')"
    # A tab label works too; without view= the bundle has no such key.
    assert NWBView("x.nwb", view="Time series")._repr_mimebundle_()[MIME_TYPE]["view"] == "Time series"
    assert "view" not in NWBView("x.nwb")._repr_mimebundle_()[MIME_TYPE]
    remote = NWBView(dandiset="000409", path="sub-a/x.nwb", view="raster")
    assert remote._repr_mimebundle_()[MIME_TYPE]["view"] == "raster"
    assert repr(remote).endswith("view='raster')")


@pytest.mark.parametrize("bad", ["", "   ", 3, "<script>", "a" * 80, "psth\nx"])
def test_view_rejects_what_is_no_view_name(bad):
    with pytest.raises(ValueError, match="view must be"):
        NWBView("x.nwb", "/units", view=bad)


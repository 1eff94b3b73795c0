"""The server route that gives the viewer a Zarr store's metadata (Jupyter's /files/ hides dotfiles)."""
from __future__ import annotations

import json

import numpy as np
import pytest
import tornado
import zarr


def _store(folder, consolidate: bool) -> None:
    root = zarr.open_group(str(folder), mode="w")
    root.attrs["neurodata_type"] = "NWBFile"
    data = root.create_group("acquisition").create_dataset("data", data=np.arange(10.0), chunks=(4,))
    data.attrs["rate"] = float("nan")
    if consolidate:
        zarr.consolidate_metadata(str(folder))


async def test_consolidated_metadata_is_served_as_written(jp_fetch, jp_root_dir):
    _store(jp_root_dir / "a.nwb.zarr", consolidate=True)
    response = await jp_fetch("jupyterlab-ibl-nwb", "zarr-metadata", params={"path": "a.nwb.zarr"})
    served = json.loads(response.body)
    assert served == json.loads((jp_root_dir / "a.nwb.zarr" / ".zmetadata").read_text())


async def test_metadata_is_gathered_when_not_consolidated(jp_fetch, jp_root_dir):
    _store(jp_root_dir / "b.nwb.zarr", consolidate=False)
    response = await jp_fetch("jupyterlab-ibl-nwb", "zarr-metadata", params={"path": "b.nwb.zarr"})
    metadata = json.loads(response.body)["metadata"]
    assert sorted(metadata) == [".zattrs", ".zgroup", "acquisition/.zgroup",
                                "acquisition/data/.zarray", "acquisition/data/.zattrs"]
    assert metadata["acquisition/data/.zarray"]["shape"] == [10]
    assert np.isnan(metadata["acquisition/data/.zattrs"]["rate"])


@pytest.mark.parametrize("path, status", [("../outside", 403), ("missing.zarr", 404), ("plain", 404)])
async def test_refusals_say_why(jp_fetch, jp_root_dir, path, status):
    (jp_root_dir / "plain").mkdir()
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch("jupyterlab-ibl-nwb", "zarr-metadata", params={"path": path})
    assert error.value.code == status

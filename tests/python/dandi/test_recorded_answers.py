"""The DANDI-like server answers with the recorded DANDI documents (recorded/): the same field
names, nesting and value types as the archive's records, with only what describes the served
files (path, ids, size, counts, digests) and the archive's hosts replaced. A drift here means the
viewer is tested against answers the real archive does not give."""
from __future__ import annotations

import hashlib
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from dandi_like_server import ASSET_PATH, RECORDED

REAL_HOSTS = ("api.dandiarchive.org", "dandiarchive.s3.amazonaws.com")


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


def shape(value):
    """Field names, nesting and value types (lists by the shape of their first item)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def routes(dandi) -> dict[str, str]:
    api, asset = dandi.api_url, dandi.assets[0]
    base = f"{api}/dandisets/000409/versions/draft/assets"
    return {
        "dandisets_search.json": f"{api}/dandisets/?search=brain",
        "dandiset.json": f"{api}/dandisets/000409/",
        "assets_by_path.json": f"{base}/?path={urllib.parse.quote(ASSET_PATH, safe='')}&metadata=false",
        "asset_metadata.json": f"{api}/assets/{asset.asset_id}/",
    }


@pytest.mark.parametrize("name", ["dandisets_search.json", "dandiset.json", "assets_by_path.json", "asset_metadata.json"])
def test_each_answer_has_the_shape_of_its_recording(dandi, name):
    assert shape(get(routes(dandi)[name])) == shape(recorded(name))


def test_folder_listing_has_the_shape_of_its_recording(dandi):
    page = get(f"{dandi.api_url}/dandisets/000409/versions/draft/assets/paths/?path_prefix=")
    folder, file = recorded("asset_paths.json")["results"]
    assert [shape(r) for r in page["results"]] == [shape(folder)]  # `sub-X`, a folder
    inside = get(f"{dandi.api_url}/dandisets/000409/versions/draft/assets/paths/?path_prefix=sub-X")
    assert [shape(r) for r in inside["results"]] == [shape(file)]


def test_no_answer_points_at_the_real_archive(dandi):
    """Every URL in an answer is the test server's own, so nothing can reach the network."""
    bodies = [json.dumps(get(url)) for url in routes(dandi).values()]
    bodies.append(json.dumps(get(f"{dandi.api_url}/dandisets/000409/versions/draft/assets/paths/?path_prefix=sub-X")))
    for body in bodies:
        assert not any(host in body for host in REAL_HOSTS), body


def test_asset_metadata_describes_the_served_bytes(dandi, blob):
    """Digest, size and URLs are the served file's, not the recorded asset's."""
    asset = dandi.assets[0]
    meta = get(f"{dandi.api_url}/assets/{asset.asset_id}/")
    data = blob.read_bytes()
    # One part (< 64 MiB): the DANDI etag is the md5 of the part's md5, then "-1".
    etag = hashlib.md5(hashlib.md5(data).digest()).hexdigest() + "-1"
    assert meta["digest"] == {"dandi:dandi-etag": etag, "dandi:sha2-256": hashlib.sha256(data).hexdigest()}
    assert (meta["identifier"], meta["id"], meta["path"], meta["contentSize"]) == (
        asset.asset_id, f"dandiasset:{asset.asset_id}", ASSET_PATH, len(data))
    download, blob_url = meta["contentUrl"]
    assert download == f"{dandi.api_url}/assets/{asset.asset_id}/download/"
    # As the archive lists it: the storage URL of the blob, without presigning.
    assert blob_url == f"{dandi.store_url}/{dandi.mode}/blobs/{asset.blob[:3]}/{asset.blob[3:6]}/{asset.blob}"
    # What is not about the bytes stays as recorded (participant, session, schema).
    kept = recorded("asset_metadata.json")
    for key in ("wasAttributedTo", "wasGeneratedBy", "schemaVersion", "encodingFormat", "access"):
        assert meta[key] == kept[key]


def test_the_recordings_agree_with_each_other():
    """One real asset runs through the files: same id, path, blob and size everywhere."""
    meta = recorded("asset_metadata.json")
    item = recorded("assets_by_path.json")["results"][0]
    listed = recorded("asset_paths.json")["results"][1]
    assert meta["identifier"] == item["asset_id"] == listed["asset"]["asset_id"]
    assert meta["path"] == item["path"] == listed["path"]
    assert meta["contentSize"] == item["size"] == listed["aggregate_size"]
    blob = item["blob"]
    expected = f"https://dandiarchive.s3.amazonaws.com/blobs/{blob[:3]}/{blob[3:6]}/{blob}"
    assert meta["contentUrl"][1] == listed["asset"]["url"] == expected
    version = recorded("dandiset.json")["draft_version"]
    assert version["name"] == recorded("dandisets_search.json")["results"][0]["draft_version"]["name"]


def test_recorded_ids_are_real_not_placeholders():
    text = "".join(path.read_text() for path in Path(RECORDED).glob("*.json"))
    assert "00000000-0000" not in text and "sub-X" not in text

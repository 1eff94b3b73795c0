"""Re-record the documents in recorded/ from the real DANDI API (needs the network).

    python tests/python/dandi/record_dandi.py [--api https://api.dandiarchive.org/api] [--dandiset 000409]

Lists are trimmed to their first two items; the test server copies the first one per file.
"""
from __future__ import annotations

import argparse
import json
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent / "recorded"


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def trim(page: dict) -> dict:
    return {**page, "results": page["results"][:2]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", default="https://api.dandiarchive.org/api")
    parser.add_argument("--dandiset", default="000409")
    args = parser.parse_args()
    api, ds = args.api.rstrip("/"), args.dandiset
    dandiset = get(f"{api}/dandisets/{ds}/")
    version = (dandiset.get("most_recent_published_version") or {}).get("version", "draft")
    search = trim(get(f"{api}/dandisets/?search={ds}&page_size=2"))
    top = trim(get(f"{api}/dandisets/{ds}/versions/{version}/assets/paths/?path_prefix="))
    folder = next(r["path"] for r in top["results"] if r["asset"] is None)
    inside = trim(get(f"{api}/dandisets/{ds}/versions/{version}/assets/paths/?path_prefix={urllib.parse.quote(folder)}"))
    asset = next(r for r in inside["results"] if r["asset"] is not None)
    by_path = trim(get(
        f"{api}/dandisets/{ds}/versions/{version}/assets/?path={urllib.parse.quote(asset['path'])}&metadata=false"
    ))
    metadata = get(f"{api}/assets/{asset['asset']['asset_id']}/")
    for name, doc in {
        "dandiset.json": dandiset, "dandisets_search.json": search, "asset_paths.json": top,
        "assets_by_path.json": by_path, "asset_metadata.json": metadata,
    }.items():
        (HERE / name).write_text(json.dumps(doc, indent=2) + "\n")


if __name__ == "__main__":
    main()

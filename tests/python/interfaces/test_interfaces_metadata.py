"""Metadata JSON round trip: write it, edit it by hand, convert with it, pynwb shows the edits."""
from __future__ import annotations

import json

import pynwb

from interfaces_oracle import convert, write_metadata


def test_edited_metadata_reaches_the_file(session, tmp_path):
    meta = tmp_path / "meta.json"
    write_metadata(session, meta)
    document = json.loads(meta.read_text())
    document["NWBFile"]["session_description"] = "Edited by hand: a tiny generated session."
    document["Subject"]["weight"] = "0.0311 kg"
    meta.write_text(json.dumps(document))
    out = tmp_path / "s.nwb"
    result = convert(session, out, "--metadata", str(meta), "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert nwb.session_description == "Edited by hand: a tiny generated session."
        assert nwb.subject.weight == "0.0311 kg"
        assert nwb.session_id == session.eid
        assert len(nwb.trials) > 0 and nwb.units is None


def test_invalid_metadata_edit_fails_with_its_json_path(session, tmp_path):
    meta = tmp_path / "meta.json"
    write_metadata(session, meta)
    document = json.loads(meta.read_text())
    document["NWBFile"]["session_start_time"] = "yesterday"
    meta.write_text(json.dumps(document))
    result = convert(session, tmp_path / "s.nwb", "--metadata", str(meta))
    assert result.returncode == 1
    assert "session_start_time" in result.stderr
    assert not (tmp_path / "s.nwb").exists()

"""ONE-api's REST cache reads our `.rest` entries offline; the raw `.cbin` decodes to the bytes
its `.ch` and `.meta` describe (decoded here with zlib + numpy, independently of our code)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from one.converters import ses2records
from one.webclient import AlyxClient
from mtscomp_oracle import decode_mtscomp

# nothing listens on the discard port: any request that misses the cache fails at once
OFFLINE_URL = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def alyx(generated_cache):
    return AlyxClient(base_url=OFFLINE_URL, cache_dir=generated_cache, silent=True)


@pytest.fixture(scope="module")
def tables(generated_cache):
    return (pd.read_parquet(generated_cache / "sessions.pqt"),
            pd.read_parquet(generated_cache / "datasets.pqt"))


def test_rest_sessions_match_tables(alyx, tables):
    ses, dsets = tables
    for eid, row in ses.iterrows():
        detail = alyx.rest("sessions", "read", id=eid)
        assert detail["id"] == eid
        assert (detail["subject"], detail["lab"], detail["number"]) == (row.subject, row.lab, row.number)
        assert detail["start_time"][:10] == str(row.date)
        assert ",".join(detail["projects"]) == row.projects and detail["task_protocol"] == row.task_protocol
        items = {d["id"]: d for d in detail["data_dataset_session_related"]}
        own = dsets.loc[eid]
        assert set(items) == set(own.index)
        for did, d in own.iterrows():
            item = items[did]
            stem, ext = d.rel_path.rsplit(".", 1)
            session_path = f"{row.lab}/Subjects/{row.subject}/{row.date}/{row.number:03d}"
            assert item["data_url"].endswith(f"/{session_path}/{stem}.{did}.{ext}")
            assert (item["file_size"], item["hash"], item["qc"]) == (d.file_size, d.hash, d.qc)
            assert item["default_revision"] == "True"
        # ONE's own converter turns the detail back into the cache rows we wrote
        ses_rec, dsets_rec = ses2records(detail)
        assert str(ses_rec.name) == eid
        assert (ses_rec["subject"], ses_rec["lab"], ses_rec["date"]) == (row.subject, row.lab, row.date)
        converted = dsets_rec.reset_index().assign(id=lambda df: df["id"].astype(str)).set_index("id")
        assert (converted.loc[own.index, "rel_path"] == own["rel_path"]).all()
        assert (converted.loc[own.index, "hash"] == own["hash"]).all()
        listed = alyx.rest("sessions", "list", id=eid)
        assert [r["id"] for r in listed] == [eid]
        pids = [p["id"] for p in alyx.rest("insertions", "list", session=eid)]
        assert [p["name"] for p in detail["probe_insertion"]] == ["probe00", "probe01"]
        assert pids == [p["id"] for p in detail["probe_insertion"]]
        assert alyx.rest("insertions", "read", id=pids[0])["session"] == eid


def test_rest_subjects_and_labs(alyx, tables):
    ses, _ = tables
    for subject, lab in ses[["subject", "lab"]].drop_duplicates().itertuples(index=False):
        record = alyx.rest("subjects", "read", id=subject)
        assert record["nickname"] == subject and record["lab"] == lab and record["sex"] in ("M", "F")
        assert [r["nickname"] for r in alyx.rest("subjects", "list", nickname=subject)] == [subject]
        lab_record = alyx.rest("labs", "read", id=lab)
        assert lab_record["name"] == lab and lab_record["timezone"]
        assert [r["name"] for r in alyx.rest("labs", "list", name=lab)] == [lab]


def test_raw_ephys_decodes(generated_cache):
    chs = sorted(generated_cache.glob("*/Subjects/*/*/*/raw_ephys_data/probe*/*.ap.ch"))
    assert len(chs) == 6
    for ch_file in chs:
        ch = json.loads(ch_file.read_text())
        cbin = ch_file.with_suffix(".cbin")
        assert hashlib.sha1(cbin.read_bytes()).hexdigest() == ch["sha1_compressed"]
        samples = decode_mtscomp(cbin, ch)
        assert samples.shape == tuple(ch["shape"]) == (ch["chunk_bounds"][-1], 385)
        assert hashlib.sha1(samples.tobytes()).hexdigest() == ch["sha1_uncompressed"]
        meta = dict(line.split("=", 1) for line in ch_file.with_suffix(".meta").read_text().splitlines())
        assert meta["fileSHA1"] == ch["sha1_uncompressed"].upper()
        assert int(meta["fileSizeBytes"]) == samples.nbytes
        assert int(meta["nSavedChans"]) == 385 and meta["typeThis"] == "imec"
        assert np.isclose(float(meta["fileTimeSecs"]) * float(meta["imSampRate"]), samples.shape[0])
        # AP channels carry noise and spikes, the sync channel only 0/1
        assert set(np.unique(samples[:, 384])) <= {0, 1}
        assert 2 < samples[:, :384].std() < 200


def test_one_alyx_rest_offline(generated_cache, tables):
    """The same records through `one.alyx.rest` of a OneAlyx instance in local mode."""
    from one.api import ONE

    ses, _ = tables
    one = ONE(base_url=OFFLINE_URL, cache_dir=generated_cache, mode="local", silent=True)
    for eid, row in ses.iterrows():
        record = one.alyx.rest("sessions", "read", id=eid)
        assert (record["subject"], record["lab"]) == (row.subject, row.lab)
        assert one.alyx.rest("subjects", "read", id=row.subject)["nickname"] == row.subject
        assert one.alyx.rest("labs", "read", id=row.lab)["name"] == row.lab

"""A conversion started through the server runs the bundled CLI on the bundled sample; pynwb reads
the result and sees an edited description; a cancelled job leaves no .nwb."""
import asyncio
import json

from one.api import ONE
from pynwb import NWBHDF5IO


async def wait_job(jp_fetch, job_id, timeout=120):
    for _ in range(int(timeout / 0.2)):
        job = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "jobs", job_id)).body)
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


async def test_convert_sample_session_with_edited_metadata(jp_fetch, jp_root_dir, repo):
    eid = str(ONE(mode="local", cache_dir=repo / "demo" / "one-cache").search()[0])
    meta = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "metadata", eid)).body)["document"]
    meta["NWBFile"]["session_description"] = "Edited in the sidebar"
    (jp_root_dir / "meta.json").write_text(json.dumps(meta))
    body = {"eid": eid, "cacheDir": "", "output": "nwb/out.nwb", "metadata": "meta.json"}
    (jp_root_dir / "nwb").mkdir()
    response = await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
    assert response.code == 201
    job = await wait_job(jp_fetch, json.loads(response.body)["id"])
    assert job["status"] == "done", job
    assert job["fraction"] == 1.0
    assert job["report"]["status"] == "done"
    with NWBHDF5IO(str(jp_root_dir / "nwb" / "out.nwb"), "r") as io:
        nwb = io.read()
        assert nwb.session_description == "Edited in the sidebar"
        assert nwb.session_id == eid


async def test_raw_job_writes_the_acquisition_series(jp_fetch, jp_root_dir, repo):
    one = ONE(mode="local", cache_dir=repo / "demo" / "one-cache")
    eid = next(str(e) for e in one.search() if any("raw_ephys_data" in d for d in one.list_datasets(e)))
    body = {"eid": eid, "cacheDir": "", "output": "raw.nwb", "raw": True}
    response = await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
    job = await wait_job(jp_fetch, json.loads(response.body)["id"])
    assert job["status"] == "done", job
    with NWBHDF5IO(str(jp_root_dir / "raw.nwb"), "r") as io:
        assert any(name.endswith("AP") for name in io.read().acquisition)


async def test_video_job_passes_the_option_and_skips_without_movies(jp_fetch, jp_root_dir, repo):
    """The bundled sample has no raw_video_data. A CLI of contract 1 refuses an explicit --video
    it cannot write (exit 3, NOT_AVAILABLE, no file); an older one skipped it with its reason."""
    eid = str(ONE(mode="local", cache_dir=repo / "demo" / "one-cache").search()[0])
    body = {"eid": eid, "cacheDir": "", "output": "video.nwb", "video": True, "modalities": ["trials"]}
    response = await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
    job = await wait_job(jp_fetch, json.loads(response.body)["id"])
    if job["status"] == "failed":
        assert job["errorEvent"]["code"] == "NOT_AVAILABLE", job["errorEvent"]
        assert "raw_video_data" in job["error"] and job["errorEvent"]["advice"]
        assert not (jp_root_dir / "video.nwb").exists()
        return
    assert job["status"] == "done", job
    (video,) = [i for i in job["report"]["interfaces"] if i["name"] == "video"]
    assert video["status"] == "skipped"
    assert "raw_video_data" in video["reason"]

"""Hostile input over every route of a real Jupyter server: malformed bodies, path tricks
(absolute, '..', symlinks in and out, pre-placed .part links, NUL, long names), option
injection. Never a 500; nothing read or written outside the root; the request's faults are 4xx
with a message naming the field."""
import asyncio
import json
import os
import shutil

import pytest
from one.api import ONE
from tornado.httpclient import HTTPClientError

EID = "949e5d42-ac82-42e6-a5d7-0de34bbc7bc1"


@pytest.fixture
def outside(tmp_path):
    """A folder beside the root whose files must never be read or changed."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("secret")
    (folder / "sessions.pqt").write_bytes(b"not yours")
    return folder


def snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


async def call(jp_fetch, *parts, method="GET", body=None, raw=None, **params):
    kwargs = {"method": method, "params": params}
    if raw is not None or body is not None:
        kwargs["body"] = raw if raw is not None else json.dumps(body)
    try:
        response = await jp_fetch("jupyterlab-ibl-nwb", *parts, **kwargs)
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body or b"{}")
    return response.code, json.loads(response.body)


DEEP = "[" * 100_000 + "]" * 100_000
BAD_BODIES = ["[]", "1", '"x"', "null", "[1, 2]", DEEP, '{"a":' * 5000 + "1" + "}" * 5000, "{", "\xff"]


@pytest.mark.parametrize("raw", BAD_BODIES, ids=range(len(BAD_BODIES)))
@pytest.mark.parametrize("route", [("jobs", "POST"), ("jobs/config", "PUT"), ("alyx/login", "POST"), ("alyx/logout", "POST")])
async def test_bodies_that_are_not_objects_are_400(jp_fetch, raw, route):
    path, method = route
    code, body = await call(jp_fetch, *path.split("/"), method=method, raw=raw)
    assert code == 400, (code, body)
    assert body["message"]


def job_body(**changes):
    return {"eid": EID, "cacheDir": "", "output": "out.nwb", **changes}


REFUSED = [
    ({"modalities": "trials"}, "modalities"),
    ({"modalities": [1, 2]}, "modalities"),
    ({"modalities": ["--cache=/etc"]}, "modalities"),
    ({"output": "x" * 300 + ".nwb"}, "too long"),
    ({"output": "a\x00b.nwb"}, "NUL"),
    ({"output": "/etc/out.nwb"}, "outside the Jupyter root"),
    ({"output": "../out.nwb"}, "outside the Jupyter root"),
    ({"output": "out.txt"}, ".nwb"),
    ({"output": 3}, "output"),
    ({"eid": "--help"}, "eid"),
    ({"eid": "/etc"}, "eid"),
    ({"eid": "../../x/2020-01-01/001"}, "eid"),
    ({"eid": "a\x00b"}, "eid"),
    ({"eid": ["x"]}, "eid"),
    ({"cacheDir": "/etc"}, "outside the Jupyter root"),
    ({"cacheDir": "missing"}, "not a folder"),
    ({"metadata": "../meta.json"}, "outside the Jupyter root"),
    ({"metadata": "missing.json"}, "not a file"),
    ({"raw": "yes"}, "raw"),
    ({"overwrite": 1}, "overwrite"),
]


@pytest.mark.parametrize("changes, says", REFUSED, ids=[str(c) for c, _ in REFUSED])
async def test_bad_job_requests_are_refused_up_front(jp_fetch, jp_root_dir, outside, changes, says):
    before = snapshot(outside)
    code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(**changes))
    assert code == 400, (code, body)
    assert says in body["message"], body["message"]
    jobs = (await call(jp_fetch, "jobs"))[1]
    assert jobs["total"] == 0
    assert snapshot(outside) == before


async def test_output_that_is_a_folder_or_in_a_read_only_folder_is_refused(jp_fetch, jp_root_dir, tmp_path):
    (jp_root_dir / "folder.nwb").mkdir()
    code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(output="folder.nwb"))
    assert code == 400 and "is a folder" in body["message"]
    readonly = jp_root_dir / "ro"
    readonly.mkdir()
    if os.system(f"mount -t tmpfs -o size=1m,ro tmpfs {readonly} 2>/dev/null") != 0:
        pytest.skip("cannot mount a read-only tmpfs here (not root)")
    try:
        code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(output="ro/x.nwb"))
        assert code == 400 and "not writable" in body["message"]
    finally:
        os.system(f"umount {readonly}")


async def test_links_out_of_the_root_are_refused_everywhere(jp_fetch, jp_root_dir, outside, repo):
    before = snapshot(outside)
    cache = jp_root_dir / "cache"
    shutil.copytree(repo / "demo" / "one-cache", cache)
    # A link deep inside the cache, to a file outside the root: a convert would read it.
    alf = next(cache.rglob("alf"))
    os.symlink(outside / "secret.txt", alf / "_ibl_trials.table.pqt.lnk")
    code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(cacheDir="cache"))
    assert code == 400 and "link to outside the Jupyter root" in body["message"], body
    # The tables themselves as links out: search, info and metadata refuse the folder.
    tables = jp_root_dir / "tables"
    tables.mkdir()
    os.symlink(outside / "sessions.pqt", tables / "sessions.pqt")
    for route in (("search",), ("sessions", EID), ("metadata", EID)):
        code, body = await call(jp_fetch, *route, cache="tables")
        assert code == 400 and "link to outside the Jupyter root" in body["message"], (route, body)
    # The output and the metadata as links out.
    os.symlink(outside / "secret.txt", jp_root_dir / "evil.nwb")
    os.symlink(outside / "secret.txt", jp_root_dir / "meta.json")
    for changes in ({"output": "evil.nwb", "overwrite": True}, {"metadata": "meta.json"}):
        code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(**changes))
        assert code == 400 and "outside the Jupyter root" in body["message"], body
    # A dangling link out as the output (its target would be created), links out beside it where
    # the converter writes its report, and with --video anywhere in the folder.
    os.symlink(outside / "new.nwb", jp_root_dir / "dangling.nwb")
    (jp_root_dir / "o").mkdir()
    os.symlink(outside, jp_root_dir / "o" / "x.report.json")
    os.symlink(outside, jp_root_dir / "o" / "sub-A_ses-B_ecephys+image")
    for changes in ({"output": "dangling.nwb"}, {"output": "o/x.nwb"}, {"output": "o/y.nwb", "video": True}):
        code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(**changes))
        assert code == 400 and "outside the Jupyter root" in body["message"], (changes, body)
    code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(output="o/y.nwb"))
    assert code == 201, body
    await call(jp_fetch, "jobs", body["id"], method="DELETE")
    assert snapshot(outside) == before
    assert not (outside / "new.nwb").exists()


async def test_a_link_that_stays_inside_the_root_is_fine(jp_fetch, jp_root_dir, repo):
    os.symlink(repo / "demo" / "one-cache", jp_root_dir / "copy", target_is_directory=True)
    code, _ = await call(jp_fetch, "search", cache="copy")
    assert code == 400  # the link itself points out of this root
    real = jp_root_dir / "real"
    shutil.copytree(repo / "demo" / "one-cache", real)
    os.symlink(real, jp_root_dir / "alias", target_is_directory=True)
    code, body = await call(jp_fetch, "search", cache="alias")
    assert code == 200 and body["sessions"]


async def wait_job(jp_fetch, job_id, timeout=120):
    for _ in range(int(timeout / 0.2)):
        code, job = await call(jp_fetch, "jobs", job_id)
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


async def test_pre_placed_part_links_are_not_followed(jp_fetch, jp_root_dir, outside, repo):
    """Links planted where the CLI writes its temporary files: out of the root, the request is
    refused; inside it, they are removed before the run, never followed."""
    before = snapshot(outside)
    eid = str(ONE(mode="local", cache_dir=repo / "demo" / "one-cache").search()[0])
    folder = jp_root_dir / "new" / "folder"
    folder.mkdir(parents=True)
    names = ("x.nwb.part", "x.nwb.part.chunks", "x.report.json.part", "x.nwb.report.json.part")
    for name in names:
        os.symlink(outside / "secret.txt", folder / name)
    body = {"eid": eid, "cacheDir": "", "output": "new/folder/x.nwb", "modalities": ["trials"]}
    code, answer = await call(jp_fetch, "jobs", method="POST", body=body)
    assert code == 400 and "x.nwb.part" in answer["message"] and "outside the Jupyter root" in answer["message"]
    victim = jp_root_dir / "victim.txt"
    victim.write_text("keep me")
    for name in names:
        (folder / name).unlink()
        os.symlink(victim, folder / name)
    code, job = await call(jp_fetch, "jobs", method="POST", body=body)
    assert code == 201, job
    job = await wait_job(jp_fetch, job["id"])
    assert job["status"] == "done", job
    out = folder / "x.nwb"
    assert out.is_file() and not out.is_symlink()
    assert victim.read_text() == "keep me"
    assert not any((folder / name).is_symlink() for name in names)
    assert snapshot(outside) == before


async def test_missing_output_folders_are_created_inside_the_root(jp_fetch, jp_root_dir):
    code, _ = await call(jp_fetch, "jobs", method="POST", body=job_body(output="nope/x.nwb", metadata="missing.json"))
    assert code == 400 and not (jp_root_dir / "nope").exists()  # a refused request creates nothing
    (jp_root_dir / "afile").write_text("x")
    code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(output="afile/x.nwb"))
    assert code == 400 and "afile is not a folder" in body["message"], body
    code, job = await call(jp_fetch, "jobs", method="POST", body=job_body(output="nwb/deep/er/x.nwb", modalities=["trials"]))
    assert code == 201, job
    assert (jp_root_dir / "nwb" / "deep" / "er").is_dir()
    await wait_job(jp_fetch, job["id"])


async def test_two_jobs_on_one_output_is_409(jp_fetch, jp_root_dir):
    code, first = await call(jp_fetch, "jobs", method="POST", body=job_body(output="same.nwb"))
    assert code == 201
    code, body = await call(jp_fetch, "jobs", method="POST", body=job_body(output="same.nwb", overwrite=True))
    assert code == 409 and first["id"] in body["message"]
    await call(jp_fetch, "jobs", first["id"], method="DELETE")


async def test_unknown_session_is_404_and_bad_dates_are_400(jp_fetch):
    code, body = await call(jp_fetch, "sessions", "00000000-0000-0000-0000-000000000000")
    assert code == 404 and "no session" in body["message"]
    code, body = await call(jp_fetch, "metadata", "00000000-0000-0000-0000-000000000000")
    assert code == 404, body
    for dates in ({"date_from": "2020-13-45"}, {"date_to": "2021-02-30"}, {"date_from": "x"},
                  {"date_from": "2022-01-02", "date_to": "2021-01-01"}):
        code, body = await call(jp_fetch, "search", **dates)
        assert code == 400 and "date" in body["message"], (dates, body)


async def test_search_values_cannot_pass_for_options(jp_fetch, outside):
    before = snapshot(outside)
    code, body = await call(jp_fetch, "search", subject=f"--cache={outside}")
    assert code == 200 and body["sessions"] == []
    code, body = await call(jp_fetch, "search", lab="--help")
    assert code == 200 and body["sessions"] == []
    assert snapshot(outside) == before


async def test_jobs_list_is_compact_and_limited(jp_fetch, jp_serverapp, tmp_path):
    import sys
    from pathlib import Path

    manager = jp_serverapp.web_app.settings["ibl_nwb_jobs"]
    fake = str(Path(__file__).with_name("fake_converter.py"))
    for i in range(60):
        manager.submit([sys.executable, fake, "longline", str(tmp_path / f"{i}.nwb")])
    manager.set_max_concurrent(16)
    for _ in range(600):
        if all(j.status == "done" for j in manager.jobs.values()):
            break
        await asyncio.sleep(0.1)
    response = await jp_fetch("jupyterlab-ibl-nwb", "jobs")
    listed = json.loads(response.body)
    assert listed["total"] == 60 and len(listed["jobs"]) == 50
    assert len(response.body) < 30_000
    assert all("log" not in j and "report" not in j for j in listed["jobs"])
    code, detail = await call(jp_fetch, "jobs", listed["jobs"][0]["id"])
    assert len(detail["report"]["interfaces"]) == 3000

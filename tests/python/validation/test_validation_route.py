"""POST /validations runs the NWB Inspector and dandi on an .nwb under the Jupyter root, off the
event loop; GET /validations/<id> gives the findings. Oracles: nwbinspector's own
inspect_nwbfile and `dandi validate`, run here on the same files. Bad requests are 4xx with a
message, never a 500, and nothing outside the root is opened."""
import asyncio
import json
import os
import subprocess
import sys

import h5py
import pytest
from tornado.httpclient import HTTPClientError

from nwb_files import KNOWN_CHECK, inspector_findings, write_nwb

LEVELS = ("CRITICAL", "BEST_PRACTICE_VIOLATION", "BEST_PRACTICE_SUGGESTION")
INSPECTOR_LEVELS = {"ERROR": "CRITICAL", "PYNWB_VALIDATION": "CRITICAL"}


async def post(jp_fetch, body) -> tuple[int, dict]:
    try:
        response = await jp_fetch("jupyterlab-ibl-nwb", "validations", method="POST", body=json.dumps(body))
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body)
    return response.code, json.loads(response.body)


async def finished(jp_fetch, record: dict, timeout: float = 120) -> dict:
    for _ in range(int(timeout / 0.2)):
        record = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "validations", record["id"])).body)
        if record["status"] not in ("queued", "running"):
            return record
        await asyncio.sleep(0.2)
    raise AssertionError(f"validation {record['id']} did not finish: {record}")


def as_inspector(finding: dict) -> tuple:
    return (finding["check_name"], finding["object_type"], finding["object_name"], finding["location"], finding["message"])


async def test_findings_of_a_file_with_a_known_critical_finding_equal_the_inspectors(jp_fetch, jp_root_dir):
    path = write_nwb(jp_root_dir / "data" / "rate0.nwb", rate=0.0)
    code, record = await post(jp_fetch, {"path": "data/rate0.nwb"})
    assert code == 202, record
    assert record["status"] in ("queued", "running") and record["path"] == "data/rate0.nwb"
    done = await finished(jp_fetch, record)
    assert done["status"] == "done", done
    assert done["complete"] is True
    ours = [f for f in done["findings"] if f["tool"] == "nwbinspector"]
    assert sorted(map(as_inspector, ours)) == inspector_findings(path)
    known = [f for f in ours if f["check_name"] == KNOWN_CHECK]
    assert len(known) == 1, ours
    assert known[0]["importance"] == "CRITICAL"
    assert known[0] | {"message": None} == {
        "importance": "CRITICAL", "check_name": KNOWN_CHECK, "message": None, "object_type": "TimeSeries",
        "object_name": "position", "location": "/acquisition/position", "tool": "nwbinspector",
    }
    # Counts are per level over every finding.
    assert done["counts"] == {level: sum(f["importance"] == level for f in done["findings"]) for level in LEVELS}
    assert done["counts"]["CRITICAL"] >= 1
    assert set(done["tools"]) == {"nwbinspector", "dandi"} and all(done["tools"].values())


async def test_a_good_file_has_no_critical_finding_and_the_same_list_as_the_inspector(jp_fetch, jp_root_dir):
    path = write_nwb(jp_root_dir / "good.nwb")
    code, record = await post(jp_fetch, {"path": "good.nwb"})
    assert code == 202
    done = await finished(jp_fetch, record)
    assert done["status"] == "done", done
    assert sorted(map(as_inspector, done["findings"])) == inspector_findings(path)
    assert done["counts"]["CRITICAL"] == 0 and done["counts"]["BEST_PRACTICE_VIOLATION"] == 0
    # Outside a Dandiset, dandi's name checks do not apply: said once, not listed as a finding.
    assert any("Not inside a Dandiset" in note for note in done["notes"])


async def test_dandi_findings_in_a_dandiset_match_dandi_validate_without_repeating_the_inspector(jp_fetch, jp_root_dir):
    dandiset = jp_root_dir / "dandiset"
    path = write_nwb(dandiset / "not_a_dandi_name.nwb", rate=0.0)
    (dandiset / "dandiset.yaml").write_text("identifier: DANDI:000000\nname: test\n")
    code, record = await post(jp_fetch, {"path": "dandiset/not_a_dandi_name.nwb"})
    done = await finished(jp_fetch, record)
    assert done["status"] == "done", done
    ran = subprocess.run(
        [sys.executable, "-c", "from dandi.cli.command import main; main()", "validate", "-f", "json_lines", str(path)],
        capture_output=True, text=True, env={**os.environ, "DANDI_NO_ET": "1", "NO_ET": "1", "DANDI_CACHE": "ignore"},
    )
    theirs = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    own = sorted(r["id"] for r in theirs if not r["id"].startswith("NWBI."))
    assert "DANDI.NON_DANDI_FILENAME" in own
    assert sorted(f["check_name"] for f in done["findings"] if f["tool"] == "dandi") == own
    # The inspector's findings that dandi repeats (NWBI.*) are listed once, as the inspector's.
    assert not any(f["check_name"].startswith("NWBI.") for f in done["findings"])
    assert sum(f["check_name"] == KNOWN_CHECK for f in done["findings"]) == 1
    named = next(f for f in done["findings"] if f["check_name"] == "DANDI.NON_DANDI_FILENAME")
    assert named["importance"] == "CRITICAL"  # dandi's ERROR: DANDI refuses the upload


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("../outside.nwb", 403, "outside the Jupyter root"),
        ("/etc/passwd.nwb", 403, "outside the Jupyter root"),
        ("link.nwb", 403, "outside the Jupyter root"),  # a link inside the root to a file outside
        ("notes.txt", 400, "not an .nwb file"),
        ("folder.nwb", 400, "is a folder"),
        ("missing.nwb", 404, "No file missing.nwb"),
        ("junk.nwb", 400, "not an HDF5 file"),
        ("", 400, "'path' is missing"),
        (7, 400, "'path' is missing"),
        ("a\x00b.nwb", 400, "NUL"),
    ],
)
async def test_bad_requests_are_refused_with_a_message(jp_fetch, jp_root_dir, tmp_path_factory, path, status, words):
    outside = tmp_path_factory.mktemp("outside") / "secret.nwb"
    write_nwb(outside)
    (jp_root_dir / "link.nwb").symlink_to(outside)
    (jp_root_dir / "notes.txt").write_text("not nwb")
    (jp_root_dir / "folder.nwb").mkdir()
    (jp_root_dir / "junk.nwb").write_bytes(b"not an hdf5 file at all")
    code, body = await post(jp_fetch, {"path": path})
    assert code == status, body
    assert words in body["message"]


async def test_a_body_that_is_not_json_is_refused(jp_fetch):
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("jupyterlab-ibl-nwb", "validations", method="POST", body="{not json")
    assert raised.value.code == 400
    assert "not JSON" in json.loads(raised.value.response.body)["message"]


async def test_an_unknown_validation_is_404(jp_fetch):
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("jupyterlab-ibl-nwb", "validations", "0123456789ab")
    assert raised.value.code == 404


async def test_an_hdf5_link_out_of_the_root_fails_the_validation_without_opening_it(jp_fetch, jp_root_dir, tmp_path_factory):
    outside = write_nwb(tmp_path_factory.mktemp("outside") / "secret.nwb", rate=0.0)
    path = write_nwb(jp_root_dir / "linked.nwb")
    with h5py.File(path, "a") as nwb:
        nwb["acquisition/elsewhere"] = h5py.ExternalLink(str(outside), "/acquisition/position")
    code, record = await post(jp_fetch, {"path": "linked.nwb"})
    assert code == 202
    done = await finished(jp_fetch, record)
    assert done["status"] == "failed"
    assert "outside the Jupyter root" in done["message"] and "/acquisition/elsewhere" in done["message"]
    assert done["findings"] == []


async def test_the_same_file_asked_twice_while_running_is_one_validation(jp_fetch, jp_root_dir):
    write_nwb(jp_root_dir / "twice.nwb")
    code, first = await post(jp_fetch, {"path": "twice.nwb"})
    assert code == 202
    code, second = await post(jp_fetch, {"path": "./twice.nwb"})
    assert code == 200 and second["id"] == first["id"]
    await finished(jp_fetch, first)


async def test_tools_route_names_the_installed_validators(jp_fetch):
    body = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "validations", "tools")).body)
    from importlib.metadata import version

    assert body["tools"] == {"nwbinspector": version("nwbinspector"), "dandi": version("dandi")}
    assert body["install"] is None

"""What a user's JupyterLab serves once the package is installed: the page with our extension, its
settings, and every REST route of the server extension on the bundled sample, up to a finished job."""
from __future__ import annotations

import json
import re
from pathlib import Path

from install_server import Lab

SAMPLE_EID = "2b7095e9-77a5-4f93-95f7-e22949bffc4e"  # KS074 2021-11-17 001, in demo/one-cache


def page_config(lab: Lab, path: str = "/lab") -> dict:
    code, html = lab.request(path)
    assert code == 200, f"GET {path}: {code}"
    match = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"GET {path}: no page config"
    return json.loads(match.group(1))


def check_lab_page(lab: Lab, version: str) -> dict:
    """/lab loads our prebuilt extension, and its settings come with their defaults."""
    config = page_config(lab)
    ours = [e for e in config["federated_extensions"] if e["name"] == "jupyterlab-ibl-nwb"]
    assert ours, config["federated_extensions"]
    settings = lab.json("/lab/api/settings/jupyterlab-ibl-nwb:plugin")
    assert settings["schema"]["properties"]["outputDir"]["default"] == "nwb"
    assert lab.json("/jupyterlab-ibl-nwb/status")["version"] == version
    return settings


def ensure_folder(lab: Lab, folder: str) -> None:
    """What the sidebar and "Convert to NWB…" do before starting a job (contents API, parents first)."""
    parts = folder.strip("/").split("/")
    for i in range(1, len(parts) + 1):
        path = "/".join(parts[:i])
        code, _ = lab.request(f"/api/contents/{path}")
        if code == 404:
            lab.json(f"/api/contents/{path}", "PUT", {"type": "directory"}, status=201)


def check_routes(lab: Lab, root: Path) -> None:
    """Search, session, metadata and a conversion job of the bundled sample through the REST routes."""
    status = lab.json("/jupyterlab-ibl-nwb/status")
    assert status["cli"] and status["node"], status
    found = lab.json("/jupyterlab-ibl-nwb/search?subject=KS074")
    assert [s["eid"] for s in found["sessions"]] == [SAMPLE_EID], found
    session = lab.json(f"/jupyterlab-ibl-nwb/sessions/{SAMPLE_EID}")
    assert session["session"]["eid"] == SAMPLE_EID and session["datasets"], session
    metadata = lab.json(f"/jupyterlab-ibl-nwb/metadata/{SAMPLE_EID}")
    assert metadata["document"]["NWBFile"]["session_id"] == SAMPLE_EID and metadata["problems"] == []
    output = "nwb/sub-KS074_ses-2b7095e9_desc-processed_behavior+ecephys.nwb"
    ensure_folder(lab, "nwb")
    job = lab.json("/jupyterlab-ibl-nwb/jobs", "POST", {"eid": SAMPLE_EID, "cacheDir": "", "output": output},
                   status=201)
    job = lab.wait_job(job["id"])
    assert job["status"] == "done", job
    assert (root / output).is_file()
    assert job["id"] in [j["id"] for j in lab.json("/jupyterlab-ibl-nwb/jobs")["jobs"]]

"""deploy/k8s-indexed-job.yaml is a valid Kubernetes Job (kubernetes-validate, strict: no unknown
field, every type right) for the oldest Kubernetes it says it needs and the newest schema at hand,
and its shard count is its completion count. Broken copies are rejected, so the check can fail."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
MANIFEST = REPO / "deploy" / "k8s-indexed-job.yaml"
OLDEST = "1.29"  # backoffLimitPerIndex is on by default from 1.29 (beta), GA in 1.33


def versions() -> list[str]:
    return [OLDEST, kubernetes_validate.utils.latest_version()]


def problems(job: dict) -> list[str]:
    """What is wrong with a Job manifest for our batch: schema errors, then our own rules."""
    found = []
    for version in versions():
        try:
            # SchemaNotFoundError (an unknown kind or apiVersion) is raised here too; the command
            # line tool only warns about it and exits 0.
            kubernetes_validate.validate(job, version, strict=True)
        except Exception as error:  # noqa: BLE001 - any refusal is a problem to report
            path = ".".join(str(p) for p in getattr(error, "path", []))
            found.append(f"{version}: {path}: {getattr(error, 'message', error)}")
    if found:
        return found
    spec = job["spec"]
    if spec.get("completionMode") != "Indexed":
        found.append("completionMode must be Indexed: pods get JOB_COMPLETION_INDEX only then")
    [container] = spec["template"]["spec"]["containers"]
    command = " ".join(container.get("command", []) + container.get("args", []))
    shard = re.search(r'--shard "?\$JOB_COMPLETION_INDEX/(\d+)"?', command)
    if not shard:
        found.append("the container runs no `ibl2nwb batch --shard $JOB_COMPLETION_INDEX/N`")
    elif int(shard.group(1)) != spec["completions"]:
        found.append(f"--shard .../{shard.group(1)} but completions: {spec['completions']}: sessions would be skipped")
    if not re.search(r"\bexec ibl2nwb\b", command):
        found.append("the shell must exec ibl2nwb, so the pod's SIGTERM reaches the converter")
    return found


@pytest.fixture
def job() -> dict:
    [document] = list(yaml.safe_load_all(MANIFEST.read_text()))
    return document


def test_the_manifest_is_a_valid_indexed_job(job):
    assert problems(job) == []


def broken(job: dict, change) -> dict:
    copied = copy.deepcopy(job)
    change(copied)
    return copied


@pytest.mark.parametrize("what, change, expected", [
    ("a misspelled field", lambda j: j["spec"].update(parallelsim=8), "parallelsim"),
    ("a count as text", lambda j: j["spec"].update(completions="sixteen"), "completions"),
    ("an unknown kind", lambda j: j.update(kind="IndexedJob"), "IndexedJob"),
    ("a container without a name", lambda j: j["spec"]["template"]["spec"]["containers"][0].pop("name"),
     "name"),
    ("more shards than pods", lambda j: j["spec"].update(completions=8), "completions: 8"),
    ("not indexed", lambda j: j["spec"].update(completionMode="NonIndexed"), "Indexed"),
])
def test_broken_copies_are_rejected(job, what, change, expected):
    found = problems(broken(job, change))
    assert found, what
    assert expected in " ".join(found), found

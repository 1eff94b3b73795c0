"""The files of `convert --split` are named in one place, the CLI: `convert --plan` prints them
(writing and reading nothing), and the server asks it before it queues a job, so it checks and
waits for the raw file the CLI writes. Expected names are the ones `ibl2nwb convert --help`
documents: `sub-X_ses-Y_desc-raw_ecephys.nwb` beside a DANDI `sub-X_ses-Y_desc-processed_…`
name, else `<name>_raw.nwb`; each .nwb with its `.report.json` (contract 3)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_ibl_nwb.node import cli_environment, find_cli, find_node

pytestmark = pytest.mark.skipif(find_cli() is None or find_node() is None, reason="needs the built CLI and Node")

EID = "949e5d42-ac82-42e6-a5d7-0de34bbc7bc1"
DANDI = "sub-KS074_ses-949e5d42_desc-processed_behavior+ecephys.nwb"
FAKE = str(Path(__file__).resolve().parent / "fake_converter.py")


def plan(*args):
    return subprocess.run(
        [find_node(), find_cli(), "convert", EID, *map(str, args), "--plan", "--json"],
        capture_output=True, text=True, env=cli_environment(), timeout=120,
    )


def test_plan_names_the_files_of_split_and_touches_nothing(tmp_path):
    out = tmp_path / "not-yet" / DANDI
    done = plan("--cache", tmp_path / "no-such-cache", "-o", out, "--split")
    assert done.returncode == 0, done.stderr
    (event,) = [json.loads(line) for line in done.stdout.splitlines()]
    raw = tmp_path / "not-yet" / "sub-KS074_ses-949e5d42_desc-raw_ecephys.nwb"
    assert event == {"type": "plan", "outputs": [
        {"file": "processed", "path": str(out), "report": str(out.with_suffix(".report.json"))},
        {"file": "raw", "path": str(raw), "report": str(raw.with_suffix(".report.json"))},
    ]}
    assert list(tmp_path.iterdir()) == []  # no folder made, no cache read


@pytest.mark.parametrize("args, expected", [
    (["-o", "x.nwb"], [(None, "x.nwb", "x.report.json")]),
    (["-o", "x.nwb", "--report", "r.json"], [(None, "x.nwb", "r.json")]),
    (["-o", "x.nwb", "--split"], [("processed", "x.nwb", "x.report.json"), ("raw", "x_raw.nwb", "x_raw.report.json")]),
    (["-o", "x.nwb", "--split", "--raw-output", "y.nwb"],
     [("processed", "x.nwb", "x.report.json"), ("raw", "y.nwb", "y.report.json")]),
])
def test_plan_follows_the_options(args, expected):
    done = plan(*args)
    assert done.returncode == 0, done.stderr
    outputs = json.loads(done.stdout)["outputs"]
    assert [(o.get("file"), o["path"], o["report"]) for o in outputs] == expected


def test_a_raw_output_equal_to_the_output_is_a_usage_error():
    done = plan("-o", "x.nwb", "--split", "--raw-output", "x.nwb")
    assert done.returncode == 2
    assert json.loads(done.stdout.splitlines()[-1])["code"] == "USAGE"


async def post(jp_fetch, body):
    try:
        response = await jp_fetch("jupyterlab-ibl-nwb", "jobs", method="POST", body=json.dumps(body))
        return response.code, json.loads(response.body)
    except Exception as error:  # tornado's HTTPClientError
        return error.code, json.loads(error.response.body)


async def test_the_server_checks_and_waits_for_the_raw_file_the_cli_names(jp_fetch, jp_serverapp, jp_root_dir):
    jobs = jp_serverapp.web_app.settings["ibl_nwb_jobs"]
    root = Path(jp_root_dir).resolve()
    raw = root / "nwb" / "sub-KS074_ses-949e5d42_desc-raw_ecephys.nwb"
    raw.parent.mkdir()
    # Another job writes that raw file: a split job whose processed name leads to it is refused.
    other = jobs.submit([sys.executable, FAKE, "slow", str(raw)], output="other.nwb", files=[str(raw)])
    code, answer = await post(jp_fetch, {"eid": EID, "cacheDir": "", "output": f"nwb/{DANDI}", "split": True})
    assert jobs.get(other.id).status == "running"
    assert code == 409 and other.id in answer["message"], answer
    await jobs.cancel(other.id)

    # A raw file already there needs overwrite.
    raw.write_bytes(b"an earlier conversion")
    code, answer = await post(jp_fetch, {"eid": EID, "cacheDir": "", "output": f"nwb/{DANDI}", "split": True})
    assert code == 409 and raw.name in answer["message"], answer
    raw.unlink()

    # The job waits for the file the CLI will write, and tells it that very name.
    code, answer = await post(jp_fetch, {"eid": EID, "cacheDir": "", "output": "nwb/plain.nwb", "split": True})
    assert code == 201, answer
    job = jobs.get(answer["id"])
    assert job.files == [str(root / "nwb" / "plain.nwb"), str(root / "nwb" / "plain_raw.nwb")]
    assert job.command[job.command.index("--raw-output") + 1] == str(root / "nwb" / "plain_raw.nwb")
    await jobs.cancel(job.id)

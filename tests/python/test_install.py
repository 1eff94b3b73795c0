"""What an installed package looks like to Jupyter and to a user of the CLI."""
import subprocess
import sys

import jupyterlab_ibl_nwb
from jupyterlab_ibl_nwb.node import find_cli


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_labextension_is_enabled_and_ok():
    listing = run(sys.executable, "-m", "jupyter", "labextension", "list")
    lines = [line for line in listing.splitlines() if "jupyterlab-ibl-nwb" in line]
    assert lines, listing
    assert "enabled" in lines[0] and "OK" in lines[0], lines[0]


def test_server_extension_is_enabled():
    listing = run(sys.executable, "-m", "jupyter", "server", "extension", "list")
    lines = [line for line in listing.splitlines() if "jupyterlab_ibl_nwb" in line]
    assert any("enabled" in line for line in lines), listing
    assert any("OK" in line for line in lines), listing


def test_package_version_matches_package_json(package_version):
    assert jupyterlab_ibl_nwb.__version__ == package_version


def test_bundled_cli_prints_version_and_help(node, package_version):
    cli = find_cli()
    assert cli is not None, "jupyterlab_ibl_nwb/cli/ibl2nwb.mjs was not built"
    assert run(node, cli, "--version").strip() == package_version
    help_text = run(node, cli, "--help")
    assert "Usage:" in help_text and "convert" in help_text


def test_bundled_cli_rejects_unknown_command(node):
    result = subprocess.run([node, find_cli(), "frobnicate"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert 'unknown command "frobnicate"' in result.stderr


def test_python_launcher_runs_the_node_cli(package_version):
    result = subprocess.run(
        [sys.executable, "-m", "jupyterlab_ibl_nwb.cli", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == package_version

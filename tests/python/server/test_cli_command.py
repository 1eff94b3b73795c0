"""The server's one way to start the CLI says what is missing: a wrong IBL2NWB_NODE is named as such
(not "install Node.js"), and a missing CLI bundle is told apart from a missing Node."""
import pytest

from jupyterlab_ibl_nwb import cli_runner
from jupyterlab_ibl_nwb.cli_runner import CliError, cli_command


def test_a_wrong_ibl2nwb_node_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("IBL2NWB_NODE", str(tmp_path / "no-such-node"))
    with pytest.raises(CliError) as raised:
        cli_command(["search", "--help"])
    assert raised.value.status == 503
    assert "IBL2NWB_NODE" in str(raised.value) and "does not exist" in str(raised.value)


def test_a_missing_cli_bundle_is_not_called_a_missing_node(monkeypatch):
    monkeypatch.delenv("IBL2NWB_NODE", raising=False)
    monkeypatch.setattr(cli_runner, "find_cli", lambda: None)
    with pytest.raises(CliError) as raised:
        cli_command(["search", "--help"])
    assert raised.value.status == 503
    assert "ibl2nwb.mjs" in str(raised.value) and "Node.js" not in str(raised.value)

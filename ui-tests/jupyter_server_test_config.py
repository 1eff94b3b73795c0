"""Server configuration for galata: no token, fixed port 8888, temporary root dir.

Jupyter refuses to run as root unless allowed; CI and these machines run as root.
"""
import os
import tempfile

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821  (c is injected by Jupyter)
c.ServerApp.allow_root = True  # noqa: F821
c.LabApp.news_url = None  # noqa: F821  (no network)
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"  # noqa: F821
# Each UI test server keeps its conversion jobs apart from the user's and other runs'.
c.IblNwb.jobs_dir = tempfile.mkdtemp(prefix="ibl-nwb-jobs-")  # noqa: F821
# Alyx tokens and downloads of the UI tests stay out of ~/.one and ~/Downloads/ONE.
_one_dir = os.environ.get("IBL_NWB_TEST_ONE_DIR") or tempfile.mkdtemp(prefix="ibl-nwb-one-")
c.IblNwb.alyx_params_dir = _one_dir  # noqa: F821
c.IblNwb.alyx_cache_dir = os.path.join(_one_dir, "downloads")  # noqa: F821

# The catalogue's toy-modality test (tests/catalogue-toy.spec.ts) runs the server on another
# CLI bundle: the real CLI built from tests/ts/toy/toyCli.ts, which adds one modality to the
# real catalogue (`npm run build:cli:toy`, then IBL_NWB_TEST_CLI=ui-tests/toy-cli/ibl2nwb.mjs).
# Only this test configuration reads the variable; the product always runs its bundled CLI.
_test_cli = os.environ.get("IBL_NWB_TEST_CLI")
if _test_cli:
    from pathlib import Path

    import jupyterlab_ibl_nwb.node

    # Relative to the repository (the server runs in its own temporary root folder).
    _cli = Path(_test_cli)
    if not _cli.is_absolute():
        _cli = Path(__file__).resolve().parent.parent / _cli
    jupyterlab_ibl_nwb.node.CLI_PATH = _cli.resolve(strict=True)

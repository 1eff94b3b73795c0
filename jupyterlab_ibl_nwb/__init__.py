"""JupyterLab extension: convert IBL sessions to NWB and view NWB files.

The product logic is TypeScript (the lab extension and the bundled `ibl2nwb`
Node CLI); this package ships both and a thin server extension.
"""
try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_ibl_nwb' outside a proper installation.")
    __version__ = "dev"

from .display import NWBView
from .handlers import setup_route_handlers

__all__ = ["NWBView", "__version__"]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-ibl-nwb"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_ibl_nwb"}]


def _load_jupyter_server_extension(server_app):
    """Register the REST routes with the Jupyter server."""
    # c.IblNwb.max_jobs: conversions at once; c.IblNwb.jobs_dir: where job records are kept
    # (default <jupyter data dir>/jupyterlab_ibl_nwb/jobs).
    # c.IblNwb.alyx_params_dir: where Alyx tokens are kept, in ONE's params files (default ~/.one);
    # c.IblNwb.alyx_cache_dir: downloads from an Alyx go to <it>/<host> (default: ONE's folder for
    # the host, else ~/Downloads/ONE/<host>).
    config = server_app.config.get("IblNwb", {})
    setup_route_handlers(
        server_app.web_app,
        max_jobs=config.get("max_jobs", 2),
        jobs_dir=config.get("jobs_dir"),
        alyx_params_dir=config.get("alyx_params_dir"),
        alyx_cache_dir=config.get("alyx_cache_dir"),
    )
    server_app.log.info("Registered jupyterlab_ibl_nwb server extension")

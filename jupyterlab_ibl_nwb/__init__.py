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

from .handlers import setup_route_handlers


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-ibl-nwb"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_ibl_nwb"}]


def _load_jupyter_server_extension(server_app):
    """Register the REST routes with the Jupyter server."""
    # Conversions run at most this many at once (c.IblNwb.max_jobs in the server config).
    max_jobs = server_app.config.get("IblNwb", {}).get("max_jobs", 2)
    setup_route_handlers(server_app.web_app, max_jobs=max_jobs)
    server_app.log.info("Registered jupyterlab_ibl_nwb server extension")

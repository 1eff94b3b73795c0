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
    # c.IblNwb.max_searches: search/info/metadata commands at once (others wait, then 503), and
    # the number of long-lived search processes (search_pool.py) kept for local searches.
    # c.IblNwb.warm_search: start one search process with the server (default True; ~70 MiB
    # while idle) so the first searches do not wait for Node to start.
    config = server_app.config.get("IblNwb", {})
    jobs = setup_route_handlers(
        server_app.web_app,
        max_jobs=config.get("max_jobs", 2),
        jobs_dir=config.get("jobs_dir"),
        alyx_params_dir=config.get("alyx_params_dir"),
        alyx_cache_dir=config.get("alyx_cache_dir"),
        max_searches=config.get("max_searches", 2),
        # c.IblNwb.validation_python: the Python with nwbinspector / dandi (default: the server's);
        # c.IblNwb.validation_timeout: seconds before a validation is stopped (default 3600);
        # c.IblNwb.max_validations: at once (default 1); c.IblNwb.validate_after_convert (default True).
        validation={k: v for k, v in config.items() if "validat" in k},
        # c.IblNwb.dandi_api_urls / dandi_key_file (see dandi_access.py).
        dandi={k: v for k, v in config.items() if k.startswith("dandi_")},
    )
    _stop_jobs_with(server_app, jobs)
    from tornado.ioloop import IOLoop

    IOLoop.current().add_callback(jobs.start)  # jobs a previous server left queued
    if config.get("warm_search", True):
        # Once the loop runs: the server answers at once, the process starts beside it.
        IOLoop.current().add_callback(_warm_search, server_app)
    server_app.log.info("Registered jupyterlab_ibl_nwb server extension")


async def _warm_search(server_app) -> None:
    problem = await server_app.web_app.settings["ibl_nwb_cli"].warm()
    if problem:  # no Node or no CLI here: searches will say so; the server runs on
        server_app.log.warning("jupyterlab_ibl_nwb: no search process started: %s", problem)


def _stop_jobs_with(server_app, jobs) -> None:
    """Stop our CLI children (jobs and search processes) when the server stops (SIGTERM, then SIGKILL): a module extension
    gets no stop hook of its own, so ours runs before the server's extension cleanup. (A server
    killed outright takes them down through PDEATHSIG, see cli_runner.child_setup.)"""
    cleanup = server_app.cleanup_extensions

    async def cleanup_extensions():
        await jobs.shutdown()
        await server_app.web_app.settings["ibl_nwb_validator"].shutdown()
        await server_app.web_app.settings["ibl_nwb_cli"].shutdown()  # the search processes
        await cleanup()

    server_app.cleanup_extensions = cleanup_extensions

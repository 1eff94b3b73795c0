"""REST routes of the server extension (authenticated through Jupyter's own auth and XSRF)."""
from __future__ import annotations

import json

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .node import find_cli, find_node

API_NAMESPACE = "jupyterlab-ibl-nwb"


class StatusHandler(APIHandler):
    """Version of the package and whether the converter can run here."""

    @tornado.web.authenticated
    def get(self):
        from . import __version__

        self.finish(json.dumps({"version": __version__, "cli": find_cli(), "node": find_node()}))


def setup_route_handlers(web_app):
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(
        ".*$",
        [(url_path_join(base_url, API_NAMESPACE, "status"), StatusHandler)],
    )

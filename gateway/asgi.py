"""The gateway as an import string for uvicorn's worker processes: ``gateway.asgi:build_app``.

Each worker process calls ``build_app()`` (uvicorn's ``factory=True``) and reads its settings
from its own environment, which it inherits from ``mediagraph serve``.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.observability.logs import configure_logging
from gateway.runtime import settle_heap
from gateway.settings import Settings

#: The import string uvicorn's workers load.
IMPORT_STRING = "gateway.asgi:build_app"


def build_app() -> Starlette:
    """The gateway configured by ``MEDIAGRAPH_*`` variables, as ``mediagraph serve`` runs it."""
    settings = Settings.from_environ(os.environ)
    configure_logging(settings.log_level, json_lines=settings.observability.log_format == "json")
    app = create_app(settings)
    settle_heap()
    return app

"""Assembles an emulator's Starlette app: API routes, control routes, recording middleware,
and errors (404, 405, 500) in the emulated API's own shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from emulators._common.control import ControlPlane
from emulators._common.middleware import EmulatorMiddleware, ErrorBody
from emulators._common.routes import control_routes


def assemble(
    *,
    api_routes: Sequence[BaseRoute],
    control: ControlPlane,
    reset_store: Callable[[], None],
    error_body: ErrorBody,
    extra_control_routes: Sequence[BaseRoute] = (),
    state: Any = None,
) -> Starlette:
    """Build the app; ``state`` is exposed as ``app.state.emulator`` for in-process control."""

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        body, content_type = error_body(status)
        headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
        return Response(body, status_code=status, media_type=content_type, headers=headers)

    routes = [*control_routes(control, reset_store=reset_store), *extra_control_routes, *api_routes]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                EmulatorMiddleware, control=control, routes=api_routes, error_body=error_body
            )
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
    )
    app.state.emulator = state
    app.state.control = control
    return app

"""The composition root: ``create_app(settings)`` wires routes, lifespan and middleware."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from gateway.lifespan import Transports, Upstreams, build_lifespan
from gateway.settings import Settings
from schema.schema import build_schema
from schema.view import GraphQLView


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: the lifespan has built the upstream clients."""
    upstreams: Upstreams | None = getattr(request.state, "upstreams", None)
    if upstreams is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ready"})


def create_app(settings: Settings, *, transports: Transports | None = None) -> Starlette:
    """Build the gateway; ``transports`` replaces the network per upstream (tests)."""
    view = GraphQLView(build_schema(settings), settings=settings)
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        lifespan=build_lifespan(settings, transports),
    )

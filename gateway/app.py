"""The composition root: ``create_app(settings)`` wires routes, lifespan and middleware."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from gateway.health import Readiness
from gateway.lifespan import Transports, build_lifespan
from gateway.settings import Settings
from schema.schema import build_schema
from schema.view import GraphQLView


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings, *, transports: Transports | None = None) -> Starlette:
    """Build the gateway; ``transports`` replaces the network per upstream (tests)."""
    view = GraphQLView(build_schema(settings), settings=settings)
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", Readiness().endpoint, methods=["GET"]),
        ],
        lifespan=build_lifespan(settings, transports),
    )

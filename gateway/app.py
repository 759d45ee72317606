"""The composition root: ``create_app(settings)`` wires routes, lifespan and middleware."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from gateway.health import Readiness
from gateway.lifespan import Transports, build_lifespan
from gateway.middleware.body_limit import BodyLimitMiddleware
from gateway.middleware.csrf import PREFLIGHT_HEADERS, CSRFMiddleware
from gateway.middleware.deadline import DeadlineMiddleware
from gateway.middleware.headers import SecurityHeadersMiddleware
from gateway.middleware.rate_limit import RateLimitMiddleware
from gateway.middleware.rate_store import MemoryRateStore
from gateway.resilience import Timing
from gateway.settings import Settings
from schema.schema import build_schema
from schema.view import GraphQLView


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def _middleware(settings: Settings, timing: Timing) -> list[Middleware]:
    """Outermost first: every answer (even a 429 or a 413) gets the request id and the
    security headers; CORS preflights are answered before any limit applies; cheap
    rejections (rate, CSRF, size) come before anything reads the body."""
    http = settings.http
    return [
        Middleware(SecurityHeadersMiddleware, hsts=settings.production),
        Middleware(
            CORSMiddleware,
            allow_origins=http.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["content-type", "x-request-id", *PREFLIGHT_HEADERS],
            expose_headers=["x-request-id", "retry-after"],
        ),
        Middleware(
            RateLimitMiddleware,
            rate=http.rate_per_second,
            burst=http.rate_burst,
            store=MemoryRateStore(),
            timing=timing,
        ),
        *([Middleware(CSRFMiddleware)] if http.csrf else []),
        Middleware(
            BodyLimitMiddleware,
            max_body_bytes=http.max_body_bytes,
            max_upload_bytes=http.max_upload_bytes,
        ),
        Middleware(DeadlineMiddleware, seconds=settings.resilience.request_deadline, timing=timing),
    ]


def create_app(
    settings: Settings, *, transports: Transports | None = None, timing: Timing | None = None
) -> Starlette:
    """Build the gateway; ``transports`` replaces the network per upstream and ``timing`` the
    clock, sleep and randomness of retries, breakers and rate limits (tests)."""
    timing = timing or Timing()
    view = GraphQLView(build_schema(settings), settings=settings)
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", Readiness().endpoint, methods=["GET"]),
        ],
        middleware=_middleware(settings, timing),
        lifespan=build_lifespan(settings, transports, timing),
    )

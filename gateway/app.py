"""The composition root: ``create_app(settings)`` wires routes, lifespan and middleware."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from gateway.graphiql.assets import ASSET_DIR, local_assets_present
from gateway.graphiql.page import STATIC_PATH
from gateway.health import Readiness
from gateway.lifespan import Transports, build_lifespan
from gateway.middleware.body_limit import BodyLimitMiddleware
from gateway.middleware.csrf import PREFLIGHT_HEADERS, CSRFMiddleware
from gateway.middleware.deadline import DeadlineMiddleware
from gateway.middleware.headers import SecurityHeadersMiddleware
from gateway.middleware.rate_limit import RateLimitMiddleware
from gateway.middleware.rate_store import RateStore
from gateway.observability.metrics import Metrics
from gateway.observability.middleware import ObservabilityMiddleware
from gateway.observability.tracing import Tracing
from gateway.observability.upstream import UpstreamObserver
from gateway.resilience import Timing
from gateway.settings import Settings
from gateway.shared.state import build_shared
from schema.persisted import PersistedOperations, load_manifest
from schema.schema import build_schema
from schema.view import GraphQLView


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def _telemetry(settings: Settings, tracing: Tracing | None) -> tuple[Metrics | None, Tracing]:
    obs = settings.observability
    metrics = Metrics(multiprocess_dir=obs.metrics_multiprocess_dir) if obs.metrics else None
    if tracing is None:
        tracing = Tracing.otlp(obs.otlp_endpoint) if obs.otlp_endpoint else Tracing()
    return metrics, tracing


def _metrics_route(metrics: Metrics) -> Route:
    async def endpoint(request: Request) -> Response:
        return Response(metrics.exposition(), media_type=metrics.content_type)

    return Route("/metrics", endpoint, methods=["GET"])


def _middleware(
    settings: Settings,
    timing: Timing,
    metrics: Metrics | None,
    tracing: Tracing,
    rates: RateStore,
) -> list[Middleware]:
    """Outermost first: every answer (even a 429 or a 413) gets the request id and the
    security headers; CORS preflights are answered before any limit applies; cheap
    rejections (rate, CSRF, size) come before anything reads the body."""
    http = settings.http
    return [
        Middleware(SecurityHeadersMiddleware, hsts=settings.production),
        Middleware(ObservabilityMiddleware, metrics=metrics, tracing=tracing),
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
            store=rates,
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


def _graphiql_assets(settings: Settings) -> list[Mount]:
    """The pinned GraphiQL assets, when fetched (else the page falls back to the CDN)."""
    if not settings.graphiql or not local_assets_present():
        return []
    return [Mount(STATIC_PATH, app=StaticFiles(directory=ASSET_DIR), name="graphiql")]


def create_app(
    settings: Settings,
    *,
    transports: Transports | None = None,
    timing: Timing | None = None,
    tracing: Tracing | None = None,
) -> Starlette:
    """Build the gateway; ``transports`` replaces the network per upstream, ``timing`` the
    clock, sleep and randomness of retries, breakers and rate limits, and ``tracing`` where
    spans go (tests)."""
    timing = timing or Timing()
    metrics, tracing = _telemetry(settings, tracing)
    observer = UpstreamObserver(metrics=metrics, tracing=tracing)
    shared = build_shared(settings)
    manifest = (
        load_manifest(settings.documents.manifest_path)
        if settings.documents.manifest_path
        else None
    )
    persisted = PersistedOperations(
        settings=settings.documents, store=shared.documents, manifest=manifest
    )
    view = GraphQLView(build_schema(settings), settings=settings, persisted=persisted)
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", Readiness().endpoint, methods=["GET"]),
            *([_metrics_route(metrics)] if metrics is not None else []),
            *_graphiql_assets(settings),
        ],
        middleware=_middleware(settings, timing, metrics, tracing, shared.rates),
        lifespan=build_lifespan(settings, transports, timing, observer, on_close=shared.close),
    )

"""The lifespan owns the long-lived resources: one ``httpx.AsyncClient`` per upstream, the
Albums service session, and what writes share (background jobs, uploads in progress,
idempotency keys), handed to requests as typed lifespan state."""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import httpx
from httpx_aiohttp import AiohttpTransport
from starlette.applications import Starlette

from gateway.idempotency import IdempotencyStore, MemoryIdempotencyStore
from gateway.jobs import Jobs
from gateway.media.uploads import OwnedUploads
from gateway.observability.upstream import UpstreamObserver
from gateway.resilience import Timing
from gateway.resilience.breaker import CircuitBreaker
from gateway.resilience.retry import RetryPolicy
from gateway.settings import Settings, UpstreamSettings
from gateway.upstreams._http import Protocol, UpstreamHTTP
from gateway.upstreams.albums import SECURITY_HEADERS
from gateway.upstreams.albums_auth import ServiceSessions
from gateway.upstreams.flight import SharedReads

#: Optional transports by upstream name ("albums", "profiles"); tests pass in-process ones.
Transports = Mapping[str, httpx.AsyncBaseTransport]


@dataclass(frozen=True, slots=True)
class Upstreams:
    """What every request shares: one HTTP client per upstream and the service session."""

    albums: UpstreamHTTP
    profiles: UpstreamHTTP
    album_sessions: ServiceSessions | None
    #: Metrics and traces of upstream calls (its ``metrics`` also serve the loaders).
    observer: UpstreamObserver
    #: The same clients for uploads: a long per-call timeout, their own bulkhead and breaker,
    #: so a slow upload never holds a read's slot and never trips the readers' circuit.
    albums_uploads: UpstreamHTTP
    profiles_uploads: UpstreamHTTP
    #: Background jobs of writes (outside the request deadline) and the media upload slots.
    jobs: Jobs
    #: Uploads in progress, each visible to its owner only.
    uploads: OwnedUploads
    #: First results of writes sent with an idempotency key.
    idempotency: IdempotencyStore
    #: Reads shared across concurrent requests (single flight, short-lived public data).
    shared_reads: SharedReads


def _client(
    upstream: UpstreamSettings,
    *,
    transport: httpx.AsyncBaseTransport | None,
    tls: ssl.SSLContext,
    headers: Mapping[str, str] | None = None,
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=upstream.base_url,
        # The network unless a test hands in a transport; limits and TLS live in the transport.
        transport=transport or _network(upstream, tls),
        headers=dict(headers or {}),
        timeout=httpx.Timeout(
            connect=upstream.connect_timeout,
            read=upstream.read_timeout,
            write=upstream.read_timeout,
            pool=upstream.connect_timeout,
        ),
        # Redirects would carry credentials to wherever the upstream points: never follow.
        follow_redirects=False,
    )


def _network(upstream: UpstreamSettings, tls: ssl.SSLContext) -> httpx.AsyncBaseTransport:
    """aiohttp's connection pool behind the httpx API: about half the CPU per call of httpx's
    own pool, and it does not slow down as calls in flight grow (httpx's pool scans every
    waiting request on each change; BENCHMARKS.md)."""
    limits = httpx.Limits(
        max_connections=upstream.max_connections,
        max_keepalive_connections=upstream.max_connections,
    )
    return AiohttpTransport(verify=tls, limits=limits)


def _upstream(
    client: httpx.AsyncClient,
    upstream: UpstreamSettings,
    *,
    service: str,
    protocol: Protocol,
    settings: Settings,
    timing: Timing,
    observer: UpstreamObserver,
) -> UpstreamHTTP:
    resilience = settings.resilience
    return UpstreamHTTP(
        client,
        service=service,
        protocol=protocol,
        max_concurrency=upstream.max_concurrency,
        total_timeout=upstream.total_timeout,
        retry=RetryPolicy(
            retries=resilience.retries,
            base=resilience.backoff,
            max_delay=resilience.backoff_max,
            random=timing.random,
        ),
        # Breaker state lives as long as the lifespan: shared by all requests, never global.
        breaker=CircuitBreaker(
            service=service,
            failures=resilience.breaker_failures,
            reset=resilience.breaker_reset,
            monotonic=timing.monotonic,
        ),
        timing=timing,
        observer=observer,
    )


def build_lifespan(
    settings: Settings,
    transports: Transports | None = None,
    timing: Timing | None = None,
    observer: UpstreamObserver | None = None,
    *,
    on_close: Callable[[], Awaitable[None]] | None = None,
) -> Callable[[Starlette], AbstractAsyncContextManager[dict[str, Upstreams]]]:
    """A lifespan for ``Starlette(lifespan=...)`` that yields ``{"upstreams": Upstreams}``;
    on exit it closes the clients and flushes the traces."""
    transports = transports or {}
    timing = timing or Timing()
    observer = observer or UpstreamObserver(metrics=None, tracing=None)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Upstreams]]:
        async with AsyncExitStack() as stack:
            stack.callback(observer.tracing.shutdown)
            if on_close is not None:
                stack.push_async_callback(on_close)
            # One TLS context for both clients: each would otherwise load the CA bundle.
            tls = httpx.create_ssl_context()
            albums_client = await stack.enter_async_context(
                _client(
                    settings.albums,
                    transport=transports.get("albums"),
                    tls=tls,
                    headers=SECURITY_HEADERS,
                )
            )
            profiles_client = await stack.enter_async_context(
                _client(settings.profiles, transport=transports.get("profiles"), tls=tls)
            )
            albums = _upstream(
                albums_client,
                settings.albums,
                service="albums",
                protocol="plain",
                settings=settings,
                timing=timing,
                observer=observer,
            )
            profiles = _upstream(
                profiles_client,
                settings.profiles,
                service="profiles",
                protocol="envelope",
                settings=settings,
                timing=timing,
                observer=observer,
            )
            long_calls = settings.upload.call_timeout
            albums_uploads = _upstream(
                albums_client,
                dataclasses.replace(settings.albums, total_timeout=long_calls),
                service="albums",
                protocol="plain",
                settings=settings,
                timing=timing,
                observer=observer,
            )
            profiles_uploads = _upstream(
                profiles_client,
                dataclasses.replace(settings.profiles, total_timeout=long_calls),
                service="profiles",
                protocol="envelope",
                settings=settings,
                timing=timing,
                observer=observer,
            )
            jobs = Jobs(
                max_media=settings.upload.max_concurrent, metrics=observer.metrics, timing=timing
            )
            # Registered after the clients, so it runs before they close.
            stack.push_async_callback(jobs.aclose)
            sessions = None
            if settings.albums_email and settings.albums_auth_token:
                sessions = ServiceSessions(
                    albums, email=settings.albums_email, auth_token=settings.albums_auth_token
                )
            yield {
                "upstreams": Upstreams(
                    albums=albums,
                    profiles=profiles,
                    album_sessions=sessions,
                    observer=observer,
                    albums_uploads=albums_uploads,
                    profiles_uploads=profiles_uploads,
                    jobs=jobs,
                    uploads=OwnedUploads(
                        keep_seconds=settings.upload.progress_ttl, monotonic=timing.monotonic
                    ),
                    idempotency=MemoryIdempotencyStore(
                        ttl=settings.upload.idempotency_ttl,
                        max_keys=settings.upload.idempotency_max_keys,
                        monotonic=timing.monotonic,
                    ),
                    shared_reads=SharedReads(
                        public_ttl=settings.public_cache_seconds, monotonic=timing.monotonic
                    ),
                )
            }

    return lifespan

"""Rate limiting per client identity (a token bucket each), answering 429 with Retry-After."""

from __future__ import annotations

import hashlib
import math

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.credentials import ALBUMS_HEADER, PROFILES_HEADER
from gateway.middleware.errors import error_response
from gateway.middleware.rate_store import RateStore
from gateway.resilience import Timing

#: Probes must answer even when a client floods the gateway.
EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})


class RateLimitMiddleware:
    """A client is its credentials (a hash of the headers it sends, so the store never holds
    a token) or, without any, its address. Each gets ``burst`` requests at once and
    ``rate`` per second sustained."""

    def __init__(
        self, app: ASGIApp, *, rate: float, burst: int, store: RateStore, timing: Timing
    ) -> None:
        self.app = app
        self.rate = rate
        self.burst = burst
        self.store = store
        self.timing = timing

    def identity(self, scope: Scope) -> str:
        headers = Headers(scope=scope)
        albums, profiles = headers.get(ALBUMS_HEADER), headers.get(PROFILES_HEADER)
        if albums or profiles:
            # The same client must map to the same bucket on every replica sharing a store,
            # so the hash is unkeyed; tokens are long random strings, so it reveals nothing.
            digest = hashlib.blake2b(person=b"mediagraph-rate", digest_size=16)
            digest.update(f"{albums or ''}\n{profiles or ''}".encode())
            return "cred:" + digest.hexdigest()
        client = scope.get("client")
        return "addr:" + (client[0] if client else "unknown")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = await self.store.take(
            self.identity(scope), rate=self.rate, burst=self.burst, now=self.timing.monotonic()
        )
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            response = error_response(
                429,
                f"Too many requests; retry after {seconds} s.",
                code="RATE_LIMITED",
                headers={"Retry-After": str(seconds)},
                retryAfter=seconds,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

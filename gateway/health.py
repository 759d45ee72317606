"""Readiness: ``/readyz`` answers from a cheap, cached reachability probe of each upstream.

An upstream is *reachable* when it answers HTTP at all, whatever the status (a 404 or a 500
on its base URL still proves the network path and the server are up); connection errors and
timeouts make it unreachable. Each probe's result is kept for ``ttl`` seconds, and at most one
probe per upstream is in flight: concurrent readiness checks wait for it instead of adding load.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.lifespan import Upstreams

#: Seconds a probe result stays fresh; kubelet probes every few seconds per pod.
PROBE_TTL = 5.0
#: Seconds one probe may take, connection included; well under kubelet's probe timeout.
PROBE_TIMEOUT = 1.0


class UpstreamProbe:
    """Whether one upstream answers HTTP, probed with ``HEAD /`` and cached for ``ttl`` s."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        ttl: float = PROBE_TTL,
        timeout: float = PROBE_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self._ttl = ttl
        self._timeout = timeout
        self._clock = clock
        self._lock = asyncio.Lock()
        self._checked_at: float | None = None
        self._reachable = False

    def _fresh(self) -> bool:
        return self._checked_at is not None and self._clock() - self._checked_at < self._ttl

    async def reachable(self) -> bool:
        """The cached answer while fresh; otherwise probe (once, however many callers wait)."""
        if self._fresh():
            return self._reachable
        async with self._lock:
            # A caller that waited on the lock finds the probe it waited for already done.
            if not self._fresh():
                self._reachable = await self._probe()
                self._checked_at = self._clock()
        return self._reachable

    async def _probe(self) -> bool:
        try:
            # The client's base URL; redirects are not followed, and any status is an answer.
            await self.client.head("/", timeout=self._timeout)
        except httpx.HTTPStatusError:
            return True  # an event hook judged the status, but the upstream did answer
        except httpx.HTTPError:
            return False
        return True


class Readiness:
    """The ``/readyz`` endpoint (``Route("/readyz", Readiness().endpoint)``): one probe per
    upstream client, kept across requests.

    The probes follow the lifespan's clients: a new lifespan (a restarted app) gets new probes.
    """

    def __init__(
        self,
        *,
        ttl: float = PROBE_TTL,
        timeout: float = PROBE_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._timeout = timeout
        self._clock = clock
        self._probes: dict[str, UpstreamProbe] = {}

    def _probe(self, name: str, client: httpx.AsyncClient) -> UpstreamProbe:
        probe = self._probes.get(name)
        if probe is None or probe.client is not client:
            probe = UpstreamProbe(client, ttl=self._ttl, timeout=self._timeout, clock=self._clock)
            self._probes[name] = probe
        return probe

    async def endpoint(self, request: Request) -> Response:
        """200 when every upstream is reachable, 503 (naming the unreachable ones) otherwise."""
        upstreams: Upstreams | None = getattr(request.state, "upstreams", None)
        if upstreams is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        clients = {"albums": upstreams.albums.client, "profiles": upstreams.profiles.client}
        names = list(clients)
        results = await asyncio.gather(
            *(self._probe(name, clients[name]).reachable() for name in names)
        )
        states = {
            name: "reachable" if ok else "unreachable"
            for name, ok in zip(names, results, strict=True)
        }
        ready = all(results)
        return JSONResponse(
            {"status": "ready" if ready else "unavailable", "upstreams": states},
            status_code=200 if ready else 503,
        )

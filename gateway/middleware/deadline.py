"""Puts every HTTP request under the overall request deadline its upstream calls respect."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.resilience import Timing
from gateway.resilience.deadline import deadline_after


class DeadlineMiddleware:
    """Upstream calls made while serving a request share ``seconds`` in total; past it they
    fail fast with ``UPSTREAM_TIMEOUT`` and the request still answers with what it has."""

    def __init__(self, app: ASGIApp, *, seconds: float, timing: Timing) -> None:
        self.app = app
        self.seconds = seconds
        self.timing = timing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with deadline_after(self.seconds, monotonic=self.timing.monotonic):
            await self.app(scope, receive, send)

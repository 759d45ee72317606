"""Observes each upstream call attempt: a client span, ``traceparent`` upstream, metrics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from opentelemetry.trace import SpanKind, Status, StatusCode

from gateway.observability.metrics import Metrics
from gateway.observability.request import current
from gateway.observability.routes import route_template
from gateway.observability.tracing import Tracing


@dataclass(slots=True)
class Attempt:
    """Filled in by the caller: the HTTP status, or ``None`` when no answer came."""

    status: int | None = None


class UpstreamObserver:
    """Lifespan-owned; one for every upstream."""

    def __init__(self, *, metrics: Metrics | None, tracing: Tracing | None) -> None:
        self.metrics = metrics
        self.tracing = tracing or Tracing()

    @contextmanager
    def attempt(
        self, service: str, method: str, url: str, headers: dict[str, str]
    ) -> Iterator[Attempt]:
        route = route_template(url)
        record = current()
        if record is not None:
            record.upstream_calls += 1
        attempt = Attempt()
        started = time.perf_counter()
        with self.tracing.tracer.start_as_current_span(
            f"{method} {route}",
            kind=SpanKind.CLIENT,
            attributes={
                "http.request.method": method,
                "url.template": route,
                "peer.service": service,
            },
        ) as span:
            self.tracing.inject(headers)
            try:
                yield attempt
            finally:
                elapsed = time.perf_counter() - started
                if attempt.status is not None:
                    span.set_attribute("http.response.status_code", attempt.status)
                if attempt.status is None or attempt.status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                if self.metrics is not None:
                    status = str(attempt.status) if attempt.status is not None else "error"
                    self.metrics.upstream_calls.labels(service, route, status).inc()
                    self.metrics.upstream_seconds.labels(service, route).observe(elapsed)

    def breaker(self, service: str, state: str) -> None:
        if self.metrics is not None:
            self.metrics.set_breaker(service, state)

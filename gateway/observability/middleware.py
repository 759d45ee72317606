"""Pure-ASGI middleware around ``/graphql``: a server span (continuing the caller's trace),
request metrics by operation and outcome, and one structured access-log line per request."""

from __future__ import annotations

import logging
import time

from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.observability.metrics import Metrics
from gateway.observability.request import CURRENT, RequestRecord
from gateway.observability.tracing import Tracing

access_log = logging.getLogger("gateway.access")
_ID_HEADER = frozenset({b"x-request-id"})
_TRACE_HEADERS = frozenset({b"x-request-id", b"traceparent", b"tracestate"})


class ObservabilityMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics | None,
        tracing: Tracing,
        paths: tuple[str, ...] = ("/graphql",),
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.tracing = tracing
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        # Only the headers read here: the request id and, when tracing, the trace context.
        wanted = _TRACE_HEADERS if self.tracing.enabled else _ID_HEADER
        headers = {
            k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"] if k in wanted
        }
        record = RequestRecord(request_id=headers.get("x-request-id", ""))
        token = CURRENT.set(record)
        method, path = scope["method"], scope["path"]
        status = 500
        started = time.perf_counter()

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        with self.tracing.tracer.start_as_current_span(
            f"{method} {path}",
            context=self.tracing.extract(headers) if self.tracing.enabled else None,
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "url.path": path},
        ) as span:
            try:
                await self.app(scope, receive, observed_send)
            finally:
                CURRENT.reset(token)
                elapsed = time.perf_counter() - started
                outcome = "rejected" if status >= 400 else record.outcome
                span.set_attribute("http.response.status_code", status)
                if record.operation:
                    span.set_attribute("graphql.operation.name", record.operation)
                    span.update_name(f"{method} {path} {record.operation}")
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                if self.metrics is not None:
                    operation = self.metrics.operation_label(record.operation)
                    self.metrics.requests.labels(operation, outcome).inc()
                    self.metrics.request_seconds.labels(operation).observe(elapsed)
                access_log.info(
                    "%s %s %d",
                    method,
                    path,
                    status,
                    extra={
                        "request_id": record.request_id,
                        "operation": record.operation,
                        "outcome": outcome,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "upstream_calls": record.upstream_calls,
                    },
                )

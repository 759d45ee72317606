"""OpenTelemetry tracing: a server span per request, a client span per upstream call named by
its route template, and W3C trace context (``traceparent``) sent upstream.

Spans are exported only when an OTLP endpoint is configured; otherwise the tracer is a no-op
and costs next to nothing. The provider is owned here, never installed globally.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    # The SDK is imported only where spans are exported: without an exporter it would load
    # for nothing at every start.
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

_PROPAGATOR = TraceContextTextMapPropagator()


class Tracing:
    """The gateway's tracer and W3C propagation."""

    def __init__(self, provider: TracerProvider | None = None) -> None:
        self.provider = provider
        self.enabled = provider is not None
        self.tracer: trace.Tracer = (
            provider.get_tracer("mediagraph") if provider is not None else trace.NoOpTracer()
        )

    @classmethod
    def otlp(cls, endpoint: str, *, service_name: str = "mediagraph") -> Tracing:
        """Export to an OTLP/HTTP collector (e.g. ``http://otel-collector:4318/v1/traces``)."""
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        return cls(provider)

    @classmethod
    def to_exporter(cls, exporter: SpanExporter) -> Tracing:
        """Export every span as it ends (tests use an in-memory exporter)."""
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor

        provider = TracerProvider(resource=Resource.create({"service.name": "mediagraph"}))
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        return cls(provider)

    def extract(self, headers: Mapping[str, str]) -> Context:
        """The caller's trace context from ``traceparent``/``tracestate``, if any."""
        return _PROPAGATOR.extract(carrier=dict(headers))

    def inject(self, headers: MutableMapping[str, str]) -> None:
        """Add ``traceparent`` (and ``tracestate``) for the current span."""
        if self.enabled:
            _PROPAGATOR.inject(carrier=headers)

    def shutdown(self) -> None:
        if self.provider is not None:
            self.provider.shutdown()

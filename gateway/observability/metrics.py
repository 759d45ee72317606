"""Prometheus metrics (prometheus-client), safe with several worker processes.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``mediagraph serve`` sets it for several workers),
prometheus-client makes every worker write its samples to that directory, and
``/metrics`` aggregates them all.
"""

from __future__ import annotations

import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
#: Distinct operation names kept as label values; later ones are counted as "other", so a
#: client cannot blow up the metric's cardinality.
MAX_OPERATION_NAMES = 200
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 150, 500)
_BREAKER_STATES = ("closed", "half_open", "open")


class Metrics:
    """The gateway's collectors, in a registry of their own (never the global one)."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, *, multiprocess_dir: str | None = None) -> None:
        self._multiprocess_dir = multiprocess_dir
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "mediagraph_requests",
            "GraphQL requests by operation name and outcome (ok, errors, rejected).",
            ["operation", "outcome"],
            registry=r,
        )
        self.request_seconds = Histogram(
            "mediagraph_request_duration_seconds",
            "GraphQL request latency by operation name.",
            ["operation"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.upstream_calls = Counter(
            "mediagraph_upstream_requests",
            "Upstream HTTP calls by upstream, route template and status ('error' for none).",
            ["upstream", "route", "status"],
            registry=r,
        )
        self.upstream_seconds = Histogram(
            "mediagraph_upstream_duration_seconds",
            "Upstream HTTP call latency by upstream and route template.",
            ["upstream", "route"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.batch_size = Histogram(
            "mediagraph_dataloader_batch_size",
            "Keys per dataloader batch.",
            ["loader"],
            buckets=_BATCH_BUCKETS,
            registry=r,
        )
        self.cache = Counter(
            "mediagraph_cache_requests",
            "Lookups of the per-request caches (loader registry, collapsed GETs) by result.",
            ["cache", "result"],
            registry=r,
        )
        self.breaker_state = Gauge(
            "mediagraph_circuit_breaker_state",
            "1 for the current state of each upstream's circuit breaker.",
            ["upstream", "state"],
            registry=r,
            multiprocess_mode="max",
        )
        self.uploads_in_flight = Gauge(
            "mediagraph_uploads_in_flight",
            "Media uploads running now.",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.upload_bytes = Counter(
            "mediagraph_upload_bytes",
            "Bytes of media sent to the upstreams.",
            ["upstream"],
            registry=r,
        )
        self._operations: set[str] = set()

    def operation_label(self, name: str | None) -> str:
        """A bounded, safe label value for a client-chosen operation name."""
        if not name:
            return "anonymous"
        if not _SAFE_NAME.match(name):
            return "other"
        if name not in self._operations:
            if len(self._operations) >= MAX_OPERATION_NAMES:
                return "other"
            self._operations.add(name)
        return name

    def set_breaker(self, upstream: str, state: str) -> None:
        for candidate in _BREAKER_STATES:
            self.breaker_state.labels(upstream, candidate).set(1 if candidate == state else 0)

    def exposition(self) -> bytes:
        """The text exposition: this process's registry, or every worker's when multiprocess."""
        if self._multiprocess_dir:
            merged = CollectorRegistry()
            MultiProcessCollector(merged, path=self._multiprocess_dir)  # type: ignore[no-untyped-call]
            return generate_latest(merged)
        return generate_latest(self.registry)

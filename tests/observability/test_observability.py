"""Metrics at /metrics, traces across the upstream boundary, and structured access logs."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from asgi_lifespan import LifespanManager
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from emulators._common.clock import Clock
from emulators.albums import create_app as create_albums
from emulators.profiles import create_app as create_profiles
from gateway.app import create_app
from gateway.observability.logs import JsonFormatter
from gateway.observability.metrics import MAX_OPERATION_NAMES, Metrics
from gateway.observability.routes import route_template
from gateway.observability.tracing import Tracing
from tests.gateway.conftest import Stack, make_settings

pytestmark = pytest.mark.anyio

QUERY = """query Demo {
  viewer { albums { nodes { name owner { displayName } } } }
  publicProfile { spotlights(first: 5) { nodes { sponsor { profile { displayName } } } } }
}"""


async def test_metrics_after_a_demo_query(stack: Stack) -> None:
    body = await stack.gql(QUERY)
    assert body["data"]["viewer"]["albums"]["nodes"]
    response = await stack.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'mediagraph_requests_total{operation="Demo",outcome="ok"} 1.0' in text
    assert 'mediagraph_request_duration_seconds_count{operation="Demo"} 1.0' in text
    assert (
        'mediagraph_upstream_requests_total{route="/v1/public_profiles/{id}/spotlights",'
        'status="200",upstream="profiles"} 1.0'
    ) in text
    assert (
        'mediagraph_upstream_duration_seconds_count{route="/v1/albums",upstream="albums"}' in text
    )
    assert 'mediagraph_dataloader_batch_size_count{loader="public_profile"} 1.0' in text
    assert 'mediagraph_cache_requests_total{cache="album_profile",result="miss"}' in text
    assert 'mediagraph_circuit_breaker_state{state="closed",upstream="albums"} 1.0' in text
    assert "mediagraph_uploads_in_flight" in text


async def test_operation_names_cannot_explode_the_label_space(stack: Stack) -> None:
    await stack.gql("query " + "x" * 80 + " { __typename }")
    await stack.gql("query ok { __typename }")
    text = (await stack.client.get("/metrics")).text
    assert 'operation="other"' in text
    assert 'operation="ok"' in text
    assert "x" * 80 not in text


def test_only_so_many_distinct_operation_names_become_labels() -> None:
    metrics = Metrics()
    labels = {metrics.operation_label(f"op{i}") for i in range(MAX_OPERATION_NAMES + 50)}
    assert len(labels) == MAX_OPERATION_NAMES + 1
    assert "other" in labels
    assert metrics.operation_label(None) == "anonymous"


async def test_one_server_span_with_a_child_span_per_upstream_call() -> None:
    exporter = InMemorySpanExporter()
    albums_app = create_albums(clock=Clock(frozen=True))
    profiles_app = create_profiles(clock=Clock(frozen=True))
    app = create_app(
        make_settings(),
        transports={
            "albums": httpx.ASGITransport(app=albums_app),
            "profiles": httpx.ASGITransport(app=profiles_app),
        },
        tracing=Tracing.to_exporter(exporter),
    )
    caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        ) as client,
    ):
        response = await client.post(
            "/graphql",
            json={"query": QUERY},
            headers={"traceparent": f"00-{caller_trace}-00f067aa0ba902b7-01"},
        )
        assert response.status_code == 200
    spans = exporter.get_finished_spans()
    (server,) = [s for s in spans if s.kind == SpanKind.SERVER]
    clients = [s for s in spans if s.kind == SpanKind.CLIENT]
    assert server.name == "POST /graphql Demo"
    assert format(server.context.trace_id, "032x") == caller_trace  # the caller's trace goes on
    assert {s.name for s in clients} >= {
        "POST /v8/sessions",
        "GET /v1/albums",
        "POST /v3/profiles",
        "GET /v1/public_profiles/my_profile",
        "GET /v1/public_profiles/{id}/spotlights",
    }
    for span in clients:
        assert span.context.trace_id == server.context.trace_id
        assert span.parent is not None
    # W3C trace context reached the upstreams, naming the client span of each call.
    client_ids = {format(s.context.span_id, "016x") for s in clients}
    log = (
        albums_app.state.emulator.control.recorder.log
        + profiles_app.state.emulator.control.recorder.log
    )
    assert log
    for record in log:
        _version, trace_id, span_id, _flags = record.headers["traceparent"].split("-")
        assert trace_id == caller_trace
        assert span_id in client_ids


async def test_the_access_log_is_one_structured_line_per_request(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="gateway.access"):
        await stack.gql(QUERY, headers={"X-Request-Id": "req-123"})
    (record,) = [r for r in caplog.records if r.name == "gateway.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-123"
    assert line["operation"] == "Demo"
    assert line["status"] == 200
    assert line["outcome"] == "ok"
    assert line["upstream_calls"] >= 5
    assert line["duration_ms"] > 0
    assert line["level"] == "info"


def test_route_templates_hide_ids() -> None:
    assert route_template("/v2/albums/4294967301") == "/v2/albums/{id}"
    assert (
        route_template("/v1/public_profiles/0b1c6a96-b1f5-4ab2-8f4a-a46764e29b77/lenses?limit=5")
        == "/v1/public_profiles/{id}/lenses"
    )
    snap = "4i3kH1nyTcOe9Mww1VgV3wAAgIDQZpWjQNxJ-AXrGLQFTAXrGLP78_____w"
    assert route_template(f"/v1/public_profiles/x/spotlights/{snap}") == (
        "/v1/public_profiles/x/spotlights/{id}"
    )
    assert route_template("/v3/pressie-albums/feed/paywall/") == "/v3/pressie-albums/feed/paywall/"

"""HTTP safety: CSRF preflight rule, CORS allowlist, security headers, request ids, rate
limits per client identity, and production switches."""

from __future__ import annotations

import pytest

from tests.hardening.conftest import Gateway, gateway, hardened_settings

pytestmark = pytest.mark.anyio

QUERY = "{ publicProfile { displayName } }"


async def test_get_queries_need_a_preflight_header(gw: Gateway) -> None:
    persisted = '{"persistedQuery": {"version": 1, "sha256Hash": "' + "0" * 64 + '"}}'
    for params in ({"query": QUERY}, {"extensions": persisted}, {"documentId": "x"}):
        response = await gw.client.get("/graphql", params=params)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_PREFLIGHT_REQUIRED"
    assert gw.total_calls() == 0
    for header in ("GraphQL-Preflight", "Apollo-Require-Preflight", "X-Requested-With"):
        response = await gw.client.get("/graphql", params={"query": QUERY}, headers={header: "1"})
        assert response.status_code == 200, response.text
        assert response.json()["data"]["publicProfile"]["displayName"]


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
async def test_simple_content_type_posts_need_a_preflight_header(
    gw: Gateway, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await gw.client.post(
        "/graphql", content=b'{"query":"{__typename}"}', headers=headers
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_PREFLIGHT_REQUIRED"


async def test_json_posts_and_the_graphiql_page_pass(gw: Gateway) -> None:
    assert (await gw.post(QUERY)).status_code == 200
    page = await gw.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert page.headers["content-security-policy"] == "frame-ancestors 'none'"


async def test_security_headers_and_request_ids(gw: Gateway) -> None:
    response = await gw.post(QUERY, headers={"x-request-id": "client-req-1"})
    headers = response.headers
    assert headers["x-request-id"] == "client-req-1"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "strict-transport-security" not in headers
    # An unsafe id is replaced, and the replacement is what the upstreams saw.
    response = await gw.post(QUERY, headers={"x-request-id": "bad id\twith spaces"})
    rid = response.headers["x-request-id"]
    assert rid != "bad id\twith spaces"
    sent = {r.headers.get("x-request-id") for r in gw.profiles.control.recorder.log}
    assert rid in sent


async def test_hsts_in_production() -> None:
    async with gateway(hardened_settings(mode="production", graphiql=False)) as gw:
        response = await gw.post(QUERY)
        assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_cors_allows_only_listed_origins() -> None:
    settings = hardened_settings(http={"cors_origins": ("https://app.example",)})
    async with gateway(settings) as gw:
        preflight = {
            "origin": "https://app.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, x-profiles-authorization",
        }
        response = await gw.client.options("/graphql", headers=preflight)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://app.example"
        response = await gw.client.options(
            "/graphql", headers={**preflight, "origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in response.headers
        response = await gw.post(QUERY, headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers
        response = await gw.post(QUERY, headers={"origin": "https://app.example"})
        assert response.headers["access-control-allow-origin"] == "https://app.example"


async def test_rate_limit_per_client_with_retry_after() -> None:
    settings = hardened_settings(http={"rate_per_second": 1.0, "rate_burst": 3})
    async with gateway(settings) as gw:
        alice = {"x-profiles-authorization": "Bearer demo-profile-token"}
        bob = {"x-profiles-authorization": "Bearer other-profile-token"}
        for _ in range(3):
            assert (await gw.post(QUERY, headers=alice)).status_code == 200
        gw.reset_calls()
        limited = await gw.post(QUERY, headers=alice)
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "1"
        error = limited.json()["errors"][0]
        assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 1}
        assert limited.headers["x-request-id"]
        assert gw.total_calls() == 0
        # Another client has its own bucket; probes are never limited.
        assert (await gw.post(QUERY, headers=bob)).status_code == 200
        assert (await gw.client.get("/healthz")).status_code == 200
        # Tokens come back at the sustained rate.
        gw.time.now += 1
        assert (await gw.post(QUERY, headers=alice)).status_code == 200
        assert (await gw.post(QUERY, headers=alice)).status_code == 429


async def test_production_hides_graphiql_introspection_and_internal_errors() -> None:
    settings = hardened_settings(mode="production", graphiql=False, introspection=False)
    async with gateway(settings) as gw:
        page = await gw.client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 404
        body = (await gw.post("{ __schema { types { name } } }")).json()
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"

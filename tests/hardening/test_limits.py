"""Operation limits: every over-limit operation is refused before execution with zero upstream
calls and an error that says what to change; ordinary operations are untouched."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hardening.conftest import Gateway, gateway, hardened_settings

pytestmark = pytest.mark.anyio

README_QUERY = """
{
  viewer {
    albumProfile { displayName }
    albums(first: 5) {
      totalCount
      nodes { name createdAt content(first: 3) { nodes { contentType thumbUrl } } }
    }
  }
  publicProfile {
    displayName
    spotlights(first: 5) {
      pageInfo { hasNextPage endCursor }
      edges { node { id title status sponsor { displayName profile { displayName } } } }
    }
  }
}
"""


def limit_error(body: dict[str, Any], limit: str) -> dict[str, Any]:
    assert body.get("data") is None, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED", error
    assert error["extensions"]["limit"] == limit, error
    return error


async def refused(gw: Gateway, query: str, limit: str, variables: Any = None) -> dict[str, Any]:
    gw.reset_calls()
    response = await gw.post(query, variables)
    assert response.status_code == 200, response.text
    error = limit_error(response.json(), limit)
    assert gw.total_calls() == 0
    return error


async def test_the_readme_query_is_within_every_limit(gw: Gateway) -> None:
    body = await gw.gql(README_QUERY)
    assert "errors" not in body, body


async def test_too_deep(gw: Gateway) -> None:
    query = "{ viewer { albums { nodes { owner { albumStatus { hasAlbum } } } } } }"
    async with gateway(hardened_settings(limits={"max_depth": 5})) as small:
        error = await refused(small, query, "depth")
        assert error["extensions"]["max"] == 5
        assert error["extensions"]["actual"] == 6
    assert "errors" not in await gw.gql(query)


async def test_depth_counts_through_fragments(gw: Gateway) -> None:
    query = """
    query { ...A }
    fragment A on Query { viewer { ...B } }
    fragment B on Viewer { albums { nodes { owner { displayName } } } }
    """
    async with gateway(hardened_settings(limits={"max_depth": 4})) as small:
        await refused(small, query, "depth")


async def test_five_thousand_aliases(gw: Gateway) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(5000)) + " }"
    error = await refused(gw, query, "tokens")
    assert "tokens" in error["message"]
    async with gateway(hardened_settings(limits={"max_tokens": 50_000})) as roomy:
        error = await refused(roomy, query, "aliases")
        assert error["extensions"]["actual"] == 5000


async def test_too_many_root_fields(gw: Gateway) -> None:
    query = "{ " + " ".join(f"p{i}: publicProfile {{ displayName }}" for i in range(11)) + " }"
    async with gateway(hardened_settings(limits={"max_aliases": 100})) as roomy:
        error = await refused(roomy, query, "rootFields")
        assert "Split" in error["message"]


async def test_a_hundred_thousand_deep_query_is_refused_before_parsing(gw: Gateway) -> None:
    query = "{" + "viewer {" * 100_000 + "}" * 100_001
    async with gateway(hardened_settings(limits={"max_tokens": 1_000_000})) as roomy:
        error = await refused(roomy, query, "nesting")
        assert error["extensions"]["max"] == 32


async def test_fragment_bombs_are_refused(gw: Gateway) -> None:
    fragments = ["fragment F0 on PublicProfile { displayName }"]
    for i in range(1, 16):
        fragments.append(f"fragment F{i} on PublicProfile {{ ...F{i - 1} ...F{i - 1} }}")
    query = "{ publicProfile { ...F15 } } " + " ".join(fragments)
    await refused(gw, query, "fields")


async def test_an_over_budget_operation_names_what_to_change(gw: Gateway) -> None:
    query = """
    { publicProfile {
        a: spotlights(first: 100) { nodes { sponsor { profile { displayName } } } }
        b: spotlights(first: 100) { nodes { profile { displayName } } }
    } }
    """
    error = await refused(gw, query, "upstreamCalls")
    assert error["extensions"]["max"] == 150
    assert error["extensions"]["actual"] == 1 + 2 + 100 + 2 + 100
    message = error["message"]
    assert "publicProfile.a.nodes.sponsor.profile" in message
    assert "100 items of `publicProfile.a`" in message
    assert "`first`/`last`" in message


async def test_the_budget_reads_variables_and_id_lists(gw: Gateway) -> None:
    query = (
        "query ($n: Int) { publicProfile { spotlights(first: $n) { nodes { profile { id } } } } }"
    )
    body = await gw.gql(query, {"n": 20})
    assert all(e["extensions"]["code"] == "UPSTREAM_PARTIAL" for e in body.get("errors", []))
    async with gateway(hardened_settings(limits={"max_upstream_calls": 20})) as tight:
        error = await refused(tight, query, "upstreamCalls", {"n": 50})
        assert error["extensions"]["actual"] == 1 + 1 + 50
        ids = ["UHVibGljUHJvZmlsZTox"] * 30
        await refused(
            tight, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", "upstreamCalls", {"ids": ids}
        )


async def test_batched_album_profiles_count_once_per_batch(gw: Gateway) -> None:
    query = "{ viewer { albums(first: 100) { nodes { owner { displayName } } } } }"
    async with gateway(hardened_settings(limits={"max_upstream_calls": 3})) as tight:
        body = await tight.gql(query)
        assert "errors" not in body, body


async def test_batches_are_limited_and_each_operation_runs_apart(gw: Gateway) -> None:
    one = {"query": "{ publicProfile { displayName } }"}
    response = await gw.client.post("/graphql", json=[one] * 6)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED"
    assert "at most 5" in error["message"]

    bad = {"query": '{ node(id: "bm9wZQ") { id } }'}
    response = await gw.client.post("/graphql", json=[one, bad])
    assert response.status_code == 200
    first, second = response.json()
    assert "errors" not in first, first
    assert first["data"]["publicProfile"]["displayName"]
    assert [e["extensions"]["code"] for e in second["errors"]] == ["BAD_USER_INPUT"]


async def test_limits_come_from_settings() -> None:
    from gateway.settings import Settings

    settings = Settings.from_environ(
        {
            "MEDIAGRAPH_MAX_DEPTH": "7",
            "MEDIAGRAPH_MAX_UPSTREAM_CALLS": "40",
            "MEDIAGRAPH_MAX_BATCH_OPERATIONS": "2",
            "MEDIAGRAPH_MAX_BODY_BYTES": "1000",
            "MEDIAGRAPH_RATE_PER_SECOND": "0",
            "MEDIAGRAPH_RETRIES": "0",
            "MEDIAGRAPH_CORS_ORIGINS": "https://app.example, https://admin.example/",
        }
    )
    assert settings.limits.max_depth == 7
    assert settings.limits.max_upstream_calls == 40
    assert settings.limits.max_batch_operations == 2
    assert settings.http.max_body_bytes == 1000
    assert settings.http.rate_per_second == 0
    assert settings.resilience.retries == 0
    assert settings.http.cors_origins == ("https://app.example", "https://admin.example")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAX_DEPTH", "0"),
        ("MAX_ALIASES", "lots"),
        ("CORS_ORIGINS", "app.example"),
        ("RETRIES", "1.5"),
    ],
)
def test_bad_limit_settings_fail_fast(name: str, value: str) -> None:
    from gateway.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match=f"MEDIAGRAPH_{name}"):
        Settings.from_environ({f"MEDIAGRAPH_{name}": value})

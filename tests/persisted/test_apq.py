"""Automatic persisted queries and trusted documents, over GET and POST; cache headers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gateway.settings import PersistedDocuments
from schema.persisted import ManifestError, load_manifest, sha256
from tests.gateway.conftest import Stack, make_stack

pytestmark = pytest.mark.anyio

PUBLIC = "query Brand($id: ID!) { node(id: $id) { id ... on PublicProfile { displayName } } }"
ALBUMS = "query Mine { viewer { albums { totalCount } } }"


def ext(document: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(document)}}


async def get(stack: Stack, params: dict[str, Any], **headers: str) -> Any:
    encoded = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in params.items()}
    return await stack.client.get(
        "/graphql", params=encoded, headers={"accept": "application/json", **headers}
    )


async def post(stack: Stack, body: dict[str, Any]) -> Any:
    return await stack.client.post("/graphql", json=body)


async def test_apq_over_post_registers_then_runs_by_hash(stack: Stack) -> None:
    first = await post(stack, {"query": "{ __typename }", "extensions": ext("{ __typename }")})
    missing = await post(stack, {"extensions": ext("query Other { __typename }")})
    assert missing.status_code == 200
    assert missing.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert missing.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    again = await post(stack, {"extensions": ext("{ __typename }")})
    assert first.json() == again.json() == {"data": {"__typename": "Query"}}


async def test_apq_over_get_follows_the_apollo_protocol(stack: Stack) -> None:
    headers = {"apollo-require-preflight": "true"}
    miss = await get(stack, {"extensions": ext("{ __typename }")}, **headers)
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    register = await get(
        stack, {"query": "{ __typename }", "extensions": ext("{ __typename }")}, **headers
    )
    assert register.json() == {"data": {"__typename": "Query"}}
    hit = await get(stack, {"extensions": ext("{ __typename }")}, **headers)
    assert hit.json() == {"data": {"__typename": "Query"}}


async def test_a_hash_that_does_not_match_its_text_is_refused(stack: Stack) -> None:
    response = await post(
        stack, {"query": "{ __typename }", "extensions": ext("query X { __typename }")}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"


@pytest.mark.parametrize(
    "persisted",
    [{"version": 2, "sha256Hash": "0" * 64}, {"version": 1, "sha256Hash": "nothex"}, "x"],
)
async def test_malformed_persisted_query_extensions_are_400(stack: Stack, persisted: Any) -> None:
    response = await post(stack, {"extensions": {"persistedQuery": persisted}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def write_manifest(tmp_path: Path, *documents: str) -> str:
    manifest = {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [
            {"id": sha256(d), "name": "op", "type": "query", "body": d} for d in documents
        ],
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    return str(path)


async def test_trusted_only_mode_runs_the_manifest_and_nothing_else(tmp_path: Path) -> None:
    path = write_manifest(tmp_path, "{ __typename }")
    documents = PersistedDocuments(apq=False, manifest_path=path, trusted_only=True)
    async with make_stack(documents=documents) as stack:
        by_hash = await post(stack, {"extensions": ext("{ __typename }")})
        assert by_hash.json() == {"data": {"__typename": "Query"}}
        by_text = await post(stack, {"query": "{ __typename }"})
        assert by_text.json() == {"data": {"__typename": "Query"}}
        over_get = await get(
            stack, {"extensions": ext("{ __typename }")}, **{"apollo-require-preflight": "1"}
        )
        assert over_get.json() == {"data": {"__typename": "Query"}}
        for body in (
            {"query": "query Other { __typename }"},
            {
                "query": "query Other { __typename }",
                "extensions": ext("query Other { __typename }"),
            },
        ):
            refused = await post(stack, body)
            assert refused.status_code == 400
            assert refused.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
        unknown = await post(stack, {"extensions": ext("query Other { __typename }")})
        assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        assert stack.total_calls() == 0


def test_manifests_are_checked_when_loaded(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({sha256("{ a }"): "{ a }"}))
    assert load_manifest(str(path)) == {sha256("{ a }"): "{ a }"}
    path.write_text(json.dumps({"0" * 64: "{ a }"}))
    with pytest.raises(ManifestError, match="does not match"):
        load_manifest(str(path))
    path.write_text("[1]")
    with pytest.raises(ManifestError):
        load_manifest(str(path))


async def test_get_answers_carry_cache_headers_that_fit_their_data(stack: Stack) -> None:
    from emulators.profiles import seed as snap_seed
    from schema.relay import global_id

    brand = global_id("PublicProfile", snap_seed.BRAND_PROFILE_IDS[1])
    preflight = {"apollo-require-preflight": "1"}
    public = await get(stack, {"query": PUBLIC, "variables": {"id": brand}}, **preflight)
    assert public.json()["data"]["node"]["displayName"]
    assert public.headers["cache-control"] == "public, max-age=60"
    assert "X-Profiles-Authorization" in public.headers["vary"]
    private = await get(stack, {"query": "{ publicProfile { displayName } }"}, **preflight)
    assert private.headers["cache-control"] == "private, max-age=30"
    personal = await get(stack, {"query": ALBUMS}, **preflight)
    assert personal.headers["cache-control"] == "no-store"
    over_post = await post(stack, {"query": PUBLIC, "variables": {"id": brand}})
    assert over_post.headers["cache-control"] == "no-store"
    failed = await get(stack, {"query": PUBLIC, "variables": {"id": "bad"}}, **preflight)
    assert failed.headers["cache-control"] == "no-store"


async def test_a_get_by_hash_is_an_operation_whatever_the_accept_header(stack: Stack) -> None:
    params = {"extensions": json.dumps(ext("{ __typename }"))}
    await post(stack, {"query": "{ __typename }", "extensions": ext("{ __typename }")})
    response = await stack.client.get(
        "/graphql", params=params, headers={"accept": "*/*", "graphql-preflight": "1"}
    )
    assert response.json() == {"data": {"__typename": "Query"}}

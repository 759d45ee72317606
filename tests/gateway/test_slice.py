"""The first slice end to end: the viewer's albums and a public profile's spotlights,
through the real app and the in-process emulators, counting upstream calls."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import Stack

pytestmark = pytest.mark.anyio

ALBUMS = """
{ viewer {
    albumProfile { profileId displayName }
    albums(first: 10) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage }
      nodes { id albumId name owner { profileId displayName }
              content(first: 50) { totalCount nodes { id contentId contentType url } } }
} } }
"""

SPOTLIGHTS = """
query ($first: Int, $after: String) {
  publicProfile {
    profileId displayName
    spotlights(first: $first, after: $after) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node {
        id spotlightId title status sponsor { profileId profile { displayName } }
      } }
    }
  }
}
"""


async def test_viewer_albums_come_with_their_owner_in_one_batch(stack: Stack) -> None:
    body = await stack.gql(ALBUMS)
    assert "errors" not in body, body
    viewer = body["data"]["viewer"]
    albums = viewer["albums"]["nodes"]
    assert albums, "the demo user owns albums in the seed"
    assert viewer["albums"]["totalCount"] == len(albums)
    me = viewer["albumProfile"]["profileId"]
    for album in albums:
        assert int(album["albumId"]) >= 2**31  # 64-bit ids survive as ID strings
        assert album["owner"]["profileId"] == me
        assert album["content"]["totalCount"] == len(album["content"]["nodes"])
    calls = stack.calls()
    # One sign-in, one album list, and one profile batch for the viewer and every owner.
    assert calls.get("POST /v8/sessions") == 1
    assert calls.get("GET /v1/albums") == 1
    assert calls.get("POST /v3/profiles") == 1
    assert stack.total_calls() == 3


async def test_spotlights_page_with_one_upstream_call(stack: Stack) -> None:
    body = await stack.gql(SPOTLIGHTS, {"first": 5})
    spotlights = body["data"]["publicProfile"]["spotlights"]
    assert len(spotlights["edges"]) + len(body.get("errors", [])) == 5
    assert spotlights["pageInfo"]["hasNextPage"] is True
    assert spotlights["pageInfo"]["hasPreviousPage"] is False
    counts = stack.calls()
    assert counts["GET /v1/public_profiles/{profile_id}/spotlights"] == 1
    log = [r for r in stack.profiles.control.recorder.log if r.route.endswith("/spotlights")]
    assert "limit=5" in log[0].query


async def test_a_hundred_spotlights_with_sponsors_cost_one_call_per_distinct_resource(
    stack: Stack,
) -> None:
    body = await stack.gql(SPOTLIGHTS, {"first": 100})
    edges = body["data"]["publicProfile"]["spotlights"]["edges"]
    failed = [e for e in body.get("errors", []) if e["extensions"]["code"] == "UPSTREAM_PARTIAL"]
    assert len(edges) + len(failed) == 100
    sponsors = {
        e["node"]["sponsor"]["profileId"] for e in edges if e["node"]["sponsor"] is not None
    }
    assert len(sponsors) > 1
    counts = stack.calls()
    assert counts["GET /v1/public_profiles/my_profile"] == 1
    assert counts["GET /v1/public_profiles/{profile_id}/spotlights"] == 2  # 2 pages of 50
    assert counts["GET /public/v1/public_profiles/{profile_id}"] == len(sponsors)
    assert stack.total_calls() == 3 + len(sponsors)


async def test_partial_lists_keep_the_good_items_and_report_each_failure(stack: Stack) -> None:
    body = await stack.gql(SPOTLIGHTS, {"first": 100})
    failed = [e for e in body.get("errors", []) if e["extensions"]["code"] == "UPSTREAM_PARTIAL"]
    assert failed, "the seed has broken spotlights"
    for error in failed:
        assert error["extensions"]["service"] == "profiles"
        assert error["path"] == ["publicProfile", "spotlights"]
    assert body["data"]["publicProfile"]["spotlights"]["edges"]


async def test_paging_forward_visits_every_spotlight_once(stack: Stack) -> None:
    seen: list[str] = []
    after = None
    for _ in range(20):
        body = await stack.gql(SPOTLIGHTS, {"first": 40, "after": after})
        page = body["data"]["publicProfile"]["spotlights"]
        seen += [e["node"]["spotlightId"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen))
    assert len(seen) >= 110


async def test_node_refetch_after_a_list_costs_nothing(stack: Stack) -> None:
    body = await stack.gql(SPOTLIGHTS, {"first": 3})
    ids = [e["node"]["id"] for e in body["data"]["publicProfile"]["spotlights"]["edges"]]
    query = """
    query ($ids: [ID!]!) {
      publicProfile { spotlights(first: 3) { nodes { id } } }
      nodes(ids: $ids) { id ... on Spotlight { spotlightId } }
    }"""
    stack.reset_calls()
    again = await stack.gql(query, {"ids": ids})
    assert [n["id"] for n in again["data"]["nodes"]] == ids
    # P3 and one S10 page; the nodes come from the primed loader.
    assert stack.total_calls() == 2


async def test_both_upstreams_in_one_query(stack: Stack) -> None:
    body = await stack.gql("{ viewer { albums { nodes { name } } } publicProfile { displayName } }")
    assert "errors" not in body
    assert body["data"]["viewer"]["albums"]["nodes"]
    assert body["data"]["publicProfile"]["displayName"]


async def test_an_albums_outage_leaves_the_profile_fields_intact(stack: Stack) -> None:
    stack.albums.control.add_fault(path_regex="^/v1/albums$", status=503, times=5)
    body = await stack.gql("{ viewer { albums { nodes { name } } } publicProfile { displayName } }")
    assert body["data"]["publicProfile"]["displayName"]
    assert body["data"]["viewer"] is None or body["data"]["viewer"]["albums"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["extensions"]["service"] == "albums"


async def test_without_credentials_fields_fail_unauthenticated_with_no_upstream_call() -> None:
    from tests.gateway.conftest import make_stack

    async with make_stack(albums_email=None, albums_auth_token=None, profiles_token=None) as s:
        body = await s.gql("{ viewer { albums { nodes { name } } } publicProfile { displayName } }")
        codes = sorted(e["extensions"]["code"] for e in body["errors"])
        assert codes == ["UNAUTHENTICATED", "UNAUTHENTICATED"]
        assert s.total_calls() == 0


async def test_bad_ids_and_page_sizes_are_user_errors(stack: Stack) -> None:
    body = await stack.gql('{ node(id: "bm9wZQ") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await stack.gql("{ publicProfile { spotlights(first: 101) { nodes { id } } } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await stack.gql('{ publicProfile { spotlights(after: "zzz") { nodes { id } } } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

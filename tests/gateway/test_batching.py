"""A query costs the minimum number of upstream calls: exact counts for the shapes that
usually explode (N+1 lists, node refetches, the same entity on two paths, nested lists)."""

from __future__ import annotations

import httpx
import pytest
from asgi_lifespan import LifespanManager

from emulators._common.clock import Clock
from emulators._common.control import LatencyRule
from emulators.albums import create_app as create_albums
from emulators.profiles import create_app as create_profiles
from emulators.profiles import seed as snap_seed
from gateway.app import create_app
from tests.gateway.conftest import Stack, make_settings

pytestmark = pytest.mark.anyio

S10 = "GET /v1/public_profiles/{profile_id}/spotlights"
S4 = "GET /v1/public_profiles/{profile_id}/stories"
S5 = "GET /v1/public_profiles/{profile_id}/stories/{story_id}/snaps"
P2 = "GET /public/v1/public_profiles/{profile_id}"


async def test_feed_albums_with_their_owners_cost_one_feed_call_and_one_batch(
    stack: Stack,
) -> None:
    body = await stack.gql(
        "{ viewer { albumFeed(first: 50) { nodes { albumId ownerProfile { displayName } } } } }"
    )
    items = body["data"]["viewer"]["albumFeed"]["nodes"]
    owners = {i["ownerProfile"]["displayName"] for i in items}
    assert len(items) >= 3
    assert len(owners) >= 2
    assert stack.calls() == {
        "POST /v8/sessions": 1,
        "POST /v3/pressie-albums/feed": 1,
        "POST /v3/profiles": 1,
    }


async def test_fifty_mixed_ids_fetched_earlier_in_the_request_cost_nothing_more(
    stack: Stack,
) -> None:
    lists = """
      publicProfile {
        spotlights(first: 15) { nodes { id } }
        stories(first: 15) { nodes { id } }
        lenses(first: 15) { nodes { id } }
      }
      viewer { albums { nodes { id owner { id } content(first: 3) { nodes { id } } } } }
    """
    body = await stack.gql("{" + lists + "}")
    data = body["data"]
    profile = data["publicProfile"]
    ids = [n["id"] for key in ("spotlights", "stories", "lenses") for n in profile[key]["nodes"]]
    for album in data["viewer"]["albums"]["nodes"]:
        ids += [album["id"], album["owner"]["id"]]
        ids += [c["id"] for c in album["content"]["nodes"]]
    ids = list(dict.fromkeys(ids))[:50]
    assert len(ids) == 50
    stack.reset_calls()
    await stack.gql("{" + lists + "}")
    baseline = stack.calls()
    stack.reset_calls()
    again = await stack.gql(
        "query ($ids: [ID!]!) {" + lists + " nodes(ids: $ids) { id } }", {"ids": ids}
    )
    assert [n["id"] for n in again["data"]["nodes"]] == ids
    assert stack.calls() == baseline


async def test_the_same_entity_on_two_paths_is_fetched_once(stack: Stack) -> None:
    body = await stack.gql("{ viewer { albums(first: 1) { nodes { id } } } }")
    album_id = body["data"]["viewer"]["albums"]["nodes"][0]["id"]
    stack.reset_calls()
    body = await stack.gql(
        """query ($id: ID!) {
          a: node(id: $id) { ... on Album { name } }
          b: node(id: $id) { ... on Album { content { totalCount } } }
        }""",
        {"id": album_id},
    )
    assert body["data"]["a"] is not None
    assert body["data"]["b"] is not None
    # One G2 for both paths (and one G1 for the name of an own album, which G2 lacks).
    assert stack.calls() == {"GET /v2/albums/{albumId}": 1, "GET /v1/albums": 1}


async def test_sponsors_shared_by_many_spotlights_are_fetched_once_each(stack: Stack) -> None:
    body = await stack.gql(
        "{ publicProfile { spotlights(first: 10) { nodes { sponsor { profile { id } } } } } }"
    )
    sponsors = [
        n["sponsor"]["profile"]["id"]
        for n in body["data"]["publicProfile"]["spotlights"]["nodes"]
        if n["sponsor"]
    ]
    assert len(sponsors) > len(set(sponsors))  # the seed repeats one brand on the newest five
    assert stack.calls()[P2] == len(set(sponsors))


class ConcurrencyGauge(httpx.AsyncBaseTransport):
    """Counts how many upstream requests are in flight at once."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.current = 0
        self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.current += 1
        self.peak = max(self.peak, self.current)
        try:
            return await self.inner.handle_async_request(request)
        finally:
            self.current -= 1


async def test_snaps_of_ten_stories_cost_one_call_per_story_issued_concurrently() -> None:
    profiles_app = create_profiles(clock=Clock(frozen=True))
    emulator = profiles_app.state.emulator
    # Injected latency keeps each call open long enough for the gauge to see them overlap.
    emulator.control.set_latency([LatencyRule.from_json({"path_regex": "/snaps$", "fixed_ms": 20})])
    gauge = ConcurrencyGauge(httpx.ASGITransport(app=profiles_app))
    app = create_app(
        make_settings(),
        transports={
            "albums": httpx.ASGITransport(app=create_albums(clock=Clock(frozen=True))),
            "profiles": gauge,
        },
    )
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        ) as client,
    ):
        query = """query ($id: ID!) { publicProfile(profileId: $id) {
            stories(first: 10) { nodes { snaps(first: 10) { nodes { id } } } } } }"""
        response = await client.post(
            "/graphql", json={"query": query, "variables": {"id": snap_seed.DEMO_PROFILE_ID}}
        )
    body = response.json()
    stories = body["data"]["publicProfile"]["stories"]["nodes"]
    assert len(stories) + len(body.get("errors", [])) == 10
    counts = emulator.control.counts()
    assert counts[S4] == 1
    assert counts[S5] == len(stories)
    assert gauge.peak == len(stories)


async def test_profile_batches_split_at_150_ids() -> None:
    """A3 takes at most 150 ids: 160 album profiles cost two calls, made together."""
    from gateway.settings import OperationLimits
    from schema.relay import global_id
    from tests.gateway.conftest import make_stack

    ids = [global_id("AlbumProfile", 3_100_000_001 + i) for i in range(80)]
    async with make_stack(limits=OperationLimits(max_upstream_calls=500)) as stack:
        body = await stack.gql(
            "query ($a: [ID!]!, $b: [ID!]!) { a: nodes(ids: $a) { id } b: nodes(ids: $b) { id } }",
            {"a": ids, "b": [global_id("AlbumProfile", 3_200_000_001 + i) for i in range(80)]},
        )
        found = [n for n in body["data"]["a"] + body["data"]["b"] if n is not None]
        assert len(found) == 10  # the seed has ten profiles; unknown ids are simply missing
        assert stack.calls()["POST /v3/profiles"] == 2


async def test_a_profile_asked_only_for_its_lists_is_not_fetched(stack: Stack) -> None:
    lists_only = f"""{{ publicProfile(profileId: "{snap_seed.DEMO_PROFILE_ID}") {{
        profileId spotlights(first: 100) {{ nodes {{ id }} }} }} }}"""
    body = await stack.gql(lists_only)
    assert (
        len(body["data"]["publicProfile"]["spotlights"]["nodes"]) + len(body.get("errors", []))
        == 100
    )
    assert stack.calls() == {S10: 2}  # the two pages; the profile itself is never read
    stack.reset_calls()
    with_fields = lists_only.replace("profileId spotlights", "profileId displayName spotlights")
    await stack.gql(with_fields)
    assert stack.calls() == {S10: 2, "GET /v1/public_profiles/{profile_id}": 1}
    stack.reset_calls()
    fragment = lists_only.replace(
        "profileId spotlights", "... on PublicProfile { displayName } spotlights"
    )
    await stack.gql(fragment)
    assert stack.calls()["GET /v1/public_profiles/{profile_id}"] == 1


async def test_an_own_album_refetched_by_id_keeps_its_name(stack: Stack) -> None:
    body = await stack.gql("{ viewer { albums(first: 1) { nodes { id name } } } }")
    album = body["data"]["viewer"]["albums"]["nodes"][0]
    stack.reset_calls()
    again = await stack.gql(
        "query ($id: ID!) { node(id: $id) { ... on Album { name } } }", {"id": album["id"]}
    )
    assert again["data"]["node"]["name"] == album["name"]
    # G2 for the album, and G1 once for the name G2 never carries.
    assert stack.calls()["GET /v2/albums/{albumId}"] == 1
    assert stack.calls()["GET /v1/albums"] == 1

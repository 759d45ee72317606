"""Every connection pages forwards and backwards across several upstream pages, returning
every item exactly once, in order, with exact page information at both ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from emulators.profiles import seed as snap_seed
from tests.gateway.conftest import Stack

pytestmark = pytest.mark.anyio

ME = snap_seed.DEMO_PROFILE_ID
PAGE = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }"


def profile(field: str) -> Callable[[str], str]:
    return lambda args: f'{{ publicProfile(profileId: "{ME}") {{ {field}({args}) {{ {PAGE} }} }} }}'


def viewer(field: str) -> Callable[[str], str]:
    return lambda args: f"{{ viewer {{ {field}({args}) {{ {PAGE} }} }} }}"


async def first_node(stack: Stack, query: str, path: list[str]) -> str:
    data: Any = (await stack.gql(query))["data"]
    for key in path:
        data = data[key]
    return str(data["nodes"][0]["id"])


async def walk(
    stack: Stack, make: Callable[[str], str], path: list[str], size: int, *, forward: bool
) -> list[str]:
    seen: list[str] = []
    cursor: str | None = None
    for step in range(100):
        if forward:
            args = f"first: {size}" + (f', after: "{cursor}"' if cursor else "")
        else:
            args = f"last: {size}" + (f', before: "{cursor}"' if cursor else "")
        body = await stack.gql(make(args))
        conn: Any = body["data"]
        for key in path:
            conn = conn[key]
        info = conn["pageInfo"]
        ids = [edge["node"]["id"] for edge in conn["edges"]]
        if conn["edges"]:
            assert info["startCursor"] == conn["edges"][0]["cursor"]
            assert info["endCursor"] == conn["edges"][-1]["cursor"]
        if forward:
            seen += ids
            assert info["hasPreviousPage"] is (step > 0)
            if not info["hasNextPage"]:
                return seen
            cursor = info["endCursor"]
        else:
            seen = ids + seen
            assert info["hasNextPage"] is (step > 0)
            if not info["hasPreviousPage"]:
                return seen
            cursor = info["startCursor"]
    raise AssertionError("paging did not end")


CASES: dict[str, tuple[Callable[[str], str], list[str], int, int]] = {
    # name: (query maker, path to the connection, page size, at least this many items)
    "spotlights": (profile("spotlights"), ["publicProfile", "spotlights"], 45, 110),
    "stories": (profile("stories"), ["publicProfile", "stories"], 45, 110),
    "lenses": (profile("lenses"), ["publicProfile", "lenses"], 45, 110),
    "savedStories": (profile("savedStories"), ["publicProfile", "savedStories"], 45, 101),
    "albums": (viewer("albums"), ["viewer", "albums"], 1, 2),
    "albumFeed": (viewer("albumFeed"), ["viewer", "albumFeed"], 2, 5),
    "albumFeedOwners": (viewer("albumFeedOwners"), ["viewer", "albumFeedOwners"], 1, 3),
    "paywalledAlbums": (viewer("paywalledAlbums"), ["viewer", "paywalledAlbums"], 1, 2),
    "organization.publicProfiles": (
        lambda a: (
            f'{{ organization(organizationId: "{snap_seed.DEMO_ORG_ID}") '
            f"{{ publicProfiles({a}) {{ {PAGE} }} }} }}"
        ),
        ["organization", "publicProfiles"],
        1,
        2,
    ),
    "adAccount.sharingPolicies": (
        lambda a: (
            f'{{ adAccount(adAccountId: "{snap_seed.DEMO_AD_ACCOUNT_ID}") '
            f"{{ sharingPolicies({a}) {{ {PAGE} }} }} }}"
        ),
        ["adAccount", "sharingPolicies"],
        1,
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_paging_both_ways_returns_every_item_once_in_order(stack: Stack, name: str) -> None:
    make, path, size, minimum = CASES[name]
    forward = await walk(stack, make, path, size, forward=True)
    backward = await walk(stack, make, path, size, forward=False)
    assert len(forward) >= minimum
    assert len(forward) > 2 * size or size == 1  # at least three pages
    assert len(set(forward)) == len(forward)
    assert backward == forward


def node_field(node_id: str, type_name: str, field: str) -> Callable[[str], str]:
    return lambda a: (
        f'{{ node(id: "{node_id}") {{ ... on {type_name} {{ {field}({a}) {{ {PAGE} }} }} }} }}'
    )


async def test_nested_connections_page_too(stack: Stack) -> None:
    """Snaps of a story and of a saved story, album content and shares, albums shared by one
    profile: pages of one item, forwards and backwards."""
    body = await stack.gql(
        f'{{ publicProfile(profileId: "{ME}") {{ stories(first: 10) '
        "{ nodes { id snaps(first: 10) { nodes { id } } } } } }"
    )
    stories = body["data"]["publicProfile"]["stories"]["nodes"]
    story = max(stories, key=lambda s: len(s["snaps"]["nodes"]))
    saved = await first_node(
        stack,
        f'{{ publicProfile(profileId: "{ME}") {{ savedStories(first: 1, '
        "visibility: VISIBLE_ON_PROFILE) { nodes { id } } } }",
        ["publicProfile", "savedStories"],
    )
    album = await first_node(
        stack, "{ viewer { albums(first: 1) { nodes { id } } } }", ["viewer", "albums"]
    )
    alex = await first_node(
        stack,
        "{ viewer { albumFeedOwners(first: 50) { nodes { id } } } }",
        ["viewer", "albumFeedOwners"],
    )
    owner = await stack.gql(
        f'{{ node(id: "{alex}") {{ ... on FeedOwner {{ profile {{ profile {{ id }} }} }} }} }}'
    )
    alex_profile = owner["data"]["node"]["profile"]["profile"]["id"]
    cases = [
        (story["id"], "Story", "snaps", 2),
        (saved, "SavedStory", "snaps", 1),
        (album, "Album", "content", 3),
        (album, "Album", "shares", 2),
        (alex_profile, "AlbumProfile", "albumsSharedWithMe", 1),
    ]
    for node_id, type_name, field, minimum in cases:
        make = node_field(node_id, type_name, field)
        forward = await walk(stack, make, ["node", field], 1, forward=True)
        backward = await walk(stack, make, ["node", field], 1, forward=False)
        assert len(forward) >= minimum, (type_name, field)
        assert len(set(forward)) == len(forward)
        assert backward == forward

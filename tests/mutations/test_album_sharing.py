"""Album mutations between people: share (with its chat side effect), unshare, the view markers
(quirks 3 and 6) and the feed's mark-as-read."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.albums import seed
from tests.mutations.conftest import WriteStack

pytestmark = pytest.mark.anyio

SHARE = """
mutation ($input: ShareAlbumInput!) {
  shareAlbum(input: $input) {
    __typename
    ... on AlbumShared {
      album { id sharedCount shares { nodes { profileId } } }
      sharedWith { profileId displayName }
    }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
UNSHARE = """
mutation ($input: UnshareAlbumInput!) {
  unshareAlbum(input: $input) {
    __typename
    ... on AlbumContentChanged { album { sharedCount shares { nodes { profileId } } } }
    ... on MutationError { message code }
  }
}
"""
VIEW = """
mutation ($input: RecordAlbumViewInput!) {
  recordAlbumView(input: $input) {
    __typename
    ... on AlbumViewRecorded { album { albumId content { nodes { contentId remainingViews } } } }
    ... on AlbumAlreadyViewed { album { albumId } }
    ... on MutationError { message code }
  }
}
"""
CONTENT_VIEW = """
mutation ($input: RecordAlbumContentViewInput!) {
  recordAlbumContentView(input: $input) {
    __typename
    ... on AlbumContentViewRecorded { remainingViews content { contentId url remainingViews } }
    ... on MutationError { message code }
  }
}
"""
MARK_READ = """
mutation ($input: MarkAlbumFeedItemReadInput!) {
  markAlbumFeedItemRead(input: $input) {
    __typename
    ... on AlbumFeedItemMarkedRead { sharedAlbum { albumId hasUnseenContent } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
FEED = """
{ viewer { albumFeed(first: 20) { nodes { id albumId name hasUnseenContent expirationType
  owner { profileId } } } } }
"""


async def feed(stack: WriteStack) -> list[dict[str, Any]]:
    body = await stack.gql(FEED)
    nodes: list[dict[str, Any]] = body["data"]["viewer"]["albumFeed"]["nodes"]
    return nodes


def private_album(stack: WriteStack) -> int:
    return next(
        a.id
        for a in stack.albums.store.albums.values()
        if a.owner_id == seed.DEMO_PROFILE_ID and a.name == "Private"
    )


async def test_share_posts_into_chat_and_lists_the_recipients(stack: WriteStack) -> None:
    album = private_album(stack)
    body = await stack.gql(
        SHARE,
        {
            "input": {
                "albumId": str(album),
                "profileIds": [str(seed.CASEY_PROFILE_ID), str(seed.KAI_PROFILE_ID)],
                "expirationType": "ONE_HOUR",
            }
        },
    )
    result = body["data"]["shareAlbum"]
    assert result["__typename"] == "AlbumShared", result
    recipients = {node["profileId"] for node in result["album"]["shares"]["nodes"]}
    assert recipients == {str(seed.CASEY_PROFILE_ID), str(seed.KAI_PROFILE_ID)}
    assert [p["displayName"] for p in result["sharedWith"]] == ["Casey", "Kai"]
    messages = stack.albums.chat_messages()
    assert len(messages) == 2
    assert {m["type"] for m in messages} == {"ExpiringAlbum"}


async def test_sharing_with_yourself_is_refused_by_the_upstream(stack: WriteStack) -> None:
    body = await stack.gql(
        SHARE,
        {
            "input": {
                "albumId": str(private_album(stack)),
                "profileIds": [str(seed.DEMO_PROFILE_ID)],
                "expirationType": "INDEFINITE",
            }
        },
    )
    result = body["data"]["shareAlbum"]
    assert result["__typename"] == "UpstreamRejected"
    assert "yourself" in result["message"]


async def test_share_needs_a_profile(stack: WriteStack) -> None:
    stack.reset_calls()
    body = await stack.gql(
        SHARE,
        {"input": {"albumId": "1", "profileIds": [], "expirationType": "INDEFINITE"}},
    )
    assert body["data"]["shareAlbum"]["field"] == ["input", "profileIds"]
    assert stack.total_calls() == 0


async def test_unshare(stack: WriteStack) -> None:
    summer = next(a.id for a in stack.albums.store.albums.values() if a.name == "Summer 2026")
    body = await stack.gql(
        UNSHARE, {"input": {"albumId": str(summer), "profileIds": [str(seed.OTHER_PROFILE_ID)]}}
    )
    result = body["data"]["unshareAlbum"]
    assert result["__typename"] == "AlbumContentChanged"
    assert result["album"]["shares"]["nodes"] == [{"profileId": str(seed.ALEX_PROFILE_ID)}]


async def test_a_view_once_album_is_viewed_once_then_already_viewed(stack: WriteStack) -> None:
    once = next(a for a in await feed(stack) if a["name"] == "For your eyes only")
    first = (await stack.gql(VIEW, {"input": {"albumId": once["id"]}}))["data"]["recordAlbumView"]
    assert first["__typename"] == "AlbumViewRecorded"
    assert first["album"]["albumId"] == once["albumId"]
    again = (await stack.gql(VIEW, {"input": {"albumId": once["id"]}}))["data"]["recordAlbumView"]
    assert again == {"__typename": "AlbumAlreadyViewed", "album": {"albumId": once["albumId"]}}


async def test_viewing_an_album_never_shared_is_not_found_or_forbidden(stack: WriteStack) -> None:
    foreign = next(
        a.id for a in stack.albums.store.albums.values() if a.owner_id == seed.OTHER_PROFILE_ID
    )
    result = (await stack.gql(VIEW, {"input": {"albumId": str(foreign)}}))["data"]
    assert result["recordAlbumView"]["__typename"] == "NotFoundOrForbidden"


async def test_content_views_count_down_to_zero_without_error(stack: WriteStack) -> None:
    once = next(a for a in await feed(stack) if a["name"] == "For your eyes only")
    album = stack.albums.store.albums[int(once["albumId"])]
    item = album.order[0]
    views = []
    for _ in range(3):
        body = await stack.gql(
            CONTENT_VIEW, {"input": {"albumId": once["albumId"], "contentId": str(item)}}
        )
        views.append(body["data"]["recordAlbumContentView"])
    assert [v["remainingViews"] for v in views] == [0, 0, 0]
    assert all(v["__typename"] == "AlbumContentViewRecorded" for v in views)
    assert views[-1]["content"] == {"contentId": str(item), "url": None, "remainingViews": 0}


async def test_mark_feed_item_read(stack: WriteStack) -> None:
    unseen = next(a for a in await feed(stack) if a["hasUnseenContent"])
    body = await stack.gql(MARK_READ, {"input": {"albumId": unseen["id"]}})
    result = body["data"]["markAlbumFeedItemRead"]
    assert result == {
        "__typename": "AlbumFeedItemMarkedRead",
        "sharedAlbum": {"albumId": unseen["albumId"], "hasUnseenContent": False},
    }
    # With the owner given, no feed read is needed first.
    stack.reset_calls()
    body = await stack.gql(
        MARK_READ,
        {"input": {"albumId": unseen["albumId"], "ownerProfileId": unseen["owner"]["profileId"]}},
    )
    assert body["data"]["markAlbumFeedItemRead"]["__typename"] == "AlbumFeedItemMarkedRead"
    assert stack.calls()["POST /v3/pressie-albums/feed"] == 1


async def test_marking_an_album_outside_the_feed_is_invalid_input(stack: WriteStack) -> None:
    body = await stack.gql(MARK_READ, {"input": {"albumId": str(private_album(stack))}})
    result = body["data"]["markAlbumFeedItemRead"]
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == ["input", "albumId"]

"""crossPostAlbumContent: album content, read fresh, downloaded, checked, encrypted, uploaded and
posted; only from the caller's own albums, and never counted as a view."""

from __future__ import annotations

from typing import Any

import pytest

from emulators._common.media import make_mp4
from emulators.albums import seed
from tests.mutations.conftest import WriteStack
from tests.mutations.test_album_content import UPLOAD as UPLOAD_ALBUM_CONTENT

pytestmark = pytest.mark.anyio

CROSS_POST = """
mutation ($input: CrossPostAlbumContentInput!) {
  crossPostAlbumContent(input: $input) {
    __typename
    ... on StoryPosted { mediaId story { storyId } upload { phase kind } }
    ... on SpotlightPosted { mediaId spotlight { spotlightId duration title } }
    ... on SavedStoryCreated { savedStory { title snaps { nodes { mediaKind } } } }
    ... on MutationError { message code }
    ... on AlbumContentUnavailable { processing }
    ... on MediaRejected { reasons { code } }
    ... on InvalidInput { field }
  }
}
"""


def album_named(stack: WriteStack, name: str) -> Any:
    return next(a for a in stack.albums.store.albums.values() if a.name == name)


def item(stack: WriteStack, album: Any, mime: str) -> Any:
    contents = stack.albums.store.contents
    return next(contents[c] for c in album.order if contents[c].mime == mime)


async def cross_post(stack: WriteStack, album: Any, content: Any, to: dict[str, Any]) -> Any:
    body = await stack.gql(
        CROSS_POST,
        {"input": {"albumId": str(album.id), "contentId": str(content.id), "to": to}},
    )
    assert "errors" not in body, body
    return body["data"]["crossPostAlbumContent"]


async def test_an_album_video_becomes_a_story_snap(stack: WriteStack) -> None:
    summer = album_named(stack, "Summer 2026")
    clip = item(stack, summer, "video/mp4")
    stack.reset_calls()
    result = await cross_post(stack, summer, clip, {"story": {}})
    assert result["__typename"] == "StoryPosted", result
    assert result["upload"] == {"phase": "DONE", "kind": "MEDIA"}
    assert stack.profiles.media_plaintext(result["mediaId"]) == clip.data
    calls = stack.calls()
    # Read fresh (G2), downloaded from the CDN, never viewed (no G4/G5).
    assert calls["GET /v2/albums/{albumId}"] == 1
    assert not any("/view" in route for route in calls)


async def test_an_album_image_becomes_a_saved_story(stack: WriteStack) -> None:
    summer = album_named(stack, "Summer 2026")
    image = item(stack, summer, "image/png")
    result = await cross_post(stack, summer, image, {"savedStory": {"title": "From the album"}})
    assert result["__typename"] == "SavedStoryCreated", result
    assert result["savedStory"]["title"] == "From the album"
    assert result["savedStory"]["snaps"]["nodes"] == [{"mediaKind": "IMAGE"}]


async def test_an_album_video_becomes_a_spotlight(stack: WriteStack) -> None:
    summer = album_named(stack, "Summer 2026")
    clip = item(stack, summer, "video/mp4")
    result = await cross_post(
        stack, summer, clip, {"spotlight": {"locale": "en_US", "description": "From #albums"}}
    )
    assert result["__typename"] == "SpotlightPosted", result
    assert result["spotlight"]["duration"] == 8.0


async def test_an_image_cannot_be_a_spotlight(stack: WriteStack) -> None:
    summer = album_named(stack, "Summer 2026")
    image = item(stack, summer, "image/png")
    result = await cross_post(stack, summer, image, {"spotlight": {"locale": "en_US"}})
    assert result["__typename"] == "MediaRejected"
    assert result["reasons"] == [{"code": "IMAGE_NOT_ALLOWED"}]
    assert stack.profiles.store.media == {} or all(
        m.name != f"album-{summer.id}-{image.id}" for m in stack.profiles.store.media.values()
    )


async def test_someone_elses_album_is_refused_without_any_snap_call(stack: WriteStack) -> None:
    beach = album_named(stack, "Beach")  # alex's, shared with the caller
    assert beach.owner_id == seed.ALEX_PROFILE_ID
    clip = item(stack, beach, "video/mp4")
    stack.reset_calls()
    result = await cross_post(stack, beach, clip, {"story": {}})
    assert result == {
        "__typename": "Forbidden",
        "message": "Only your own albums can be cross-posted: content shared with you stays "
        "private.",
        "code": "FORBIDDEN",
    }
    assert stack.profiles.control.counts() == {}
    assert not any("/view" in route for route in stack.calls())


async def test_a_video_still_processing_is_unavailable(stack: WriteStack) -> None:
    summer = album_named(stack, "Summer 2026")
    body = await stack.upload(
        UPLOAD_ALBUM_CONTENT,
        {"input": {"albumId": str(summer.id), "file": None}},
        {"input.file": ("new.mp4", make_mp4(duration_ms=9_000, salt=b"new"), "video/mp4")},
    )
    content = body["data"]["uploadAlbumContent"]["content"]
    assert content["processing"] is True
    stack.reset_calls()
    result = await cross_post(
        stack, summer, stack.albums.store.contents[int(content["contentId"])], {"story": {}}
    )
    assert result["__typename"] == "AlbumContentUnavailable"
    assert result["processing"] is True
    assert stack.profiles.control.counts() == {}


async def test_the_target_options_are_checked_first(stack: WriteStack) -> None:
    summer = album_named(stack, "Summer 2026")
    clip = item(stack, summer, "video/mp4")
    stack.reset_calls()
    result = await cross_post(stack, summer, clip, {"savedStory": {"title": "t" * 46}})
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == ["input", "to", "savedStory", "title"]
    assert stack.total_calls() == 0

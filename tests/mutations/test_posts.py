"""Posting: postStory, postSpotlight and createSavedStory on uploaded media (retrying while it
processes), and the one-step publishStory / publishSpotlight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from emulators.profiles import DEMO_PROFILE_ID
from tests.mutations.conftest import WriteStack, jpeg, video, write_stack
from tests.mutations.test_upload_media import upload_media

pytestmark = pytest.mark.anyio

POST_STORY = """
mutation ($input: PostStoryInput!) {
  postStory(input: $input) {
    __typename
    ... on StoryPosted { mediaId story { id storyId snaps { nodes { mediaKind } } } }
    ... on MutationError { message code }
    ... on MediaStillProcessing { mediaId attempts }
    ... on UpstreamRejected { upstreamCode }
  }
}
"""
POST_SPOTLIGHT = """
mutation ($input: PostSpotlightInput!) {
  postSpotlight(input: $input) {
    __typename
    ... on SpotlightPosted { mediaId spotlight { id spotlightId status title hashtags duration } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
SAVED = """
mutation ($input: CreateSavedStoryInput!) {
  createSavedStory(input: $input) {
    __typename
    ... on SavedStoryCreated { savedStory { id title snaps { nodes { title mediaKind } } } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
PUBLISH_STORY = """
mutation ($input: PublishStoryInput!) {
  publishStory(input: $input) {
    __typename
    ... on StoryPosted { mediaId story { storyId } upload { phase partsDone } }
    ... on MutationError { message code }
    ... on MediaRejected { reasons { code } }
  }
}
"""
PUBLISH_SPOTLIGHT = """
mutation ($input: PublishSpotlightInput!) {
  publishSpotlight(input: $input) {
    __typename
    ... on SpotlightPosted { mediaId spotlight { spotlightId title } upload { phase } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""


async def media(stack: WriteStack, tmp_path: Path, *, image: bool = False) -> str:
    if image:
        result = await upload_media(stack, "pic.jpg", jpeg(), "image/jpeg")
    else:
        path = video(tmp_path / "clip.mp4", salt=len(stack.time.waits))
        with path.open("rb") as file:
            result = await upload_media(stack, "clip.mp4", file)
    assert result["__typename"] == "MediaUploaded", result
    media_id: str = result["mediaId"]
    return media_id


async def test_post_story_waits_for_processing_then_returns_the_story(
    stack: WriteStack, tmp_path: Path
) -> None:
    media_id = await media(stack, tmp_path)
    waited = len(stack.time.waits)
    body = await stack.gql(POST_STORY, {"input": {"mediaId": media_id}})
    result = body["data"]["postStory"]
    assert result["__typename"] == "StoryPosted", result
    assert result["mediaId"] == media_id
    assert result["story"]["snaps"]["nodes"][-1] == {"mediaKind": "VIDEO"}
    # MEDIA_PROCESSING for 3 s of emulator time: the post was retried after 1 s and 2 s.
    assert stack.time.waits[waited:] == [1.0, 2.0]


async def test_post_story_gives_up_with_media_still_processing(tmp_path: Path) -> None:
    from gateway.settings import UploadSettings

    upload = UploadSettings(posting_backoff=1.0, posting_backoff_max=1.0, posting_give_up=2.0)
    async with write_stack(upload=upload) as stack:
        stack.profiles.control.configure(media_processing_seconds=60)
        media_id = await media(stack, tmp_path)
        body = await stack.gql(POST_STORY, {"input": {"mediaId": media_id}})
        result = body["data"]["postStory"]
        assert result["__typename"] == "MediaStillProcessing"
        assert result["mediaId"] == media_id
        assert result["attempts"] == 3


async def test_post_story_of_an_unknown_media_is_rejected_upstream(stack: WriteStack) -> None:
    body = await stack.gql(
        POST_STORY, {"input": {"mediaId": "00000000-0000-4000-8000-000000000000"}}
    )
    result = body["data"]["postStory"]
    assert result["__typename"] == "UpstreamRejected"
    assert result["upstreamCode"] == "INVALID_REQUEST"


async def test_post_spotlight(stack: WriteStack, tmp_path: Path) -> None:
    media_id = await media(stack, tmp_path)
    body = await stack.gql(
        POST_SPOTLIGHT,
        {"input": {"mediaId": media_id, "locale": "en_US", "description": "Hello #world"}},
    )
    result = body["data"]["postSpotlight"]
    assert result["__typename"] == "SpotlightPosted", result
    spotlight = result["spotlight"]
    assert (spotlight["status"], spotlight["title"], spotlight["hashtags"]) == (
        "SUBMITTED",
        "Hello #world",
        ["world"],
    )
    assert spotlight["duration"] == 10.0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"locale": "english"}, ["input", "locale"]),
        ({"locale": "en_US", "description": "x" * 161}, ["input", "description"]),
    ],
)
async def test_post_spotlight_checks_its_inputs_first(
    stack: WriteStack, values: dict[str, Any], field: list[str]
) -> None:
    stack.reset_calls()
    body = await stack.gql(
        POST_SPOTLIGHT, {"input": {"mediaId": "00000000-0000-4000-8000-000000000000", **values}}
    )
    result = body["data"]["postSpotlight"]
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == field
    assert stack.total_calls() == 0


async def test_a_spotlight_of_160_characters_is_fine(stack: WriteStack, tmp_path: Path) -> None:
    media_id = await media(stack, tmp_path)
    text = "é" * 160  # characters, not bytes
    body = await stack.gql(
        POST_SPOTLIGHT, {"input": {"mediaId": media_id, "locale": "fr_FR", "description": text}}
    )
    assert body["data"]["postSpotlight"]["spotlight"]["title"] == text


async def test_create_saved_story_keeps_the_order_of_its_sources(
    stack: WriteStack, tmp_path: Path
) -> None:
    image = await media(stack, tmp_path, image=True)
    clip = await media(stack, tmp_path)
    spotlights = stack.profiles.store.shelves[DEMO_PROFILE_ID].spotlights
    spotlight = next(s for s in spotlights if s.title)
    sources = [{"mediaId": clip}, {"spotlightId": spotlight.id}, {"mediaId": image}]
    body = await stack.gql(SAVED, {"input": {"title": "Best of", "snapSources": sources}})
    result = body["data"]["createSavedStory"]
    assert result["__typename"] == "SavedStoryCreated", result
    saved = result["savedStory"]
    assert saved["title"] == "Best of"
    assert [s["mediaKind"] for s in saved["snaps"]["nodes"]] == ["VIDEO", "VIDEO", "IMAGE"]
    assert saved["snaps"]["nodes"][1]["title"] == spotlight.title


async def test_snap_sources_are_one_of(stack: WriteStack) -> None:
    body = await stack.gql(SAVED, {"input": {"snapSources": [{"mediaId": "a", "snapId": "b"}]}})
    assert body["data"] is None
    assert "exactly one" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "t" * 46, "snapSources": [{"snapId": "abc"}]}, ["input", "title"]),
        ({"snapSources": []}, ["input", "snapSources"]),
        ({"snapSources": [{"mediaId": "not-a-uuid"}]}, ["input", "snapSources", "0", "mediaId"]),
    ],
)
async def test_saved_story_inputs_are_checked_first(
    stack: WriteStack, values: dict[str, Any], field: list[str]
) -> None:
    stack.reset_calls()
    body = await stack.gql(SAVED, {"input": values})
    result = body["data"]["createSavedStory"]
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == field
    assert stack.total_calls() == 0


async def test_publish_story_uploads_and_posts_in_one_step(
    stack: WriteStack, tmp_path: Path
) -> None:
    path = video(tmp_path / "clip.mp4", mdat_bytes=100_000)
    with path.open("rb") as file:
        body = await stack.upload(
            PUBLISH_STORY,
            {"input": {"file": None}},
            {"input.file": ("clip.mp4", file, "video/mp4")},
        )
    result = body["data"]["publishStory"]
    assert result["__typename"] == "StoryPosted", result
    assert result["upload"] == {"phase": "DONE", "partsDone": 1}
    assert stack.profiles.media_plaintext(result["mediaId"]) == path.read_bytes()


async def test_publish_story_rejects_a_short_video_without_a_call(stack: WriteStack) -> None:
    from emulators._common.media import make_mp4

    stack.reset_calls()
    body = await stack.upload(
        PUBLISH_STORY,
        {"input": {"file": None}},
        {"input.file": ("s.mp4", make_mp4(duration_ms=2_000), "video/mp4")},
    )
    result = body["data"]["publishStory"]
    assert result == {
        "__typename": "MediaRejected",
        "message": "The video lasts 2.00 s; it must last at least 5 s",
        "code": "MEDIA_REJECTED",
        "reasons": [{"code": "TOO_SHORT"}],
    }
    assert stack.total_calls() == 0


async def test_publish_spotlight(stack: WriteStack, tmp_path: Path) -> None:
    path = video(tmp_path / "clip.mp4", mdat_bytes=50_000)
    with path.open("rb") as file:
        body = await stack.upload(
            PUBLISH_SPOTLIGHT,
            {"input": {"file": None, "locale": "en_GB", "description": "New #drop"}},
            {"input.file": ("clip.mp4", file, "video/mp4")},
        )
    result = body["data"]["publishSpotlight"]
    assert result["__typename"] == "SpotlightPosted", result
    assert result["spotlight"]["title"] == "New #drop"
    assert result["upload"] == {"phase": "DONE"}


async def test_publish_spotlight_checks_the_locale_before_the_upload(stack: WriteStack) -> None:
    stack.reset_calls()
    body = await stack.upload(
        PUBLISH_SPOTLIGHT,
        {"input": {"file": None, "locale": "EN"}},
        {"input.file": ("c.mp4", b"whatever", "video/mp4")},
    )
    result = body["data"]["publishSpotlight"]
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == ["input", "locale"]
    assert stack.total_calls() == 0

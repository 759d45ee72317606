"""Idempotency keys: a retry returns the first result instead of writing twice, a key reused
with other input is refused, callers never share keys, duplicates in flight wait for the first,
and a failure releases its key."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from emulators.profiles import DEMO_PROFILE_ID, ML_TAGS_TOKEN
from gateway.idempotency import InFlight
from tests.mutations.conftest import WriteStack, video
from tests.mutations.test_albums import CREATE
from tests.mutations.test_posts import POST_STORY
from tests.mutations.test_upload_media import UPLOAD

pytestmark = pytest.mark.anyio

PUBLISH = """
mutation ($input: PublishStoryInput!) {
  publishStory(input: $input) {
    __typename
    ... on StoryPosted { mediaId story { storyId snaps { nodes { snapId } } } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
S1 = "POST /v1/public_profiles/{profile_id}/media"
S6 = "POST /v1/public_profiles/{profile_id}/stories"


async def publish(
    stack: WriteStack, path: Path, key: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    with path.open("rb") as file:
        body = await stack.upload(
            PUBLISH,
            {"input": {"file": None, "idempotencyKey": key}},
            {"input.file": (path.name, file, "video/mp4")},
            headers=headers,
        )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["publishStory"]
    return result


def snap_count(stack: WriteStack) -> int:
    return sum(len(s.snaps) for s in stack.profiles.store.shelves[DEMO_PROFILE_ID].stories)


async def test_the_same_key_twice_makes_one_story(stack: WriteStack, tmp_path: Path) -> None:
    path = video(tmp_path / "clip.mp4")
    before = snap_count(stack)
    first = await publish(stack, path, "key-1")
    second = await publish(stack, path, "key-1")
    assert first["__typename"] == "StoryPosted", first
    assert second == first
    assert snap_count(stack) == before + 1
    assert stack.calls()[S1] == 1


async def test_a_key_reused_with_other_input_is_invalid_input(
    stack: WriteStack, tmp_path: Path
) -> None:
    assert (await publish(stack, video(tmp_path / "a.mp4"), "key-2"))["__typename"] == "StoryPosted"
    other = await publish(stack, video(tmp_path / "b.mp4", salt=7), "key-2")
    assert other == {
        "__typename": "InvalidInput",
        "message": "This idempotency key was used with different input.",
        "code": "BAD_USER_INPUT",
        "field": ["input", "idempotencyKey"],
    }
    assert stack.calls()[S1] == 1


async def test_two_callers_with_the_same_key_are_independent(
    stack: WriteStack, tmp_path: Path
) -> None:
    path = video(tmp_path / "clip.mp4")
    mine = await publish(stack, path, "shared-key")
    theirs = await publish(
        stack, path, "shared-key", headers={"X-Profiles-Authorization": f"Bearer {ML_TAGS_TOKEN}"}
    )
    assert mine["__typename"] == theirs["__typename"] == "StoryPosted"
    assert mine["mediaId"] != theirs["mediaId"]
    assert stack.calls()[S1] == 2


async def test_a_duplicate_in_flight_waits_for_the_first(stack: WriteStack, tmp_path: Path) -> None:
    path = video(tmp_path / "clip.mp4")
    store = stack.upstreams.idempotency
    claim, waiting = store.claim, asyncio.Event()

    async def observed(scope: str, fingerprint: str) -> Any:
        result = await claim(scope, fingerprint)
        if isinstance(result, InFlight):
            waiting.set()
        return result

    store.claim = observed
    assert stack.gate is not None
    stack.gate.finalize = asyncio.Event()
    first = asyncio.create_task(publish(stack, path, "key-3"))
    await stack.gate.finalize_waiting.wait()  # the first is uploading, held at FINALIZE
    second = asyncio.create_task(publish(stack, path, "key-3"))
    await waiting.wait()  # the second found the key in flight
    stack.gate.finalize.set()
    one, two = await asyncio.gather(first, second)
    assert one["__typename"] == "StoryPosted", one
    assert two == one
    assert stack.calls()[S1] == 1


async def test_a_failure_releases_its_key(stack: WriteStack, tmp_path: Path) -> None:
    path = video(tmp_path / "clip.mp4")
    with path.open("rb") as file:
        body = await stack.upload(
            UPLOAD, {"input": {"file": None}}, {"input.file": ("clip.mp4", file, "video/mp4")}
        )
    media_id = body["data"]["uploadMedia"]["mediaId"]
    stack.profiles.control.configure(media_processing_seconds=0)
    stack.profiles.control.add_fault(path_regex=r"/stories$", method="POST", status=500, times=1)
    variables = {"input": {"mediaId": media_id, "idempotencyKey": "key-4"}}
    failed = (await stack.gql(POST_STORY, variables))["data"]["postStory"]
    assert failed["__typename"] == "UpstreamError"
    posted = (await stack.gql(POST_STORY, variables))["data"]["postStory"]
    assert posted["__typename"] == "StoryPosted"
    again = (await stack.gql(POST_STORY, variables))["data"]["postStory"]
    assert again == posted
    assert stack.calls()[S6] == 2  # the failure, then the success; the replay calls nothing


async def test_create_album_with_a_key_creates_one_album(stack: WriteStack) -> None:
    values = {"input": {"name": "Once", "idempotencyKey": "album-key"}}
    first = (await stack.gql(CREATE, values))["data"]["createAlbum"]
    second = (await stack.gql(CREATE, values))["data"]["createAlbum"]
    assert first["__typename"] == "AlbumCreated"
    assert second == first
    assert stack.calls()["POST /v2/albums"] == 1


async def test_a_bad_key_is_invalid_input(stack: WriteStack) -> None:
    values = {"input": {"name": "x", "idempotencyKey": ""}}
    result = (await stack.gql(CREATE, values))["data"]["createAlbum"]
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == ["input", "idempotencyKey"]
    assert stack.total_calls() == 0


async def test_a_client_that_went_away_finds_its_story_on_retry(
    stack: WriteStack, tmp_path: Path
) -> None:
    """The dropped connection: the request is cancelled while its upload waits at FINALIZE;
    the job carries on, and the retry with the same key gets its story, not a second one."""
    path = video(tmp_path / "clip.mp4")
    before = snap_count(stack)
    assert stack.gate is not None
    stack.gate.finalize = asyncio.Event()
    gone = asyncio.create_task(publish(stack, path, "key-5"))
    await stack.gate.finalize_waiting.wait()
    gone.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gone
    stack.gate.finalize.set()
    retry = await publish(stack, path, "key-5")
    assert retry["__typename"] == "StoryPosted", retry
    assert snap_count(stack) == before + 1
    assert stack.calls()[S1] == 1

"""Contract tests for S4 (stories), S5 (snaps of a story) and S6 (post to the public story)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators._common.clock import parse_iso
from emulators.profiles import (
    BROKEN_INDEX,
    DEMO_PROFILE_ID,
    LIVE_STORY_ID,
    OTHER_PROFILE_ID,
    OTHER_TOKEN,
)

pytestmark = pytest.mark.anyio

STORY_KEYS = {"id", "profile_id", "thumbnail_url", "created_at", "ended_at", "type"}


async def test_s04_list_stories(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/stories")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "stories", "paging"]
    assert body["request_status"] == "SUCCESS"
    assert len(body["stories"]) == 10
    stories = [item["story"] for item in body["stories"]]
    assert all(item["sub_request_status"] == "SUCCESS" for item in body["stories"])
    assert all(set(story) == STORY_KEYS for story in stories)
    assert stories[0]["id"] == LIVE_STORY_ID
    assert all(story["type"] == "PUBLIC_STORY" for story in stories)
    assert all(story["profile_id"] == DEMO_PROFILE_ID for story in stories)
    assert all(story["thumbnail_url"].startswith("http://profiles.test/cdn/") for story in stories)
    created = [parse_iso(story["created_at"]) for story in stories]
    assert created == sorted(created, reverse=True)
    assert set(body["paging"]) == {"next_link"}
    assert "cursor=MTA" in body["paging"]["next_link"]


async def test_s04_access(api: Any) -> None:
    assert (await api.get(f"{api.prefix(OTHER_PROFILE_ID)}/stories")).status_code == 403
    own = await api.get(f"{api.prefix(OTHER_PROFILE_ID)}/stories", token=OTHER_TOKEN)
    assert own.status_code == 200
    unknown = await api.get(f"{api.prefix(str(uuid.UUID(int=9)))}/stories")
    assert unknown.status_code == 404
    assert unknown.json()["error_code"] == "RESOURCE_NOT_FOUND"


async def test_s05_snaps_of_a_story(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "snaps", "paging"]
    snaps = [item["snap"] for item in body["snaps"]]
    assert len(snaps) == 4
    assert body["paging"] == {}
    for snap in snaps:
        assert snap["story_id"] == LIVE_STORY_ID
        assert len(snap["id"]) == 59
        assert set(snap["media_metadata"]) == {"media_url", "thumbnail_url", "media_type"}
        assert "title" not in snap
    created = [parse_iso(snap["created_at"]) for snap in snaps]
    assert created == sorted(created)
    assert any("caption" in snap for snap in snaps)
    assert {snap["media_metadata"]["media_type"] for snap in snaps} == {
        "MEDIA_TYPE_VIDEO",
        "MEDIA_TYPE_IMAGE",
    }
    paged = await api.get(f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps", params={"limit": 3})
    assert len(paged.json()["snaps"]) == 3
    assert "next_link" in paged.json()["paging"]


async def test_s05_errors(api: Any) -> None:
    other = api.emulator.store.shelves[OTHER_PROFILE_ID].stories[0].id
    assert (await api.get(f"{api.prefix()}/stories/{other}/snaps")).status_code == 404
    unknown = await api.get(f"{api.prefix()}/stories/{uuid.UUID(int=5)}/snaps")
    assert unknown.status_code == 404
    path = f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps"
    bad = await api.get(path, params={"created_at": "yesterday"})
    assert bad.status_code == 400
    ok = await api.get(
        path,
        params={"created_at": "2026-11-01T10:00:00.000Z", "ended_at": "2026-11-02T10:00:00Z"},
    )
    assert ok.status_code == 200
    assert len(ok.json()["snaps"]) == 4  # validated, not a filter


async def test_s06_post_appends_to_the_live_story(api: Any) -> None:
    media_id = await api.upload(api.video(seconds=12))
    before = len(api.emulator.store.stories[LIVE_STORY_ID].snaps)
    response = await api.post(f"{api.prefix()}/stories", json={"media_id": media_id})
    assert response.status_code == 200
    assert set(response.json()) == {"request_id", "request_status"}
    story = api.emulator.store.stories[LIVE_STORY_ID]
    assert len(story.snaps) == before + 1
    snaps = (await api.get(f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps")).json()["snaps"]
    newest = snaps[-1]["snap"]
    assert newest["media_metadata"]["media_url"] == f"http://profiles.test/cdn/media/{media_id}"
    assert newest["media_metadata"]["media_type"] == "MEDIA_TYPE_VIDEO"
    assert "caption" not in newest
    listed = (await api.get(f"{api.prefix()}/stories")).json()["stories"][0]["story"]
    assert listed["id"] == LIVE_STORY_ID
    ended = parse_iso(listed["ended_at"]) - parse_iso(newest["created_at"])
    assert ended.total_seconds() == 86400
    # The same media may be posted again during its 24 hours.
    again = await api.post(f"{api.prefix()}/stories", json={"media_id": media_id})
    assert again.status_code == 200


async def test_s06_post_starts_a_new_story_when_none_is_live(api: Any) -> None:
    api.clock.advance(2 * 86400)
    image = await api.upload(api.png(), "IMAGE")
    response = await api.post(f"{api.prefix()}/stories", json={"media_id": image})
    assert response.status_code == 200
    first = (await api.get(f"{api.prefix()}/stories")).json()["stories"][0]["story"]
    assert first["id"] != LIVE_STORY_ID
    assert parse_iso(first["created_at"]) == api.clock.now()
    assert first["thumbnail_url"] == f"http://profiles.test/cdn/media/{image}"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"media_id": 12},
        {"media_id": "0b1c6a96-0000-4000-8000-000000000000"},
        {"media_id": "MEDIA", "customized_ttl": "FOREVER"},
    ],
)
async def test_s06_validation(api: Any, body: dict[str, Any]) -> None:
    if body.get("media_id") == "MEDIA":
        body = {**body, "media_id": await api.upload(api.video())}
    response = await api.post(f"{api.prefix()}/stories", json=body)
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_REQUEST"


async def test_s06_customized_ttl_and_access(api: Any) -> None:
    media_id = await api.upload(api.video())
    body = {"media_id": media_id, "customized_ttl": "TWO_DAYS"}
    assert (await api.post(f"{api.prefix()}/stories", json=body)).status_code == 200
    denied = await api.post(f"{api.prefix()}/stories", json=body, token=OTHER_TOKEN)
    assert denied.status_code == 403
    assert denied.json()["error_code"] == "AUTHORIZATION_PERMISSION_DENIED"


async def test_s04_broken_story_is_past_the_first_page(api: Any) -> None:
    first = (await api.get(f"{api.prefix()}/stories")).json()
    assert first["request_status"] == "SUCCESS"
    wide = (await api.get(f"{api.prefix()}/stories", params={"limit": 50})).json()
    assert wide["request_status"] == "PARTIAL"
    assert wide["stories"][BROKEN_INDEX] == {
        "sub_request_status": "ERROR",
        "sub_request_error_reason": "Failed to load this story",
    }

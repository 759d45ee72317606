"""Contract tests for S7 (saved stories), S8 (their snaps) and S9 (create a saved story)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators.profiles import (
    DEMO_PROFILE_ID,
    LIVE_STORY_ID,
    OTHER_PROFILE_ID,
    OTHER_TOKEN,
    SEED_VISIBLE_SAVED_COUNT,
)

pytestmark = pytest.mark.anyio

SAVED_KEYS = {"id", "profile_id", "thumbnail_url", "title", "created_at", "type", "updated_at"}


async def walk(api: Any, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    response = await api.get(path, params={"limit": 50, **params})
    while True:
        body = response.json()
        items.extend(body[key])
        link = body["paging"].get("next_link")
        if not link:
            return items
        response = await api.get(link)


async def test_s07_list_saved_stories(api: Any) -> None:
    path = f"{api.prefix()}/saved_stories"
    response = await api.get(path)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "saved_stories", "paging"]
    for item in body["saved_stories"]:
        saved = item["saved_story"]
        assert set(saved) <= SAVED_KEYS
        assert saved["type"] == "SAVED_STORY"
        assert saved["updated_at"] == saved["created_at"]
    everything = await walk(api, path, "saved_stories")
    visible = await walk(api, path, "saved_stories", visibility="VISIBLE_ON_PROFILE")
    assert len(visible) == SEED_VISIBLE_SAVED_COUNT
    assert len(everything) > len(visible)
    hidden = {i["saved_story"]["id"] for i in everything} - {
        i["saved_story"]["id"] for i in visible
    }
    assert len(hidden) == len(everything) - len(visible)
    explicit = await walk(api, path, "saved_stories", visibility="ALL")
    assert len(explicit) == len(everything)


async def test_s07_visibility_is_validated(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/saved_stories", params={"visibility": "HIDDEN"})
    assert response.status_code == 400
    assert "visibility" in response.json()["debug_message"]


async def test_s08_snaps_of_a_saved_story(api: Any) -> None:
    other_shelf = api.emulator.store.shelves[OTHER_PROFILE_ID]
    first = (
        await api.get(f"{api.prefix()}/saved_stories", params={"visibility": "VISIBLE_ON_PROFILE"})
    ).json()["saved_stories"][0]["saved_story"]
    response = await api.get(f"{api.prefix()}/saved_stories/{first['id']}/snaps")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "snaps", "paging"]
    snaps = [item["snap"] for item in body["snaps"]]
    assert snaps
    assert all(snap["story_id"] == first["id"] for snap in snaps)
    keys = {"id", "story_id", "media_metadata", "created_at", "title", "caption"}
    assert all(set(snap) <= keys for snap in snaps)
    assert snaps[0]["title"] == "Part 1"
    missing = await api.get(f"{api.prefix()}/saved_stories/{uuid.UUID(int=4)}/snaps")
    assert missing.status_code == 404
    foreign = other_shelf.saved_all[0].id
    assert (await api.get(f"{api.prefix()}/saved_stories/{foreign}/snaps")).status_code == 404


async def test_s09_create_saved_story(api: Any) -> None:
    store = api.emulator.store
    spotlight = next(s for s in store.shelves[DEMO_PROFILE_ID].spotlights if s.caption)
    snap = next(s for s in store.stories[LIVE_STORY_ID].snaps if s.caption)
    media_id = await api.upload(api.png(), "IMAGE")
    body = {
        "saved_stories": [
            {
                "title": "My Saved Story",
                "snap_sources": [
                    {"media_id": media_id},
                    {"spotlight_id": spotlight.id},
                    {"snap_id": snap.id},
                ],
            }
        ]
    }
    response = await api.post(f"{api.prefix()}/saved_stories", json=body)
    assert response.status_code == 200, response.text
    created = response.json()
    assert list(created) == ["request_id", "request_status", "saved_stories"]
    assert created["saved_stories"][0]["sub_request_status"] == "SUCCESS"
    saved_id = created["saved_stories"][0]["saved_story"]["id"]
    assert set(created["saved_stories"][0]["saved_story"]) == {"id"}
    listed = (
        await api.get(f"{api.prefix()}/saved_stories", params={"visibility": "VISIBLE_ON_PROFILE"})
    ).json()["saved_stories"][0]["saved_story"]
    assert listed["id"] == saved_id
    assert listed["title"] == "My Saved Story"
    assert listed["thumbnail_url"] == f"http://profiles.test/cdn/media/{media_id}"
    snaps = (await api.get(f"{api.prefix()}/saved_stories/{saved_id}/snaps")).json()["snaps"]
    first, second, third = (item["snap"] for item in snaps)
    assert first["media_metadata"]["media_url"].endswith(media_id)
    assert "title" not in first
    assert "caption" not in first
    assert second["title"] == spotlight.title
    assert second["caption"] == spotlight.caption
    assert third["caption"] == snap.caption
    assert "title" not in third
    assert {s["story_id"] for s in (first, second, third)} == {saved_id}


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ({"saved_stories": []}, "exactly one"),
        ({"saved_stories": [{"snap_sources": []}, {"snap_sources": []}]}, "exactly one"),
        ({"title": "x", "snap_sources": [{"snap_id": "x"}]}, "exactly one"),
        ({"saved_stories": [{"title": "t" * 46, "snap_sources": [{"snap_id": "x"}]}]}, "45"),
        ({"saved_stories": [{"title": 3, "snap_sources": [{"snap_id": "x"}]}]}, "title"),
        ({"saved_stories": [{"title": "t"}]}, "snap_sources"),
        ({"saved_stories": [{"snap_sources": [{}]}]}, "exactly one of"),
        (
            {"saved_stories": [{"snap_sources": [{"snap_id": "a", "media_id": "b"}]}]},
            "exactly one of",
        ),
        ({"saved_stories": [{"snap_sources": [{"story_id": "a"}]}]}, "exactly one of"),
        ({"saved_stories": [{"snap_sources": [{"snap_id": 5}]}]}, "string"),
        ({"saved_stories": [{"snap_sources": [{"snap_id": "nope"}]}]}, "does not resolve"),
        ({"saved_stories": [{"snap_sources": [{"spotlight_id": "nope"}]}]}, "does not resolve"),
        ({"saved_stories": [{"snap_sources": [{"media_id": "nope"}]}]}, "does not resolve"),
    ],
)
async def test_s09_validation(api: Any, spec: dict[str, Any], fragment: str) -> None:
    response = await api.post(f"{api.prefix()}/saved_stories", json=spec)
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_REQUEST"
    assert fragment in response.json()["debug_message"]


async def test_s09_sources_must_belong_to_the_profile(api: Any) -> None:
    store = api.emulator.store
    foreign_snap = store.shelves[OTHER_PROFILE_ID].stories[0].snaps[0].id
    foreign_spotlight = store.shelves[OTHER_PROFILE_ID].spotlights[0].id
    for source in ({"snap_id": foreign_snap}, {"spotlight_id": foreign_spotlight}):
        body = {"saved_stories": [{"snap_sources": [source]}]}
        response = await api.post(f"{api.prefix()}/saved_stories", json=body)
        assert response.status_code == 400
    body = {"saved_stories": [{"snap_sources": [{"snap_id": foreign_snap}]}]}
    denied = await api.post(f"{api.prefix()}/saved_stories", json=body, token=OTHER_TOKEN)
    assert denied.status_code == 403


async def test_s09_total_duration(api: Any) -> None:
    media_id = await api.upload(api.video(seconds=60))
    five = {"saved_stories": [{"snap_sources": [{"media_id": media_id}] * 5}]}
    assert (await api.post(f"{api.prefix()}/saved_stories", json=five)).status_code == 200
    six = {"saved_stories": [{"snap_sources": [{"media_id": media_id}] * 6}]}
    response = await api.post(f"{api.prefix()}/saved_stories", json=six)
    assert response.status_code == 400
    assert "5 minutes" in response.json()["debug_message"]

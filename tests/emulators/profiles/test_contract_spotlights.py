"""Contract tests for S10 (spotlights), S11 (one spotlight) and S12 (post a spotlight)."""

from __future__ import annotations

from typing import Any

import pytest

from emulators._common.clock import parse_iso
from emulators.profiles import (
    BROKEN_SPOTLIGHT_ID,
    CITY_BOUTIQUE_PROFILE_ID,
    DEMO_PROFILE_ID,
    OTHER_PROFILE_ID,
    OTHER_TOKEN,
)

pytestmark = pytest.mark.anyio

SPOTLIGHT_KEYS = {
    "id",
    "profile_id",
    "thumbnail_url",
    "media_url",
    "created_at",
    "status",
    "duration",
    "title",
    "caption",
    "hashtags",
    "sponsor",
    "ml_tags",
}


async def test_s10_list_spotlights(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/spotlights")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "spotlights", "paging"]
    spotlights = [item["spotlight"] for item in body["spotlights"]]
    assert len(spotlights) == 10
    for spotlight in spotlights:
        assert set(spotlight) <= SPOTLIGHT_KEYS
        assert len(spotlight["id"]) == 59
        assert spotlight["profile_id"] == DEMO_PROFILE_ID
        assert spotlight["status"] in {"SUBMITTED", "LIVE", "REJECTED"}
        assert 5 <= spotlight["duration"] <= 60
        assert spotlight["media_url"].startswith("http://profiles.test/cdn/")
    created = [parse_iso(s["created_at"]) for s in spotlights]
    assert created == sorted(created, reverse=True)
    assert [s["status"] for s in spotlights[:3]] == ["SUBMITTED"] * 3
    sponsor = spotlights[0]["sponsor"]
    assert sponsor["display_name"] == "City Boutique"
    assert sponsor["sponsor_status"] == "AUTO_APPROVED"
    assert list(body["paging"]) == ["next_page_id", "next_link"]
    assert body["paging"]["next_page_id"] == "MTA"


async def test_s11_get_spotlight(api: Any) -> None:
    listed = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"][4]["spotlight"]
    response = await api.get(f"{api.prefix()}/spotlights/{listed['id']}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "spotlights"]
    assert body["spotlights"] == [{"sub_request_status": "SUCCESS", "spotlight": listed}]
    assert (await api.get(f"{api.prefix()}/spotlights/{'A' * 59}")).status_code == 404
    foreign = api.emulator.store.shelves[OTHER_PROFILE_ID].spotlights[0].id
    assert (await api.get(f"{api.prefix()}/spotlights/{foreign}")).status_code == 404


async def test_s11_broken_spotlight_is_an_error_item(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/spotlights/{BROKEN_SPOTLIGHT_ID}")
    assert response.status_code == 200
    body = response.json()
    assert body["request_status"] == "ERROR"
    assert body["error_code"] == "SUB_REQUEST_FAILED"
    assert body["spotlights"][0]["sub_request_status"] == "ERROR"
    assert "spotlight" not in body["spotlights"][0]


async def test_s12_post_spotlight(api: Any) -> None:
    media_id = await api.upload(api.video(seconds=15.5))
    response = await api.post_spotlight(media_id, description="hello #world and #snap")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "spotlight_id"]
    spotlight_id = body["spotlight_id"]
    assert len(spotlight_id) == 59
    got = (await api.get(f"{api.prefix()}/spotlights/{spotlight_id}")).json()
    spotlight = got["spotlights"][0]["spotlight"]
    assert spotlight["status"] == "SUBMITTED"
    assert spotlight["title"] == "hello #world and #snap"
    assert spotlight["hashtags"] == ["world", "snap"]
    assert "caption" not in spotlight
    assert "sponsor" not in spotlight
    assert spotlight["duration"] == 15.5
    assert spotlight["media_url"] == f"http://profiles.test/cdn/media/{media_id}"
    assert spotlight["thumbnail_url"] == f"http://profiles.test/cdn/thumbnails/{media_id}.jpg"
    thumb = await api.get(f"/cdn/thumbnails/{media_id}.jpg", token=None)
    assert thumb.headers["content-type"] == "image/jpeg"
    first = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"][0]["spotlight"]
    assert first["id"] == spotlight_id


async def test_s12_without_description_omits_all_texts(api: Any) -> None:
    media_id = await api.upload(api.video())
    spotlight_id = (await api.post_spotlight(media_id)).json()["spotlight_id"]
    got = (await api.get(f"{api.prefix()}/spotlights/{spotlight_id}")).json()
    spotlight = got["spotlights"][0]["spotlight"]
    assert not {"title", "caption", "hashtags"} & set(spotlight)


async def test_s12_hidden_copy_unless_skipped(api: Any) -> None:
    async def counts() -> tuple[int, int]:
        path = f"{api.prefix()}/saved_stories"
        shelf = api.emulator.store.shelves[DEMO_PROFILE_ID]
        visible = await api.get(path, params={"visibility": "VISIBLE_ON_PROFILE"})
        assert visible.status_code == 200
        return len(shelf.saved_all), len(shelf.saved_visible)

    media_id = await api.upload(api.video())
    before = await counts()
    spotlight_id = (await api.post_spotlight(media_id, description="copy me")).json()[
        "spotlight_id"
    ]
    after = await counts()
    assert after == (before[0] + 1, before[1])
    first = (await api.get(f"{api.prefix()}/saved_stories")).json()["saved_stories"][0]
    copy_id = first["saved_story"]["id"]
    snaps = (await api.get(f"{api.prefix()}/saved_stories/{copy_id}/snaps")).json()["snaps"]
    assert len(snaps) == 1
    assert snaps[0]["snap"]["title"] == "copy me"
    skipped = await api.post_spotlight(media_id, skip_save_to_profile=True)
    assert skipped.status_code == 200
    assert await counts() == after
    listed = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"]
    assert listed[0]["spotlight"]["id"] == skipped.json()["spotlight_id"]
    assert listed[1]["spotlight"]["id"] == spotlight_id


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"locale": None}, "locale"),
        ({"locale": "english"}, "locale"),
        ({"locale": "EN_us"}, "locale"),
        ({"description": "d" * 161}, "160"),
        ({"description": 7}, "description"),
        ({"skip_save_to_profile": "yes"}, "skip_save_to_profile"),
        ({"media_id": None}, "media_id"),
    ],
)
async def test_s12_validation(api: Any, fields: dict[str, Any], fragment: str) -> None:
    media_id = await api.upload(api.video())
    body = {"media_id": media_id, "locale": "en_US", **fields}
    body = {k: v for k, v in body.items() if v is not None}
    response = await api.post(f"{api.prefix()}/spotlights", json=body)
    assert response.status_code == 400
    assert fragment in response.json()["debug_message"]


async def test_s12_wrapped_body_and_images_are_refused(api: Any) -> None:
    media_id = await api.upload(api.video())
    wrapped = {"spotlights": [{"media_id": media_id, "locale": "en_US"}]}
    assert (await api.post(f"{api.prefix()}/spotlights", json=wrapped)).status_code == 400
    image = await api.upload(api.png(), "IMAGE")
    response = await api.post_spotlight(image)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Spotlight media must be a VIDEO"
    denied = await api.post(
        f"{api.prefix()}/spotlights",
        json={"media_id": media_id, "locale": "en_US"},
        token=OTHER_TOKEN,
    )
    assert denied.status_code == 403


async def test_s10_sponsors_point_at_brand_profiles(api: Any) -> None:
    store = api.emulator.store
    ids = {s.sponsor.profile_id for s in store.shelves[DEMO_PROFILE_ID].spotlights if s.sponsor}
    assert CITY_BOUTIQUE_PROFILE_ID in ids
    assert ids <= set(store.profiles)

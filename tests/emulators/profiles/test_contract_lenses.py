"""Contract tests for S13 (lenses) and S14 (one lens)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators.profiles import BROKEN_LENS_ID, DEMO_PROFILE_ID, OTHER_PROFILE_ID

pytestmark = pytest.mark.anyio

LENS_KEYS = {
    "id",
    "profile_id",
    "name",
    "icon_url",
    "status",
    "updated_at",
    "updated_by",
    "snapcode",
    "preview_media",
    "rejection_errors",
    "created_at",
    "media_status",
}


async def test_s13_list_lenses(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/lenses", params={"limit": 15})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "lenses", "paging"]
    lenses = [item["lens"] for item in body["lenses"]]
    assert len(lenses) == 15
    for lens in lenses:
        assert set(lens) <= LENS_KEYS
        uuid.UUID(lens["id"])
        assert lens["profile_id"] == DEMO_PROFILE_ID
        assert set(lens["snapcode"]) == {"image_url", "deeplink", "expires_at"}
        assert set(lens["preview_media"]) == {
            "thumbnail_media_url",
            "thumbnail_media_poster_url",
            "standard_media_url",
            "standard_media_poster_url",
        }
        assert lens["media_status"] == "MEDIA_STATUS_OK"
    rejected = [lens for lens in lenses if lens["status"] == "LENS_STATUS_REJECTED"]
    assert rejected
    assert set(rejected[0]["rejection_errors"]) == {"heading", "messages", "violating_components"}
    assert all("rejection_errors" not in lens for lens in lenses if lens not in rejected)
    assert body["paging"]["next_page_id"] == "MTU"
    icon = await api.get(lenses[0]["icon_url"], token=None)
    assert icon.headers["content-type"] == "image/png"


async def test_s14_get_lens(api: Any) -> None:
    listed = (await api.get(f"{api.prefix()}/lenses")).json()["lenses"][3]["lens"]
    response = await api.get(f"{api.prefix()}/lenses/{listed['id']}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "lenses"]
    assert body["lenses"] == [{"sub_request_status": "SUCCESS", "lens": listed}]
    assert (await api.get(f"{api.prefix()}/lenses/{uuid.UUID(int=2)}")).status_code == 404
    foreign = api.emulator.store.shelves[OTHER_PROFILE_ID].lenses[0].id
    assert (await api.get(f"{api.prefix()}/lenses/{foreign}")).status_code == 404
    broken = (await api.get(f"{api.prefix()}/lenses/{BROKEN_LENS_ID}")).json()
    assert broken["request_status"] == "ERROR"

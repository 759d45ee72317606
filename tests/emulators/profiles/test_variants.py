"""Every variant switch of ``ProfilesConfig``: the default is the documented form."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.profiles import (
    CITY_BOUTIQUE_PROFILE_ID,
    DEMO_AD_ACCOUNT_ID,
    DEMO_PROFILE_ID,
    LIVE_STORY_ID,
    SAME_ORG_POLICY_ID,
    ProfilesConfig,
    create_app,
)

pytestmark = pytest.mark.anyio


def test_defaults() -> None:
    config = ProfilesConfig()
    assert (
        config.list_items,
        config.sponsor_id_form,
        config.snap_media_type_location,
        config.sharing_list_items,
        config.status_case,
        config.errors_as_200,
    ) == ("wrapped", "bits", "media_metadata", "bare", "upper", False)
    assert config.media_processing_seconds == 3.0
    assert config.media_ttl_hours == 24.0
    assert config.spotlight_review_seconds == 30.0
    assert config.max_page_size == 50
    assert config.max_add_request_bytes == 33_554_432
    assert config.max_total_ciphertext_bytes == 1_073_741_824
    assert config.upload_region == "us"


def test_config_at_creation() -> None:
    app = create_app(config=ProfilesConfig(list_items="flat", max_page_size=20))
    assert app.state.emulator.config.list_items == "flat"
    assert app.state.emulator.config.max_page_size == 20


async def test_list_items_flat(api: Any) -> None:
    api.emulator.control.configure(list_items="flat")
    lens = (await api.get(f"{api.prefix()}/lenses")).json()["lenses"][0]
    assert lens["sub_request_status"] == "SUCCESS"
    assert "lens" not in lens
    for key in ("image_url", "deeplink", "expires_at", "thumbnail_media_url", "standard_media_url"):
        assert key in lens
    assert "snapcode" not in lens
    assert "preview_media" not in lens
    spotlight = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"][0]
    assert spotlight["id"]
    assert "sponsor" in spotlight  # not one of the flattened objects
    story = (await api.get(f"{api.prefix()}/stories")).json()["stories"][0]
    assert story["id"] == LIVE_STORY_ID
    saved = (await api.get(f"{api.prefix()}/saved_stories")).json()["saved_stories"][0]
    assert saved["type"] == "SAVED_STORY"
    profile = (await api.get(f"/v1/public_profiles/{DEMO_PROFILE_ID}")).json()
    assert profile["public_profiles"][0]["id"] == DEMO_PROFILE_ID
    partial = (await api.get(f"{api.prefix()}/stories", params={"limit": 20})).json()
    assert partial["request_status"] == "PARTIAL"


async def test_sponsor_id_form(api: Any) -> None:
    async def sponsor_id() -> Any:
        body = (await api.get(f"{api.prefix()}/spotlights", params={"limit": 1})).json()
        return body["spotlights"][0]["spotlight"]["sponsor"]["profile_id"]

    assert set(await sponsor_id()) == {"high_bits", "low_bits"}
    api.emulator.control.configure(sponsor_id_form="uuid")
    assert await sponsor_id() == CITY_BOUTIQUE_PROFILE_ID


async def test_snap_media_type_location_also_for_saved_story_snaps(api: Any) -> None:
    saved = api.emulator.store.shelves[DEMO_PROFILE_ID].saved_visible[0]
    path = f"{api.prefix()}/saved_stories/{saved.id}/snaps"
    assert "media_type" in (await api.get(path)).json()["snaps"][0]["snap"]["media_metadata"]
    api.emulator.control.configure(snap_media_type_location="snap")
    snap = (await api.get(path)).json()["snaps"][0]["snap"]
    assert "media_type" in snap
    assert "media_type" not in snap["media_metadata"]


async def test_sharing_list_items_wrapped(api: Any) -> None:
    api.emulator.control.configure(sharing_list_items="wrapped")
    body = (await api.get(f"/v1/adaccounts/{DEMO_AD_ACCOUNT_ID}/sharing_policies")).json()
    first = body["sharing_policies"][0]
    assert first["sub_request_status"] == "SUCCESS"
    assert first["sharing_policy"]["sharing_policy_id"] == SAME_ORG_POLICY_ID
    assert first["sharing_policy"]["target"] == {
        "resource_id": DEMO_AD_ACCOUNT_ID,
        "resource_type": "adaccounts",
    }
    assert body["paging"] == {}


async def test_status_case_lower_everywhere(api: Any) -> None:
    api.emulator.control.configure(status_case="lower")
    assert (await api.get(f"{api.prefix()}/lenses")).json()["request_status"] == "success"
    router_404 = (await api.get("/v2/unknown")).json()
    assert router_404["request_status"] == "error"
    media_id = await api.upload(api.png(), "IMAGE")
    body = {"saved_stories": [{"snap_sources": [{"media_id": media_id}]}]}
    created = (await api.post(f"{api.prefix()}/saved_stories", json=body)).json()
    assert created["saved_stories"][0]["sub_request_status"] == "success"


async def test_errors_as_200(api: Any) -> None:
    api.emulator.control.configure(errors_as_200=True)
    missing = await api.get(f"{api.prefix()}/lenses/nope")
    assert missing.status_code == 200
    assert missing.json()["request_status"] == "ERROR"
    assert missing.json()["error_code"] == "RESOURCE_NOT_FOUND"
    bad = await api.get(f"{api.prefix()}/lenses", params={"limit": 0})
    assert bad.status_code == 200
    assert bad.json()["error_code"] == "INVALID_REQUEST"
    unauthorized = await api.get(f"{api.prefix()}/lenses", token=None)
    assert unauthorized.status_code == 200
    assert unauthorized.json()["error_code"] == "UNAUTHORIZED"
    # Router-level errors keep their status: the route does not exist at all.
    assert (await api.get("/v2/unknown")).status_code == 404

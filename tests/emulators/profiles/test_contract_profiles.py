"""Contract tests for P1-P4, the profile endpoints the gateway needs for links."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators.profiles import (
    BRAND_ORG_IDS,
    BRAND_PROFILE_IDS,
    BRAND_TOKEN,
    DEMO_ORG_ID,
    DEMO_PROFILE_ID,
    DEMO_SECOND_PROFILE_ID,
    OTHER_ORG_ID,
    OTHER_PROFILE_ID,
    OTHER_TOKEN,
    SHARED_BRAND_PROFILE_IDS,
)

pytestmark = pytest.mark.anyio

PUBLIC_KEYS = {
    "id",
    "display_name",
    "description",
    "category",
    "subcategory",
    "email",
    "website",
    "logo_urls",
    "address_line_1",
    "locality",
    "administrative_district_level_1",
    "postal_code",
    "l_90_country_code",
}


async def test_p01_get_profile(api: Any) -> None:
    response = await api.get(f"/v1/public_profiles/{DEMO_PROFILE_ID}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "public_profiles"]
    profile = body["public_profiles"][0]["public_profile"]
    assert profile["id"] == DEMO_PROFILE_ID
    assert profile["organization_id"] == DEMO_ORG_ID
    assert profile["display_name"] == "Demo Creator"
    assert profile["subscriber_count"] == 182_340
    assert profile["share_authorized_data_with_api_partners"] is False
    assert profile["profile_type"] == "PUBLIC_PROFILE"
    assert set(profile["logo_urls"]) == {
        "original_logo_url",
        "discover_feed_logo_url",
        "mega_profile_logo_url",
        "manage_profile_logo_url",
    }
    assert None not in profile.values()
    assert (await api.get(f"/v1/public_profiles/{OTHER_PROFILE_ID}")).status_code == 403
    assert (await api.get(f"/v1/public_profiles/{uuid.UUID(int=1)}")).status_code == 404
    shared = await api.get(f"/v1/public_profiles/{SHARED_BRAND_PROFILE_IDS[1]}")
    assert shared.status_code == 200


async def test_p02_public_profile(api: Any) -> None:
    response = await api.get(f"/public/v1/public_profiles/{BRAND_PROFILE_IDS[1]}")
    assert response.status_code == 200
    profile = response.json()["public_profiles"][0]["public_profile"]
    assert set(profile) <= PUBLIC_KEYS
    assert "organization_id" not in profile
    assert "subscriber_count" not in profile
    other = await api.get(f"/public/v1/public_profiles/{OTHER_PROFILE_ID}")
    assert other.status_code == 200
    assert (await api.get(f"/public/v1/public_profiles/{uuid.UUID(int=1)}")).status_code == 404
    assert (
        await api.get(f"/public/v1/public_profiles/{OTHER_PROFILE_ID}", token=None)
    ).status_code == 401


async def test_p03_my_profile(api: Any) -> None:
    response = await api.get("/v1/public_profiles/my_profile")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "public_profile"]
    assert body["public_profile"]["id"] == DEMO_PROFILE_ID
    other = await api.get("/v1/public_profiles/my_profile", token=OTHER_TOKEN)
    assert other.json()["public_profile"]["id"] == OTHER_PROFILE_ID


async def test_p04_organization_profiles(api: Any) -> None:
    response = await api.get(f"/v1/organizations/{DEMO_ORG_ID}/public_profiles")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "public_profiles", "paging"]
    ids = [item["public_profile"]["id"] for item in body["public_profiles"]]
    assert ids == [DEMO_PROFILE_ID, DEMO_SECOND_PROFILE_ID]
    assert body["paging"] == {}
    assert (await api.get(f"/v1/organizations/{OTHER_ORG_ID}/public_profiles")).status_code == 403
    assert (
        await api.get(f"/v1/organizations/{uuid.UUID(int=3)}/public_profiles")
    ).status_code == 404
    brands = await api.get(
        f"/v1/organizations/{BRAND_ORG_IDS[0]}/public_profiles", token=BRAND_TOKEN
    )
    assert len(brands.json()["public_profiles"]) == 10
    assert "next_link" in brands.json()["paging"]

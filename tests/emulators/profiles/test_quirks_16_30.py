"""One test per quirk of the §7 checklist, 16-30; dropping a quirk fails its test."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.profiles import (
    DEMO_AD_ACCOUNT_ID,
    DEMO_PROFILE_ID,
    DEMO_SECOND_PROFILE_ID,
    DEMO_TOKEN,
    EXTERNAL_ORG_POLICY_ID,
    LIVE_STORY_ID,
    ML_TAGS_TOKEN,
    OTHER_AD_ACCOUNT_ID,
    OTHER_ORG_ID,
    SAME_ORG_POLICY_ID,
    UNLISTED_TOKEN,
)

pytestmark = pytest.mark.anyio


def ref(kind: str, rid: str) -> dict[str, str]:
    return {"resource_id": rid, "resource_type": kind}


async def test_quirk_16_metadata_omitted_and_ml_tags_allowlisted(api: Any) -> None:
    snaps_path = f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps"
    snaps = [i["snap"] for i in (await api.get(snaps_path)).json()["snaps"]]
    assert any("caption" not in snap for snap in snaps)
    assert all(value is not None for snap in snaps for value in snap.values())
    assert all("ml_tags" not in snap for snap in snaps)
    tagged = [i["snap"] for i in (await api.get(snaps_path, token=ML_TAGS_TOKEN)).json()["snaps"]]
    assert any(snap.get("ml_tags") for snap in tagged)
    spotlights_path = f"{api.prefix()}/spotlights"
    plain = [i["spotlight"] for i in (await api.get(spotlights_path)).json()["spotlights"]]
    assert all("ml_tags" not in s for s in plain)
    untitled = [s for s in plain if "title" not in s]
    assert untitled
    assert all("caption" not in s and "hashtags" not in s for s in untitled)
    with_tags = (await api.get(spotlights_path, token=ML_TAGS_TOKEN)).json()["spotlights"]
    assert any("ml_tags" in i["spotlight"] for i in with_tags)


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (f"Bearer {DEMO_TOKEN}", 200),
        (f"bearer {DEMO_TOKEN}", 200),
        (f"BEARER   {DEMO_TOKEN}", 200),
        (DEMO_TOKEN, 200),
        (f"Basic {DEMO_TOKEN}", 401),
        ("Bearer nope", 401),
        ("", 401),
    ],
)
async def test_quirk_17_raw_or_bearer_token(api: Any, header: str, status: int) -> None:
    response = await api.get(
        f"{api.prefix()}/lenses", token=None, headers={"Authorization": header}
    )
    assert response.status_code == status


async def test_quirk_18_saved_story_snaps_use_the_snaps_key(api: Any) -> None:
    saved = api.emulator.store.shelves[DEMO_PROFILE_ID].saved_visible[0]
    body = (await api.get(f"{api.prefix()}/saved_stories/{saved.id}/snaps")).json()
    assert "snaps" in body
    assert "saved_stories" not in body
    assert body["snaps"][0]["snap"]["story_id"] == saved.id


async def test_quirk_19_one_lens_is_a_list_of_one(api: Any) -> None:
    lens = api.emulator.store.shelves[DEMO_PROFILE_ID].lenses[0]
    body = (await api.get(f"{api.prefix()}/lenses/{lens.id}")).json()
    assert isinstance(body["lenses"], list)
    assert len(body["lenses"]) == 1
    assert "lens" not in body
    assert "paging" not in body


async def test_quirk_20_lens_snapcode_1970_sentinel(api: Any) -> None:
    lenses = (await api.get(f"{api.prefix()}/lenses", params={"limit": 12})).json()["lenses"]
    expiries = [i["lens"]["snapcode"]["expires_at"] for i in lenses]
    assert "1970-01-01T00:00:00Z" in expiries
    assert any(e.startswith("2026-") or e.startswith("2027-") for e in expiries)


async def test_quirk_21_media_type_location(api: Any) -> None:
    path = f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps"
    snap = (await api.get(path)).json()["snaps"][0]["snap"]
    assert snap["media_metadata"]["media_type"] == "MEDIA_TYPE_VIDEO"
    assert "media_type" not in snap
    api.emulator.control.configure(snap_media_type_location="snap")
    moved = (await api.get(path)).json()["snaps"][0]["snap"]
    assert moved["media_type"] == "MEDIA_TYPE_VIDEO"
    assert "media_type" not in moved["media_metadata"]


async def test_quirk_22_sharing_list_parameter_names(api: Any) -> None:
    path = f"/v1/adaccounts/{DEMO_AD_ACCOUNT_ID}/sharing_policies"

    async def kinds(**params: str) -> list[str]:
        body = (await api.get(path, params=params)).json()
        return [p["source"]["resource_type"] for p in body["sharing_policies"]]

    assert await kinds() == ["public_profiles", "pixels", "catalogs"]
    assert await kinds(shared_resource_types="public_profiles") == ["public_profiles"]
    assert await kinds(resource_type="pixels,catalogs") == ["pixels", "catalogs"]
    both = await kinds(shared_resource_types="catalogs", resource_type="pixels")
    assert both == ["catalogs"]
    bad = await api.get(path, params={"resource_type": "pixels,stories"})
    assert bad.status_code == 400


async def test_quirk_23_sharing_list_items_bare_without_target(api: Any) -> None:
    body = (await api.get(f"/v1/adaccounts/{DEMO_AD_ACCOUNT_ID}/sharing_policies")).json()
    assert body["paging"] == {}
    first = body["sharing_policies"][0]
    assert set(first) == {"sharing_policy_id", "source"}
    assert first["sharing_policy_id"] == SAME_ORG_POLICY_ID


async def test_quirk_24_create_body_bare_or_wrapped(api: Any) -> None:
    path = f"/v1/public_profiles/{DEMO_SECOND_PROFILE_ID}/sharing_policies"
    source = ref("public_profiles", DEMO_SECOND_PROFILE_ID)
    bare = await api.post(
        path, json={"source": source, "target": ref("organizations", OTHER_ORG_ID)}
    )
    assert bare.status_code == 200
    parent = bare.json()["sharing_policies"][0]["sharing_policy"]["sharing_policy_id"]
    target = ref("adaccounts", OTHER_AD_ACCOUNT_ID)
    wrapped = await api.post(
        path,
        json={
            "sharing_policies": [{"source": source, "target": target}],
            "parent_policy_id": parent,
        },
    )
    assert wrapped.status_code == 200
    assert wrapped.json()["sharing_policies"][0]["sharing_policy"]["parent_policy_id"] == parent
    inside = await api.post(
        path,
        json={
            "sharing_policies": [{"source": source, "target": target, "parent_policy_id": parent}]
        },
    )
    assert inside.json() != wrapped.json()
    assert inside.json()["sharing_policies"] == wrapped.json()["sharing_policies"]


async def test_quirk_25_delete_path(api: Any) -> None:
    path = f"/v1/sharing_policies/{SAME_ORG_POLICY_ID}"
    assert (await api.get(path)).status_code == 405
    assert (await api.delete(path)).status_code == 200
    assert (await api.delete(path)).status_code == 404
    legacy = f"/v1/public_profiles/{DEMO_PROFILE_ID}/sharing_policies/{EXTERNAL_ORG_POLICY_ID}"
    assert (await api.delete(legacy)).status_code == 404


async def test_quirk_26_external_ad_account_needs_parent_policy(api: Any) -> None:
    path = f"/v1/public_profiles/{DEMO_SECOND_PROFILE_ID}/sharing_policies"
    source = ref("public_profiles", DEMO_SECOND_PROFILE_ID)
    target = ref("adaccounts", OTHER_AD_ACCOUNT_ID)
    orphan = await api.post(path, json={"source": source, "target": target})
    assert orphan.status_code == 400
    # A policy of another source is no valid parent.
    wrong = await api.post(
        path, json={"source": source, "target": target, "parent_policy_id": EXTERNAL_ORG_POLICY_ID}
    )
    assert wrong.status_code == 400
    org = await api.post(
        path, json={"source": source, "target": ref("organizations", OTHER_ORG_ID)}
    )
    parent = org.json()["sharing_policies"][0]["sharing_policy"]["sharing_policy_id"]
    ok = await api.post(path, json={"source": source, "target": target, "parent_policy_id": parent})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/public_profiles/my_profile"),
        ("GET", f"/v1/public_profiles/{DEMO_PROFILE_ID}/stories"),
        ("POST", f"/v1/public_profiles/{DEMO_PROFILE_ID}/media"),
        ("GET", f"/public/v1/public_profiles/{DEMO_PROFILE_ID}"),
        ("GET", f"/v1/adaccounts/{DEMO_AD_ACCOUNT_ID}/sharing_policies"),
        ("DELETE", f"/v1/sharing_policies/{SAME_ORG_POLICY_ID}"),
    ],
)
async def test_quirk_27_not_allowlisted(api: Any, method: str, path: str) -> None:
    response = await api.call(method, path, token=UNLISTED_TOKEN, json={})
    assert response.status_code == 403
    assert response.json()["error_code"] == "AUTHORIZATION_PERMISSION_DENIED"
    assert response.json()["request_status"] == "ERROR"


async def test_quirk_28_spotlights_path_needs_the_slash(api: Any) -> None:
    typo = await api.get(f"/v1/public_profiles/{DEMO_PROFILE_ID}spotlights")
    assert typo.status_code == 404
    assert typo.json()["error_code"] == "RESOURCE_NOT_FOUND"
    assert (await api.get(f"{api.prefix()}/spotlights")).status_code == 200


async def test_quirk_29_snaps_ended_at_within_24h(api: Any) -> None:
    path = f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps"
    created = "2026-11-01T10:00:00.000Z"
    ok = await api.get(path, params={"created_at": created, "ended_at": "2026-11-02T10:00:00.000Z"})
    assert ok.status_code == 200
    over = await api.get(
        path, params={"created_at": created, "ended_at": "2026-11-02T10:00:00.001Z"}
    )
    assert over.status_code == 400
    assert "24 hours" in over.json()["debug_message"]
    offset = await api.get(path, params={"created_at": "2026-11-01T02:00:00-08:00"})
    assert offset.status_code == 200


async def test_quirk_30_status_case(api: Any) -> None:
    api.emulator.control.configure(status_case="lower")
    body = (await api.get(f"{api.prefix()}/stories", params={"limit": 20})).json()
    assert body["request_status"] == "partial"
    assert {i["sub_request_status"] for i in body["stories"]} == {"success", "error"}
    missing = (await api.get(f"{api.prefix()}/lenses/nope")).json()
    assert missing["request_status"] == "error"
    assert missing["error_code"] == "RESOURCE_NOT_FOUND"
    api.emulator.control.configure(status_case="upper")
    assert (await api.get(f"{api.prefix()}/lenses")).json()["request_status"] == "SUCCESS"

"""Contract tests for sharing policies: S15, S15b (lists), S16 (create) and S17 (delete)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators.profiles import (
    CATALOG_POLICY_ID,
    DEMO_AD_ACCOUNT_ID,
    DEMO_CATALOG_ID,
    DEMO_ORG_ID,
    DEMO_PIXEL_ID,
    DEMO_PROFILE_ID,
    DEMO_SECOND_AD_ACCOUNT_ID,
    DEMO_SECOND_PROFILE_ID,
    EXTERNAL_AD_ACCOUNT_POLICY_ID,
    EXTERNAL_ORG_POLICY_ID,
    OTHER_AD_ACCOUNT_ID,
    OTHER_ORG_ID,
    OTHER_PIXEL_ID,
    OTHER_TOKEN,
    PIXEL_POLICY_ID,
    SAME_ORG_POLICY_ID,
)

pytestmark = pytest.mark.anyio


def ref(kind: str, rid: str) -> dict[str, str]:
    return {"resource_id": rid, "resource_type": kind}


def profile_policy(target: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"source": ref("public_profiles", DEMO_SECOND_PROFILE_ID), "target": target, **extra}


CREATE = f"/v1/public_profiles/{DEMO_SECOND_PROFILE_ID}/sharing_policies"


async def test_s15_list_for_ad_account(api: Any) -> None:
    response = await api.get(f"/v1/adaccounts/{DEMO_AD_ACCOUNT_ID}/sharing_policies")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["request_id", "request_status", "paging", "sharing_policies"]
    assert body["paging"] == {}
    assert body["sharing_policies"] == [
        {
            "sharing_policy_id": SAME_ORG_POLICY_ID,
            "source": ref("public_profiles", DEMO_PROFILE_ID),
        },
        {"sharing_policy_id": PIXEL_POLICY_ID, "source": ref("pixels", DEMO_PIXEL_ID)},
        {"sharing_policy_id": CATALOG_POLICY_ID, "source": ref("catalogs", DEMO_CATALOG_ID)},
    ]
    only = await api.get(
        f"/v1/adaccounts/{DEMO_AD_ACCOUNT_ID}/sharing_policies",
        params={"shared_resource_types": "public_profiles"},
    )
    assert [p["sharing_policy_id"] for p in only.json()["sharing_policies"]] == [SAME_ORG_POLICY_ID]
    external = await api.get(
        f"/v1/adaccounts/{OTHER_AD_ACCOUNT_ID}/sharing_policies", token=OTHER_TOKEN
    )
    assert [p["sharing_policy_id"] for p in external.json()["sharing_policies"]] == [
        EXTERNAL_AD_ACCOUNT_POLICY_ID
    ]
    assert (
        await api.get(f"/v1/adaccounts/{OTHER_AD_ACCOUNT_ID}/sharing_policies")
    ).status_code == 403
    assert (await api.get(f"/v1/adaccounts/{uuid.UUID(int=8)}/sharing_policies")).status_code == 404


async def test_s15b_list_for_organization(api: Any) -> None:
    response = await api.get(
        f"/v1/organizations/{OTHER_ORG_ID}/sharing_policies", token=OTHER_TOKEN
    )
    assert response.status_code == 200
    body = response.json()
    assert body["paging"] == {}
    assert body["sharing_policies"] == [
        {
            "sharing_policy_id": EXTERNAL_ORG_POLICY_ID,
            "source": ref("public_profiles", DEMO_PROFILE_ID),
        }
    ]
    assert (await api.get(f"/v1/organizations/{OTHER_ORG_ID}/sharing_policies")).status_code == 403
    own = await api.get(f"/v1/organizations/{DEMO_ORG_ID}/sharing_policies")
    assert own.json()["sharing_policies"] == []
    assert (
        await api.get(f"/v1/organizations/{uuid.UUID(int=8)}/sharing_policies")
    ).status_code == 404


async def test_s16_same_organization(api: Any) -> None:
    body = profile_policy(ref("adaccounts", DEMO_SECOND_AD_ACCOUNT_ID))
    response = await api.post(CREATE, json=body)
    assert response.status_code == 200
    created = response.json()
    assert list(created) == ["request_id", "request_status", "sharing_policies"]
    item = created["sharing_policies"][0]
    assert item["sub_request_status"] == "SUCCESS"
    policy = item["sharing_policy"]
    assert set(policy) == {"sharing_policy_id", "source", "target"}
    assert policy["source"] == body["source"]
    assert policy["target"] == body["target"]
    again = await api.post(CREATE, json=body)
    assert again.json()["sharing_policies"][0]["sharing_policy"] == policy
    listed = await api.get(f"/v1/adaccounts/{DEMO_SECOND_AD_ACCOUNT_ID}/sharing_policies")
    assert [p["sharing_policy_id"] for p in listed.json()["sharing_policies"]] == [
        policy["sharing_policy_id"]
    ]


async def test_s16_external_organization_then_its_ad_account(api: Any) -> None:
    org = await api.post(CREATE, json=profile_policy(ref("organizations", OTHER_ORG_ID)))
    assert org.status_code == 200
    parent_id = org.json()["sharing_policies"][0]["sharing_policy"]["sharing_policy_id"]
    target = ref("adaccounts", OTHER_AD_ACCOUNT_ID)
    child = await api.post(CREATE, json=profile_policy(target, parent_policy_id=parent_id))
    assert child.status_code == 200
    policy = child.json()["sharing_policies"][0]["sharing_policy"]
    assert policy["parent_policy_id"] == parent_id
    assert policy["target"] == target


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"target": ref("adaccounts", DEMO_AD_ACCOUNT_ID)}, "source"),
        (
            {
                "source": ref("public_profiles", DEMO_PROFILE_ID),
                "target": ref("adaccounts", DEMO_AD_ACCOUNT_ID),
            },
            "path",
        ),
        ({"source": ref("public_profiles", DEMO_SECOND_PROFILE_ID)}, "target"),
        (profile_policy(ref("pixels", DEMO_PIXEL_ID)), "target"),
        (profile_policy(ref("adaccounts", str(uuid.UUID(int=6)))), "does not exist"),
        (profile_policy(ref("organizations", DEMO_ORG_ID)), "own organization"),
        (profile_policy(ref("adaccounts", OTHER_AD_ACCOUNT_ID)), "parent_policy_id"),
        (
            profile_policy(
                ref("adaccounts", OTHER_AD_ACCOUNT_ID), parent_policy_id=EXTERNAL_ORG_POLICY_ID
            ),
            "parent_policy_id",
        ),
        (
            profile_policy(ref("adaccounts", DEMO_AD_ACCOUNT_ID), parent_policy_id="nope"),
            "does not resolve",
        ),
        ({"sharing_policies": []}, "exactly one"),
        ({"source": "x", "target": "y"}, "source"),
    ],
)
async def test_s16_validation(api: Any, body: dict[str, Any], fragment: str) -> None:
    response = await api.post(CREATE, json=body)
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_REQUEST"
    assert fragment in response.json()["debug_message"]


async def test_s16_access_and_other_sources(api: Any) -> None:
    body = profile_policy(ref("adaccounts", DEMO_AD_ACCOUNT_ID))
    denied = await api.post(CREATE, json=body, token=OTHER_TOKEN)
    assert denied.status_code == 403
    unknown = await api.post(f"/v1/public_profiles/{uuid.UUID(int=5)}/sharing_policies", json=body)
    assert unknown.status_code == 404
    pixel = await api.post(
        f"/v1/pixels/{OTHER_PIXEL_ID}/sharing_policies",
        json={
            "source": ref("pixels", OTHER_PIXEL_ID),
            "target": ref("adaccounts", OTHER_AD_ACCOUNT_ID),
        },
        token=OTHER_TOKEN,
    )
    assert pixel.status_code == 200
    catalog = await api.post(
        f"/v1/catalogs/{DEMO_CATALOG_ID}/sharing_policies",
        json={
            "source": ref("catalogs", DEMO_CATALOG_ID),
            "target": ref("adaccounts", DEMO_SECOND_AD_ACCOUNT_ID),
        },
    )
    assert catalog.status_code == 200


async def test_s17_delete(api: Any) -> None:
    response = await api.delete(f"/v1/sharing_policies/{EXTERNAL_ORG_POLICY_ID}", token=OTHER_TOKEN)
    assert response.status_code == 403
    response = await api.delete(f"/v1/sharing_policies/{EXTERNAL_ORG_POLICY_ID}")
    assert response.status_code == 200
    assert set(response.json()) == {"request_id", "request_status"}
    policies = api.emulator.store.policies
    assert EXTERNAL_ORG_POLICY_ID not in policies
    # The child ad-account policy goes with its parent.
    assert EXTERNAL_AD_ACCOUNT_POLICY_ID not in policies
    listed = await api.get(
        f"/v1/adaccounts/{OTHER_AD_ACCOUNT_ID}/sharing_policies", token=OTHER_TOKEN
    )
    assert listed.json()["sharing_policies"] == []
    repeat = await api.delete(f"/v1/sharing_policies/{EXTERNAL_ORG_POLICY_ID}")
    assert repeat.status_code == 404
    assert repeat.json()["error_code"] == "RESOURCE_NOT_FOUND"

"""createSharingPolicy in its three documented scenarios, and deleteSharingPolicy."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.profiles import (
    DEMO_PIXEL_ID,
    DEMO_SECOND_AD_ACCOUNT_ID,
    DEMO_SECOND_PROFILE_ID,
    OTHER_AD_ACCOUNT_ID,
    OTHER_ORG_ID,
)
from tests.mutations.conftest import WriteStack

pytestmark = pytest.mark.anyio

CREATE = """
mutation ($input: CreateSharingPolicyInput!) {
  createSharingPolicy(input: $input) {
    __typename
    ... on SharingPolicyCreated {
      sharingPolicy {
        id sharingPolicyId parentPolicyId
        source { __typename ... on PublicProfile { profileId } ... on Pixel { pixelId } }
        target {
          __typename
          ... on AdAccount { adAccountId }
          ... on Organization { organizationId }
        }
      }
    }
    ... on MutationError { message code }
    ... on UpstreamRejected { upstreamCode }
  }
}
"""
DELETE = """
mutation ($input: DeleteSharingPolicyInput!) {
  deleteSharingPolicy(input: $input) {
    __typename
    ... on SharingPolicyDeleted { deletedSharingPolicyId }
    ... on MutationError { message code }
  }
}
"""
PROFILE = {"publicProfileId": DEMO_SECOND_PROFILE_ID}


async def create(stack: WriteStack, **values: Any) -> dict[str, Any]:
    body = await stack.gql(CREATE, {"input": values})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["createSharingPolicy"]
    return result


async def delete(stack: WriteStack, policy: str) -> dict[str, Any]:
    body = await stack.gql(DELETE, {"input": {"sharingPolicyId": policy}})
    result: dict[str, Any] = body["data"]["deleteSharingPolicy"]
    return result


async def test_the_three_scenarios(stack: WriteStack) -> None:
    same_org = await create(
        stack, source=PROFILE, target={"adAccountId": DEMO_SECOND_AD_ACCOUNT_ID}
    )
    assert same_org["__typename"] == "SharingPolicyCreated", same_org
    policy = same_org["sharingPolicy"]
    assert policy["source"] == {"__typename": "PublicProfile", "profileId": DEMO_SECOND_PROFILE_ID}
    assert policy["target"] == {"__typename": "AdAccount", "adAccountId": DEMO_SECOND_AD_ACCOUNT_ID}
    assert policy["parentPolicyId"] is None

    external_org = await create(stack, source=PROFILE, target={"organizationId": OTHER_ORG_ID})
    org_policy = external_org["sharingPolicy"]
    assert org_policy["target"]["__typename"] == "Organization"

    # An ad account of the external organization needs the organization policy as parent.
    orphan = await create(stack, source=PROFILE, target={"adAccountId": OTHER_AD_ACCOUNT_ID})
    assert orphan["__typename"] == "UpstreamRejected"
    child = await create(
        stack,
        source=PROFILE,
        target={"adAccountId": OTHER_AD_ACCOUNT_ID},
        parentPolicyId=org_policy["id"],  # the global id works as well as the UUID
    )
    assert child["__typename"] == "SharingPolicyCreated", child
    assert child["sharingPolicy"]["parentPolicyId"] == org_policy["sharingPolicyId"]

    # Deleting the organization policy takes the child with it.
    assert await delete(stack, org_policy["id"]) == {
        "__typename": "SharingPolicyDeleted",
        "deletedSharingPolicyId": org_policy["sharingPolicyId"],
    }
    gone = await delete(stack, child["sharingPolicy"]["sharingPolicyId"])
    assert gone["__typename"] == "NotFound"
    assert gone["code"] == "NOT_FOUND"


async def test_a_pixel_can_be_shared(stack: WriteStack) -> None:
    result = await create(
        stack, source={"pixelId": DEMO_PIXEL_ID}, target={"adAccountId": DEMO_SECOND_AD_ACCOUNT_ID}
    )
    assert result["sharingPolicy"]["source"] == {"__typename": "Pixel", "pixelId": DEMO_PIXEL_ID}


async def test_source_and_target_are_one_of(stack: WriteStack) -> None:
    body = await stack.gql(
        CREATE,
        {
            "input": {
                "source": {"publicProfileId": DEMO_SECOND_PROFILE_ID, "pixelId": DEMO_PIXEL_ID},
                "target": {"organizationId": OTHER_ORG_ID},
            }
        },
    )
    assert body["data"] is None
    assert "exactly one" in body["errors"][0]["message"]


async def test_a_bad_target_id_is_invalid_input(stack: WriteStack) -> None:
    stack.reset_calls()
    result = await create(stack, source=PROFILE, target={"adAccountId": "nope"})
    assert result["__typename"] == "InvalidInput"
    assert stack.total_calls() == 0


async def test_another_organizations_profile_is_forbidden(stack: WriteStack) -> None:
    from emulators.profiles import OTHER_PROFILE_ID

    result = await create(
        stack,
        source={"publicProfileId": OTHER_PROFILE_ID},
        target={"adAccountId": DEMO_SECOND_AD_ACCOUNT_ID},
    )
    assert result["__typename"] == "Forbidden"
    assert result["code"] == "FORBIDDEN"

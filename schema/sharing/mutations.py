"""Sharing policy mutations: share a profile, pixel or catalog (S16), and stop sharing (S17)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.upstreams.profiles_assets import ResourceRef
from schema.context import Info
from schema.failures import invalid, outcome
from schema.inputs import uuid_id
from schema.results import (
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.sharing.types import SharingPolicy
from schema.writing import INPUT, writes_of


@strawberry.input(one_of=True, description="What to share: exactly one resource.")
class SharingSourceInput:
    public_profile_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A public profile (global id or UUID)."
    )
    pixel_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A pixel id."
    )
    catalog_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A catalog id."
    )


@strawberry.input(one_of=True, description="Whom to share with: exactly one.")
class SharingTargetInput:
    ad_account_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="An ad account (global id or UUID)."
    )
    organization_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="An organization (global id or UUID)."
    )


@strawberry.input(
    description="A sharing policy. Three cases: an ad account of the source's own "
    "organization (no parent); another organization (keep the new policy's id); an ad "
    "account of that other organization, with `parentPolicyId` = the organization policy."
)
class CreateSharingPolicyInput:
    source: SharingSourceInput = strawberry.field(description="What to share.")
    target: SharingTargetInput = strawberry.field(description="Whom to share it with.")
    parent_policy_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="For an ad account of an external organization: the policy sharing the "
        "resource with that organization (global id or UUID).",
    )


@strawberry.input(description="A sharing policy to delete.")
class DeleteSharingPolicyInput:
    sharing_policy_id: strawberry.ID = strawberry.field(
        description="The policy: its global `id` or `sharingPolicyId`."
    )


@strawberry.type(
    description="The resource is shared (an identical existing policy is returned as is)."
)
class SharingPolicyCreated:
    sharing_policy: SharingPolicy = strawberry.field(description="The policy.")


@strawberry.type(
    description="The policy is deleted; ad account policies under it are deleted with it."
)
class SharingPolicyDeleted:
    deleted_sharing_policy_id: strawberry.ID = strawberry.field(
        description="The deleted policy's UUID."
    )


CreateSharingPolicyResult = Annotated[
    SharingPolicyCreated
    | InvalidInput
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union(
        "CreateSharingPolicyResult", description="The result of `createSharingPolicy`."
    ),
]
DeleteSharingPolicyResult = Annotated[
    SharingPolicyDeleted
    | InvalidInput
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union(
        "DeleteSharingPolicyResult", description="The result of `deleteSharingPolicy`."
    ),
]


def _source(value: SharingSourceInput) -> ResourceRef:
    path = ["input", "source"]
    if value.public_profile_id:
        profile = uuid_id(
            value.public_profile_id, [*path, "publicProfileId"], type_names=("PublicProfile",)
        )
        return ResourceRef(profile, "public_profiles")
    if value.pixel_id:
        return ResourceRef(str(value.pixel_id).strip(), "pixels")
    if value.catalog_id:
        return ResourceRef(str(value.catalog_id).strip(), "catalogs")
    raise invalid(path, "Give exactly one of publicProfileId, pixelId or catalogId.")


def _target(value: SharingTargetInput) -> ResourceRef:
    path = ["input", "target"]
    if value.ad_account_id:
        account = uuid_id(value.ad_account_id, [*path, "adAccountId"], type_names=("AdAccount",))
        return ResourceRef(account, "adaccounts")
    if value.organization_id:
        org = uuid_id(
            value.organization_id, [*path, "organizationId"], type_names=("Organization",)
        )
        return ResourceRef(org, "organizations")
    raise invalid(path, "Give exactly one of adAccountId or organizationId.")


async def _create(info: Info, input: CreateSharingPolicyInput) -> SharingPolicyCreated:
    source, target = _source(input.source), _target(input.target)
    parent = (
        uuid_id(
            input.parent_policy_id,
            ["input", "parentPolicyId"],
            type_names=("SharingPolicy",),
            part=2,
        )
        if input.parent_policy_id is not None
        else None
    )
    writer = writes_of(info).profiles_writer()
    try:
        policy = await writer.create_sharing_policy(source, target, parent_policy_id=parent)
    finally:
        info.context.after_write()
    info.context.loaders.prime_sharing_policies([policy])
    return SharingPolicyCreated(sharing_policy=SharingPolicy.from_upstream(policy))


async def _delete(info: Info, input: DeleteSharingPolicyInput) -> SharingPolicyDeleted:
    policy = uuid_id(
        input.sharing_policy_id,
        ["input", "sharingPolicyId"],
        type_names=("SharingPolicy",),
        part=2,
    )
    try:
        await writes_of(info).profiles_writer().delete_sharing_policy(policy)
    finally:
        info.context.after_write()
    return SharingPolicyDeleted(deleted_sharing_policy_id=strawberry.ID(policy))


@strawberry.type
class SharingPolicyMutations:
    @strawberry.mutation(
        description="Share a public profile, pixel or catalog with an ad account or an "
        "organization (S16). For an ad account of another organization, first share with that "
        "organization, then pass that policy as `parentPolicyId`."
    )
    async def create_sharing_policy(
        self, info: Info, input: Annotated[CreateSharingPolicyInput, INPUT]
    ) -> CreateSharingPolicyResult:
        result: CreateSharingPolicyResult = await outcome(
            _create(info, input), CreateSharingPolicyResult
        )
        return result

    @strawberry.mutation(
        description="Delete a sharing policy (S17): the target loses access, and ad account "
        "policies whose parent it is go with it. NotFound when it is already gone."
    )
    async def delete_sharing_policy(
        self, info: Info, input: Annotated[DeleteSharingPolicyInput, INPUT]
    ) -> DeleteSharingPolicyResult:
        result: DeleteSharingPolicyResult = await outcome(
            _delete(info, input), DeleteSharingPolicyResult
        )
        return result

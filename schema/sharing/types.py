"""GraphQL types of sharing policies and the organizations and ad accounts they target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import profiles_assets as up
from schema.connections import PageArgs, paged_connection, whole_connection
from schema.context import Info
from schema.relay import After, Before, Connection, First, Last, Node, global_id

if TYPE_CHECKING:
    from schema.profiles.types import PublicProfile

PublicProfileRef = Annotated["PublicProfile", strawberry.lazy("schema.profiles.types")]


async def policies_connection(
    info: Info,
    target: up.ResourceRef,
    *,
    source_id: str | None,
    args: PageArgs,
) -> Connection[SharingPolicy] | None:
    async def load() -> list[up.SharingPolicy]:
        policies = await info.context.profiles.sharing_policies(target)
        info.context.loaders.prime_sharing_policies(policies)
        if source_id is None:
            return policies
        return [p for p in policies if p.source.resource_id == source_id]

    return await whole_connection(
        info,
        load,
        key=lambda policy: policy.id,
        convert=SharingPolicy.from_upstream,
        args=args,
        service="profiles",
    )


@strawberry.type(description="A Snap organization: it holds ad accounts, profiles, pixels.")
class Organization(Node):
    organization_id: strawberry.ID = strawberry.field(description="The organization UUID.")
    type: str = strawberry.field(description="Always `organizations`.")

    @classmethod
    def of(cls, organization_id: str) -> Organization:
        return cls(
            id=global_id("Organization", organization_id),
            organization_id=strawberry.ID(organization_id),
            type="organizations",
        )

    @strawberry.field(description="The organization's public profiles.")
    async def public_profiles(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PublicProfileRef] | None:
        from schema.profiles.types import PublicProfile

        org_id, client = str(self.organization_id), info.context.profiles
        return await paged_connection(
            info,
            lambda cursor, limit: client.organization_profiles(org_id, limit=limit, cursor=cursor),
            prime=info.context.loaders.prime_profiles,
            convert=PublicProfile.from_upstream,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="Resources shared with this organization.")
    async def sharing_policies(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SharingPolicy] | None:
        target = up.ResourceRef(str(self.organization_id), "organizations")
        return await policies_connection(
            info, target, source_id=None, args=PageArgs(first, after, last, before)
        )


@strawberry.type(description="A Snap ad account.")
class AdAccount(Node):
    ad_account_id: strawberry.ID = strawberry.field(description="The ad account UUID.")
    type: str = strawberry.field(description="Always `adaccounts`.")

    @classmethod
    def of(cls, ad_account_id: str) -> AdAccount:
        return cls(
            id=global_id("AdAccount", ad_account_id),
            ad_account_id=strawberry.ID(ad_account_id),
            type="adaccounts",
        )

    @strawberry.field(description="Resources shared with this ad account.")
    async def sharing_policies(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SharingPolicy] | None:
        target = up.ResourceRef(str(self.ad_account_id), "adaccounts")
        return await policies_connection(
            info, target, source_id=None, args=PageArgs(first, after, last, before)
        )


@strawberry.type(description="A Snap pixel (shared as a resource; known by id and type only).")
class Pixel:
    pixel_id: strawberry.ID = strawberry.field(description="The pixel id.")
    type: str = strawberry.field(description="Always `pixels`.")


@strawberry.type(description="A Snap catalog (shared as a resource; known by id and type only).")
class Catalog:
    catalog_id: strawberry.ID = strawberry.field(description="The catalog id.")
    type: str = strawberry.field(description="Always `catalogs`.")


@strawberry.type(description="A shared resource of a type this gateway does not know.")
class UnknownResource:
    resource_id: strawberry.ID = strawberry.field(description="The resource id.")
    type: str = strawberry.field(description="The upstream's resource type.")


SharingSource = Annotated[
    PublicProfileRef | Pixel | Catalog | UnknownResource,
    strawberry.union("SharingSource", description="What a sharing policy shares."),
]
SharingTarget = Annotated[
    AdAccount | Organization | UnknownResource,
    strawberry.union("SharingTarget", description="Whom a sharing policy shares with."),
]


@strawberry.type(
    description="A sharing policy: a profile, pixel or catalog shared with an ad account or "
    "an organization."
)
class SharingPolicy(Node):
    sharing_policy_id: strawberry.ID = strawberry.field(description="The policy UUID.")
    parent_policy_id: strawberry.ID | None = strawberry.field(
        description="For an ad account in an external organization: the policy that shared "
        "the resource with that organization."
    )
    source_ref: strawberry.Private[up.ResourceRef]
    target_ref: strawberry.Private[up.ResourceRef]

    @classmethod
    def from_upstream(cls, value: up.SharingPolicy) -> SharingPolicy:
        return cls(
            id=global_id(
                "SharingPolicy", value.target.resource_type, value.target.resource_id, value.id
            ),
            sharing_policy_id=strawberry.ID(value.id),
            parent_policy_id=strawberry.ID(value.parent_policy_id)
            if value.parent_policy_id
            else None,
            source_ref=value.source,
            target_ref=value.target,
        )

    @strawberry.field(description="What is shared.")
    async def source(self, info: Info) -> SharingSource:
        from schema.profiles.types import PublicProfile

        ref = self.source_ref
        if ref.resource_type == "public_profiles":
            profile = await info.context.loaders.public_profile.load(ref.resource_id)
            return PublicProfile.from_upstream(profile)
        if ref.resource_type == "pixels":
            return Pixel(pixel_id=strawberry.ID(ref.resource_id), type=ref.resource_type)
        if ref.resource_type == "catalogs":
            return Catalog(catalog_id=strawberry.ID(ref.resource_id), type=ref.resource_type)
        return UnknownResource(resource_id=strawberry.ID(ref.resource_id), type=ref.resource_type)

    @strawberry.field(description="Whom it is shared with.")
    def target(self) -> SharingTarget:
        ref = self.target_ref
        if ref.resource_type == "adaccounts":
            return AdAccount.of(ref.resource_id)
        if ref.resource_type == "organizations":
            return Organization.of(ref.resource_id)
        return UnknownResource(resource_id=strawberry.ID(ref.resource_id), type=ref.resource_type)

    @strawberry.field(
        description="The parent policy, when this request has already listed it (the upstream "
        "cannot look a policy up by id alone)."
    )
    def parent_policy(self, info: Info) -> SharingPolicy | None:
        if self.parent_policy_id is None:
            return None
        found = info.context.loaders.sharing_policy_seen(str(self.parent_policy_id))
        return SharingPolicy.from_upstream(found) if found else None

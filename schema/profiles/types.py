"""GraphQL types of Snapchat public profiles."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import profiles_assets as assets
from gateway.upstreams import profiles_types as up
from schema.connections import PageArgs, paged_connection
from schema.context import Info
from schema.errors import BadUserInput
from schema.interfaces import ProfileLike
from schema.relay import After, Before, Connection, First, Last, global_id

if TYPE_CHECKING:
    from schema.lenses.types import Lens
    from schema.sharing.types import Organization, SharingPolicy
    from schema.spotlights.types import Spotlight
    from schema.stories.types import SavedStory, Story

SpotlightRef = Annotated["Spotlight", strawberry.lazy("schema.spotlights.types")]
StoryRef = Annotated["Story", strawberry.lazy("schema.stories.types")]
SavedStoryRef = Annotated["SavedStory", strawberry.lazy("schema.stories.types")]
LensRef = Annotated["Lens", strawberry.lazy("schema.lenses.types")]
OrganizationRef = Annotated["Organization", strawberry.lazy("schema.sharing.types")]
SharingPolicyRef = Annotated["SharingPolicy", strawberry.lazy("schema.sharing.types")]


@strawberry.enum(description="Which saved stories to list.")
class SavedStoryVisibility(Enum):
    ALL = strawberry.enum_value("ALL", description="Every saved story, hidden ones included.")
    VISIBLE_ON_PROFILE = strawberry.enum_value(
        "VISIBLE_ON_PROFILE", description="Only those shown on the profile."
    )


@strawberry.type(description="The logo of a public profile in its several sizes.")
class LogoUrls:
    original: str | None = strawberry.field(description="The original logo.")
    discover_feed: str | None = strawberry.field(description="The logo sized for Discover.")
    mega_profile: str | None = strawberry.field(description="The logo sized for the profile page.")
    manage_profile: str | None = strawberry.field(description="The logo sized for management.")


@strawberry.type(description="A Snapchat public profile (a creator or a brand).")
class PublicProfile(ProfileLike):
    profile_id: strawberry.ID = strawberry.field(description="The upstream profile UUID.")
    organization_id: strawberry.ID | None = strawberry.field(
        description="The organization that administers the profile (authorized view only)."
    )
    description: str | None = strawberry.field(description="The profile's description.")
    category: str | None = strawberry.field(description="Category, e.g. CATEGORY_V3_PEOPLE.")
    subcategory: str | None = strawberry.field(description="Subcategory.")
    email: str | None = strawberry.field(description="Public contact e-mail.")
    website: str | None = strawberry.field(description="Website.")
    logo_urls: LogoUrls | None = strawberry.field(description="Logo images.")
    locality: str | None = strawberry.field(description="City or locality.")
    country: str | None = strawberry.field(description="Country (authorized view only).")
    snap_user_name: str | None = strawberry.field(description="Snapchat user name.")
    profile_type: str | None = strawberry.field(description="e.g. PUBLIC_PROFILE.")
    profile_tier: str | None = strawberry.field(description="e.g. TIER_PUBLIC.")
    subscriber_count: int | None = strawberry.field(description="Number of subscribers.")
    share_authorized_data_with_api_partners: bool | None = strawberry.field(
        description="The data-sharing opt-in: partners may read this profile's assets."
    )

    @classmethod
    def from_upstream(cls, value: up.PublicProfile) -> PublicProfile:
        logos = value.logo_urls
        return cls(
            id=global_id("PublicProfile", value.id),
            profile_id=strawberry.ID(value.id),
            display_name=value.display_name,
            organization_id=strawberry.ID(value.organization_id) if value.organization_id else None,
            description=value.description,
            category=value.category,
            subcategory=value.subcategory,
            email=value.email,
            website=value.website,
            logo_urls=LogoUrls(
                original=logos.original,
                discover_feed=logos.discover_feed,
                mega_profile=logos.mega_profile,
                manage_profile=logos.manage_profile,
            )
            if logos
            else None,
            locality=value.locality,
            country=value.country,
            snap_user_name=value.snap_user_name,
            profile_type=value.profile_type,
            profile_tier=value.profile_tier,
            subscriber_count=value.subscriber_count,
            share_authorized_data_with_api_partners=value.share_authorized_data_with_api_partners,
        )

    @classmethod
    def from_id(cls, profile_id: str) -> PublicProfile:
        """A profile known only by its id: for selections that need nothing else."""
        return cls.from_upstream(
            up.PublicProfile(
                id=profile_id,
                organization_id=None,
                display_name=None,
                description=None,
                category=None,
                subcategory=None,
                email=None,
                website=None,
                logo_urls=None,
                locality=None,
                country=None,
                snap_user_name=None,
                profile_type=None,
                profile_tier=None,
                subscriber_count=None,
                share_authorized_data_with_api_partners=None,
            )
        )

    @strawberry.field(description="The profile's spotlights, newest first.")
    async def spotlights(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SpotlightRef] | None:
        from schema.spotlights.types import Spotlight

        profile_id, client = str(self.profile_id), info.context.profiles
        return await paged_connection(
            info,
            lambda cursor, limit: client.spotlights(profile_id, limit=limit, cursor=cursor),
            prime=info.context.loaders.prime_spotlights,
            convert=Spotlight.from_upstream,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="One of the profile's spotlights.")
    async def spotlight(
        self,
        info: Info,
        spotlight_id: Annotated[
            strawberry.ID, strawberry.argument(description="The upstream spotlight id.")
        ],
    ) -> SpotlightRef | None:
        from schema.spotlights.types import Spotlight

        key = (str(self.profile_id), str(spotlight_id))
        return Spotlight.from_upstream(await info.context.loaders.spotlight.load(key))

    @strawberry.field(description="The profile's public stories, newest first.")
    async def stories(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[StoryRef] | None:
        from schema.stories.types import Story

        profile_id, client = str(self.profile_id), info.context.profiles
        return await paged_connection(
            info,
            lambda cursor, limit: client.stories(profile_id, limit=limit, cursor=cursor),
            prime=info.context.loaders.prime_stories,
            convert=Story.from_upstream,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="The profile's saved stories, newest first.")
    async def saved_stories(
        self,
        info: Info,
        visibility: Annotated[
            SavedStoryVisibility,
            strawberry.argument(description="All saved stories, or only those shown on it."),
        ] = SavedStoryVisibility.ALL,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SavedStoryRef] | None:
        from schema.stories.types import SavedStory

        profile_id, client, shown = str(self.profile_id), info.context.profiles, visibility.name
        return await paged_connection(
            info,
            lambda cursor, limit: client.saved_stories(
                profile_id, visibility=shown, limit=limit, cursor=cursor
            ),
            prime=info.context.loaders.prime_saved_stories,
            convert=SavedStory.from_upstream,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="The profile's lenses, newest first.")
    async def lenses(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LensRef] | None:
        from schema.lenses.types import Lens

        profile_id, client = str(self.profile_id), info.context.profiles
        return await paged_connection(
            info,
            lambda cursor, limit: client.lenses(profile_id, limit=limit, cursor=cursor),
            prime=info.context.loaders.prime_lenses,
            convert=Lens.from_upstream,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="One of the profile's lenses.")
    async def lens(
        self,
        info: Info,
        lens_id: Annotated[strawberry.ID, strawberry.argument(description="The lens UUID.")],
    ) -> LensRef | None:
        from schema.lenses.types import Lens

        key = (str(self.profile_id), str(lens_id))
        return Lens.from_upstream(await info.context.loaders.lens.load(key))

    @strawberry.field(description="The organization that administers the profile.")
    def organization(self) -> OrganizationRef | None:
        from schema.sharing.types import Organization

        return Organization.of(str(self.organization_id)) if self.organization_id else None

    @strawberry.field(
        description="Sharing policies that share this profile with one ad account or "
        "organization (pass exactly one of the two ids)."
    )
    async def sharing_policies(
        self,
        info: Info,
        ad_account_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The ad account UUID.")
        ] = None,
        organization_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The organization UUID.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SharingPolicyRef] | None:
        from schema.sharing.types import policies_connection

        if (ad_account_id is None) == (organization_id is None):
            raise BadUserInput("Pass exactly one of `adAccountId` and `organizationId`.")
        target = (
            assets.ResourceRef(str(ad_account_id), "adaccounts")
            if ad_account_id is not None
            else assets.ResourceRef(str(organization_id), "organizations")
        )
        return await policies_connection(
            info,
            target,
            source_id=str(self.profile_id),
            args=PageArgs(first, after, last, before),
        )

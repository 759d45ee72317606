"""GraphQL types of Snapchat public profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import profiles_types as up
from schema.connections import to_connection
from schema.context import Info
from schema.interfaces import ProfileLike
from schema.paging import page_backward, page_forward
from schema.relay import Connection, check_page_args, global_id

if TYPE_CHECKING:
    from schema.spotlights.types import Spotlight

SpotlightRef = Annotated["Spotlight", strawberry.lazy("schema.spotlights.types")]


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

    @strawberry.field(description="The profile's spotlights, newest first.")
    async def spotlights(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SpotlightRef] | None:
        from schema.spotlights.types import Spotlight

        count, forward = check_page_args(first, after, last, before)
        profiles = info.context.profiles
        profile_id = str(self.profile_id)

        async def fetch(cursor: str | None, limit: int) -> up.Page[up.Spotlight]:
            page = await profiles.spotlights(profile_id, limit=limit, cursor=cursor)
            info.context.loaders.prime_spotlights(page.items)
            return page

        key = lambda item: item.id  # noqa: E731
        if forward:
            window = await page_forward(fetch, key, count=count, after=after)
        else:
            window = await page_backward(fetch, key, count=count, before=before)
        return to_connection(info, window, Spotlight.from_upstream, service="profiles")

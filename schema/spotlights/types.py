"""GraphQL types of Spotlights and their sponsors."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import profiles_types as up
from schema.context import Info
from schema.interfaces import MediaItem, MediaKind
from schema.relay import Node, global_id

if TYPE_CHECKING:
    from schema.profiles.types import PublicProfile

PublicProfileRef = Annotated["PublicProfile", strawberry.lazy("schema.profiles.types")]


async def _public_profile(info: Info, profile_id: str | None) -> PublicProfileRef | None:
    from schema.profiles.types import PublicProfile

    if profile_id is None:
        return None
    loaders = info.context.loaders
    profile = await loaders.public_profile.load(profile_id)
    return loaders.node(profile, PublicProfile.from_upstream)


@strawberry.type(description="The paid-partnership brand tag of a spotlight.")
class Sponsor:
    display_name: str | None = strawberry.field(description="The brand's display name.")
    sponsor_status: str | None = strawberry.field(
        description="PENDING, REJECTED, NOT_SPECIFIED or AUTO_APPROVED."
    )
    profile_id: strawberry.ID | None = strawberry.field(
        description="The brand's public profile UUID (normalised from the high/low bits form)."
    )

    @strawberry.field(description="The brand's public profile (its public fields).")
    async def profile(self, info: Info) -> PublicProfileRef | None:
        return await _public_profile(info, str(self.profile_id) if self.profile_id else None)


@strawberry.type(description="A Spotlight: a video posted to Snapchat's Spotlight feed.")
class Spotlight(Node, MediaItem):
    spotlight_id: strawberry.ID = strawberry.field(
        description="The upstream spotlight id (an opaque 59-character string, not a UUID)."
    )
    thumbnail_url: str | None = strawberry.field(description="Thumbnail image URL.")
    media_url: str | None = strawberry.field(description="The video URL.")
    created_at: datetime | None = strawberry.field(description="When it was posted.")
    status: str | None = strawberry.field(description="SUBMITTED, then LIVE or REJECTED.")
    duration: float | None = strawberry.field(description="Length in seconds.")
    title: str | None = strawberry.field(description="Title; null without content metadata.")
    caption: str | None = strawberry.field(description="Caption, including mentions.")
    hashtags: list[str] | None = strawberry.field(description="Hashtags added to the title.")
    ml_tags: list[str] | None = strawberry.field(
        description="Machine-learning tags (only for allowlisted tokens)."
    )
    sponsor: Sponsor | None = strawberry.field(description="The paid-partnership brand tag.")
    owner_id: strawberry.Private[str]

    @classmethod
    def from_upstream(cls, value: up.Spotlight) -> Spotlight:
        sponsor = value.sponsor
        return cls(
            id=global_id("Spotlight", value.profile_id, value.id),
            spotlight_id=strawberry.ID(value.id),
            thumbnail_url=value.thumbnail_url,
            media_url=value.media_url,
            created_at=value.created_at,
            status=value.status,
            duration=value.duration,
            title=value.title,
            caption=value.caption,
            hashtags=list(value.hashtags) if value.hashtags is not None else None,
            ml_tags=list(value.ml_tags) if value.ml_tags is not None else None,
            sponsor=Sponsor(
                display_name=sponsor.display_name,
                sponsor_status=sponsor.sponsor_status,
                profile_id=strawberry.ID(sponsor.profile_id) if sponsor.profile_id else None,
            )
            if sponsor
            else None,
            owner_id=value.profile_id,
            media_kind=MediaKind.VIDEO,
        )

    @strawberry.field(description="The public profile that posted it.")
    async def profile(self, info: Info) -> PublicProfileRef | None:
        return await _public_profile(info, self.owner_id)

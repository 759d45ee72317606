"""GraphQL types of lenses."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import profiles_assets as up
from schema.context import Info
from schema.relay import Node, global_id

if TYPE_CHECKING:
    from schema.profiles.types import PublicProfile

PublicProfileRef = Annotated["PublicProfile", strawberry.lazy("schema.profiles.types")]


@strawberry.type(description="A lens's Snapcode.")
class Snapcode:
    image_url: str | None = strawberry.field(description="The Snapcode image.")
    deeplink: str | None = strawberry.field(description="The deep link it opens.")
    expires_at: datetime | None = strawberry.field(
        description="When it expires; null for never (the upstream's 1970 sentinel)."
    )


@strawberry.type(description="Preview media of a lens.")
class LensPreviewMedia:
    thumbnail_media_url: str | None = strawberry.field(description="Thumbnail video.")
    thumbnail_media_poster_url: str | None = strawberry.field(description="Thumbnail poster.")
    standard_media_url: str | None = strawberry.field(description="Standard video.")
    standard_media_poster_url: str | None = strawberry.field(description="Standard poster.")


@strawberry.type(description="Why a lens was rejected.")
class LensRejection:
    heading: str | None = strawberry.field(description="A summary.")
    messages: list[str] = strawberry.field(description="The reasons.")
    violating_components: list[str] = strawberry.field(description="The offending components.")


@strawberry.type(description="An AR lens of a public profile.")
class Lens(Node):
    lens_id: strawberry.ID = strawberry.field(description="The upstream lens UUID.")
    name: str | None = strawberry.field(description="The lens name.")
    icon_url: str | None = strawberry.field(description="Its icon.")
    status: str | None = strawberry.field(
        description="e.g. LENS_STATUS_LIVE or LENS_STATUS_REJECTED (unknown values pass through)."
    )
    media_status: str | None = strawberry.field(description="e.g. MEDIA_STATUS_OK.")
    created_at: datetime | None = strawberry.field(description="When it was created.")
    updated_at: datetime | None = strawberry.field(description="When it last changed.")
    updated_by: str | None = strawberry.field(description="The last user or app to update it.")
    snapcode: Snapcode = strawberry.field(description="Its Snapcode.")
    preview_media: LensPreviewMedia = strawberry.field(description="Its preview media.")
    rejection_errors: LensRejection | None = strawberry.field(
        description="Why it was rejected (rejected lenses only)."
    )
    profile_id: strawberry.Private[str]

    @classmethod
    def from_upstream(cls, value: up.Lens) -> Lens:
        code, preview, rejection = value.snapcode, value.preview, value.rejection
        return cls(
            id=global_id("Lens", value.profile_id, value.id),
            lens_id=strawberry.ID(value.id),
            name=value.name,
            icon_url=value.icon_url,
            status=value.status,
            media_status=value.media_status,
            created_at=value.created_at,
            updated_at=value.updated_at,
            updated_by=value.updated_by,
            snapcode=Snapcode(
                image_url=code.image_url, deeplink=code.deeplink, expires_at=code.expires_at
            ),
            preview_media=LensPreviewMedia(
                thumbnail_media_url=preview.thumbnail_media_url,
                thumbnail_media_poster_url=preview.thumbnail_media_poster_url,
                standard_media_url=preview.standard_media_url,
                standard_media_poster_url=preview.standard_media_poster_url,
            ),
            rejection_errors=LensRejection(
                heading=rejection.heading,
                messages=list(rejection.messages),
                violating_components=list(rejection.violating_components),
            )
            if rejection
            else None,
            profile_id=value.profile_id,
        )

    @strawberry.field(description="The profile that owns the lens.")
    async def profile(self, info: Info) -> PublicProfileRef | None:
        from schema.stories.types import owner_profile

        return await owner_profile(info, self.profile_id)

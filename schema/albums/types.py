"""GraphQL types of the Albums API: albums, their content, and Albums profiles."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.upstreams import albums_types as up
from schema.connections import to_connection
from schema.context import Info
from schema.interfaces import ProfileLike
from schema.paging import slice_whole
from schema.relay import Connection, Node, check_page_args, global_id


@strawberry.type(description="A profile on the Albums API (an album owner or recipient).")
class AlbumProfile(ProfileLike):
    profile_id: strawberry.ID = strawberry.field(
        description="The upstream int64 profile id, as a string (never a 32-bit Int)."
    )
    online_until: datetime | None = strawberry.field(
        description="Until when the profile shows as online."
    )
    distance: float | None = strawberry.field(description="Distance from the caller, if shared.")
    is_favorite: bool = strawberry.field(description="Whether the caller marked it a favourite.")
    profile_image_media_hash: str | None = strawberry.field(
        description="Hash of the profile image on the Albums CDN."
    )

    @classmethod
    def from_upstream(cls, value: up.GrindrProfile) -> AlbumProfile:
        return cls(
            id=global_id("AlbumProfile", value.profile_id),
            profile_id=strawberry.ID(str(value.profile_id)),
            display_name=value.display_name,
            online_until=value.online_until,
            distance=value.distance,
            is_favorite=value.is_favorite,
            profile_image_media_hash=value.profile_image_media_hash,
        )


@strawberry.type(description="One photo or video of an album.")
class AlbumContent(Node):
    content_id: strawberry.ID = strawberry.field(
        description="The upstream int64 content id; stable for the same file bytes."
    )
    content_type: str = strawberry.field(description="MIME type, e.g. image/jpeg or video/mp4.")
    cover_url: str | None = strawberry.field(
        description="Blurred, downscaled cover (signed CDN URL, valid about 15 minutes)."
    )
    thumb_url: str | None = strawberry.field(
        description="Unblurred preview (signed CDN URL, valid about 15 minutes)."
    )
    url: str | None = strawberry.field(
        description="The original file (signed CDN URL); null once no views remain."
    )
    processing: bool = strawberry.field(description="Whether a video is still being processed.")
    remaining_views: int | None = strawberry.field(
        description="Views left for a view-once share: 1, then 0; -1 means unlimited; "
        "null for your own album."
    )
    album_id: strawberry.Private[int]

    @classmethod
    def from_upstream(cls, value: up.AlbumContent) -> AlbumContent:
        return cls(
            id=global_id("AlbumContent", value.album_id, value.content_id),
            content_id=strawberry.ID(str(value.content_id)),
            content_type=value.content_type,
            cover_url=value.cover_url,
            thumb_url=value.thumb_url,
            url=value.url,
            processing=value.processing,
            remaining_views=value.remaining_views,
            album_id=value.album_id,
        )


@strawberry.type(description="A private photo/video album on the Albums API.")
class Album(Node):
    album_id: strawberry.ID = strawberry.field(
        description="The upstream int64 album id, as a string (never a 32-bit Int)."
    )
    name: str | None = strawberry.field(
        description="The album name (up to 255 UTF-8 bytes); known for your own albums."
    )
    version: int | None = strawberry.field(
        description="Bumped on rename and on any content change."
    )
    shared_count: int | None = strawberry.field(description="Number of active recipients.")
    is_shareable: bool | None = strawberry.field(description="Whether the album can be shared.")
    viewable: bool | None = strawberry.field(description="Whether the caller may view it.")
    has_unseen_content: bool | None = strawberry.field(
        description="Whether content was added since the caller last viewed it."
    )
    created_at: datetime | None = strawberry.field(description="When the album was created.")
    updated_at: datetime | None = strawberry.field(description="When the album last changed.")
    owner_profile_id: strawberry.Private[int]
    items: strawberry.Private[tuple[up.AlbumContent, ...]]

    @classmethod
    def from_upstream(cls, value: up.Album) -> Album:
        return cls(
            id=global_id("Album", value.album_id),
            album_id=strawberry.ID(str(value.album_id)),
            name=value.name,
            version=value.version,
            shared_count=value.shared_count,
            is_shareable=value.is_shareable,
            viewable=value.viewable,
            has_unseen_content=value.has_unseen_content,
            created_at=value.created_at,
            updated_at=value.updated_at,
            owner_profile_id=value.owner_profile_id,
            items=value.content,
        )

    @strawberry.field(description="The album's owner.")
    async def owner(self, info: Info) -> AlbumProfile | None:
        profile = await info.context.loaders.album_profile.load(self.owner_profile_id)
        return AlbumProfile.from_upstream(profile) if profile else None

    @strawberry.field(description="The album's photos and videos, in the album's order.")
    def content(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AlbumContent]:
        count, forward = check_page_args(first, after, last, before)
        window = slice_whole(
            self.items,
            lambda item: str(item.content_id),
            count=count,
            forward=forward,
            cursor=after if forward else before,
        )
        return to_connection(info, window, AlbumContent.from_upstream, service="albums")

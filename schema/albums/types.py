"""GraphQL types of the Albums API: albums, their content, and Albums profiles."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import albums_types as up
from schema.connections import PageArgs, whole_connection
from schema.context import Info
from schema.interfaces import MediaItem, ProfileLike, media_kind
from schema.relay import After, Before, Connection, First, Last, Node, global_id

if TYPE_CHECKING:
    from schema.albums.sharing import AlbumStatus, SharedAlbum

SharedAlbumRef = Annotated["SharedAlbum", strawberry.lazy("schema.albums.sharing")]
AlbumStatusRef = Annotated["AlbumStatus", strawberry.lazy("schema.albums.sharing")]


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

    @strawberry.field(
        description="Whether this profile has albums and has shared any with the caller."
    )
    async def album_status(self, info: Info) -> AlbumStatusRef | None:
        from schema.albums.sharing import AlbumStatus

        status = await info.context.albums.album_status(int(self.profile_id))
        return AlbumStatus.from_upstream(status)

    @strawberry.field(description="The albums this profile currently shares with the caller.")
    async def albums_shared_with_me(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SharedAlbumRef] | None:
        from schema.albums.sharing import SharedAlbum

        profile_id = int(self.profile_id)
        return await whole_connection(
            info,
            lambda: info.context.albums.shared_by(profile_id),
            key=lambda item: str(item.album_id),
            convert=SharedAlbum.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )


@strawberry.type(description="Full-size and blurred poster images of an album item.")
class AlbumPoster:
    poster_url: str | None = strawberry.field(description="The poster (signed CDN URL).")
    blurred_poster_url: str | None = strawberry.field(
        description="The blurred poster (signed CDN URL)."
    )


@strawberry.type(description="One photo or video of an album.")
class AlbumContent(Node, MediaItem):
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
            media_url=value.url,
            thumbnail_url=value.thumb_url,
            media_kind=media_kind(value.content_type),
        )

    @strawberry.field(description="Poster images of this item (one upstream call).")
    async def poster(self, info: Info) -> AlbumPoster | None:
        poster = await info.context.albums.poster(self.album_id, int(self.content_id))
        return AlbumPoster(
            poster_url=poster.poster_url, blurred_poster_url=poster.blurred_poster_url
        )

    @strawberry.field(description="The album this item belongs to.")
    async def album(self, info: Info) -> Album | None:
        return Album.from_upstream(await info.context.loaders.album.load(self.album_id))


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
    album_number: int | None = strawberry.field(
        description="Rank among the owner's albums shared with the caller (null when locked)."
    )
    total_albums_shared: int | None = strawberry.field(
        description="How many albums the owner shares with the caller (null when locked)."
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
            album_number=value.album_number,
            total_albums_shared=value.total_albums_shared,
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
    async def content(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AlbumContent]:
        items = self.items

        async def load() -> tuple[up.AlbumContent, ...]:
            return items

        return await whole_connection(
            info,
            load,
            key=lambda item: str(item.content_id),
            convert=AlbumContent.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )

    @strawberry.field(
        description="The profiles this album is shared with (owner only; one call for the "
        "list and one batch for the profiles)."
    )
    async def shares(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AlbumProfile] | None:
        loaders = info.context.loaders
        album_id = int(self.album_id)

        async def load() -> list[up.GrindrProfile]:
            ids = await info.context.albums.recipients(album_id)
            profiles = await asyncio.gather(*(loaders.album_profile.load(i) for i in ids))
            return [p for p in profiles if p is not None]

        return await whole_connection(
            info,
            load,
            key=lambda p: str(p.profile_id),
            convert=AlbumProfile.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )

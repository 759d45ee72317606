"""GraphQL types of albums shared with the caller: the feed, its owners, paywalled items,
per-profile album status, and the caller's album limits."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from gateway.upstreams import albums_feed as up
from schema.albums.types import Album, AlbumContent, AlbumProfile
from schema.context import Info
from schema.relay import Node, global_id


@strawberry.enum(description="How long a share lasts.")
class ExpirationType(Enum):
    INDEFINITE = strawberry.enum_value("INDEFINITE", description="Until unshared.")
    ONCE = strawberry.enum_value(
        "ONCE", description="View once: 30 minutes from the recipient's first opening."
    )
    TEN_MINUTES = strawberry.enum_value("TEN_MINUTES", description="For 10 minutes.")
    ONE_HOUR = strawberry.enum_value("ONE_HOUR", description="For 60 minutes.")
    ONE_DAY = strawberry.enum_value("ONE_DAY", description="For 24 hours.")


@strawberry.type(description="The owner of shared albums, as the feed shows them.")
class FeedProfile:
    profile_id: strawberry.ID = strawberry.field(description="The owner's int64 profile id.")
    name: str | None = strawberry.field(description="The owner's name (may be empty).")
    profile_url: str | None = strawberry.field(description="The owner's profile image URL.")
    online_until: datetime | None = strawberry.field(description="Online until.")
    distance_km: float | None = strawberry.field(description="Distance in kilometres.")

    @classmethod
    def from_upstream(cls, value: up.ProfileMini | None) -> FeedProfile | None:
        if value is None:
            return None
        return cls(
            profile_id=strawberry.ID(str(value.profile_id)),
            name=value.name,
            profile_url=value.profile_url,
            online_until=value.online_until,
            distance_km=value.distance_km,
        )

    @strawberry.field(description="The owner's full Albums profile (batched).")
    async def profile(self, info: Info) -> AlbumProfile | None:
        found = await info.context.loaders.album_profile.load(int(self.profile_id))
        return AlbumProfile.from_upstream(found) if found else None


@strawberry.type(description="Paywall details of a shared album.")
class Paywall(Node):
    album_id: strawberry.ID = strawberry.field(description="The album's int64 id.")
    cover_url: str | None = strawberry.field(description="Paywall cover (signed CDN URL).")
    urls: list[str] = strawberry.field(description="Paywall images (signed CDN URLs).")
    item_count: int | None = strawberry.field(description="How many items the album holds.")
    owner: FeedProfile | None = strawberry.field(description="The album's owner.")

    @classmethod
    def from_upstream(cls, value: up.PaywallItem) -> Paywall:
        return cls(
            id=global_id("Paywall", value.album_id),
            album_id=strawberry.ID(str(value.album_id)),
            cover_url=value.cover_url,
            urls=list(value.urls),
            item_count=value.item_count,
            owner=FeedProfile.from_upstream(value.owner),
        )

    @strawberry.field(description="The album behind the paywall.")
    async def album(self, info: Info) -> Album | None:
        return Album.from_upstream(await info.context.loaders.album.load(int(self.album_id)))


@strawberry.type(description="An album someone shares with the caller, with its share's expiry.")
class SharedAlbum(Node):
    album_id: strawberry.ID = strawberry.field(description="The album's int64 id.")
    name: str | None = strawberry.field(description="The album name (from the feed).")
    album_number: int | None = strawberry.field(
        description="Rank among the owner's albums shared with the caller (null when locked)."
    )
    total_albums_shared: int | None = strawberry.field(
        description="How many albums the owner shares with the caller (null when locked)."
    )
    has_unseen_content: bool = strawberry.field(description="Whether there is unseen content.")
    viewable: bool = strawberry.field(description="Whether the caller may open it now.")
    version: int | None = strawberry.field(description="The album's version counter.")
    expires_at: datetime | None = strawberry.field(
        description="When the share ends; null for indefinite and unopened view-once shares."
    )
    expiration_type: ExpirationType | None = strawberry.field(
        description="The share's type; null when the upstream sent an unknown value."
    )
    image_count: int | None = strawberry.field(description="Number of images.")
    video_count: int | None = strawberry.field(description="Number of videos.")
    cover_url: str | None = strawberry.field(
        description="Blurred cover (signed CDN URL; AccessDenied once the share ends)."
    )
    preview: AlbumContent | None = strawberry.field(
        description="The blurred preview item (from the per-profile list)."
    )
    owner: FeedProfile | None = strawberry.field(description="The owner, as the feed shows it.")
    owner_profile_id: strawberry.Private[int | None]

    @classmethod
    def from_upstream(cls, value: up.SharedAlbum) -> SharedAlbum:
        owner_id = value.owner_profile_id or (value.owner.profile_id if value.owner else None)
        return cls(
            id=global_id("SharedAlbum", value.album_id),
            album_id=strawberry.ID(str(value.album_id)),
            name=value.name,
            album_number=value.album_number,
            total_albums_shared=value.total_albums_shared,
            has_unseen_content=value.has_unseen_content,
            viewable=value.viewable,
            version=value.version,
            expires_at=value.expires_at,
            expiration_type=ExpirationType[value.expiration_type]
            if value.expiration_type
            else None,
            image_count=value.image_count,
            video_count=value.video_count,
            cover_url=value.cover.url if value.cover else None,
            preview=AlbumContent.from_upstream(value.preview) if value.preview else None,
            owner=FeedProfile.from_upstream(value.owner),
            owner_profile_id=owner_id,
        )

    @strawberry.field(description="The album itself, with its content (one call per album).")
    async def album(self, info: Info) -> Album | None:
        return Album.from_upstream(await info.context.loaders.album.load(int(self.album_id)))

    @strawberry.field(description="The owner's full Albums profile (one batch for the feed).")
    async def owner_profile(self, info: Info) -> AlbumProfile | None:
        if self.owner_profile_id is None:
            return None
        found = await info.context.loaders.album_profile.load(self.owner_profile_id)
        return AlbumProfile.from_upstream(found) if found else None

    @strawberry.field(description="Paywall details, when the album is paywalled for the caller.")
    async def paywall(self, info: Info) -> Paywall | None:
        for item in await info.context.albums.paywall():
            if item.album_id == int(self.album_id):
                return Paywall.from_upstream(item)
        return None


@strawberry.type(description="An owner with albums shared with the caller.")
class FeedOwner(Node):
    profile_id: strawberry.ID = strawberry.field(description="The owner's int64 profile id.")
    paywall_status: str | None = strawberry.field(description="e.g. ALLOW.")
    seen: bool = strawberry.field(description="Whether every shared album has been seen.")
    profile: FeedProfile | None = strawberry.field(description="The owner, as the feed shows it.")

    @classmethod
    def from_upstream(cls, value: up.ProfileFeed) -> FeedOwner:
        return cls(
            id=global_id("FeedOwner", value.profile_id),
            profile_id=strawberry.ID(str(value.profile_id)),
            paywall_status=value.paywall_status,
            seen=value.seen,
            profile=FeedProfile.from_upstream(value.profile),
        )


@strawberry.type(description="Whether a profile has albums, and has shared any with the caller.")
class AlbumStatus:
    has_album: bool = strawberry.field(description="The profile owns an album with content.")
    has_shared_with_me: bool = strawberry.field(
        description="The profile has an active share to the caller."
    )

    @classmethod
    def from_upstream(cls, value: up.AlbumStatus) -> AlbumStatus:
        return cls(has_album=value.has_album, has_shared_with_me=value.has_shared_with_me)


@strawberry.type(
    description="The caller's album limits. Lengths are milliseconds, sizes bytes (the "
    "upstream's 'MB' means MiB)."
)
class AlbumLimits:
    subscription_type: str | None = strawberry.field(description="e.g. FreeAlbums.")
    max_albums: int | None = strawberry.field(description="Albums one profile may own.")
    max_content_items_per_album: int | None = strawberry.field(description="Items per album.")
    max_videos_per_album: int | None = strawberry.field(description="Videos per album.")
    max_shares: int | None = strawberry.field(description="Active recipients per album.")
    max_shareable_albums: int | None = strawberry.field(
        description="Own albums that may have active shares at once."
    )
    max_viewable_albums: int | None = strawberry.field(description="Reported only.")
    max_viewable_videos: int | None = strawberry.field(description="Reported only.")
    max_content_size_bytes: float | None = strawberry.field(
        description="Largest upload in bytes (a Float: it can exceed 32 bits)."
    )
    max_video_length_ms: int | None = strawberry.field(description="Longest video, in ms.")
    min_video_length_ms: int | None = strawberry.field(description="Shortest video, in ms.")

    @classmethod
    def from_upstream(cls, value: up.StorageLimits) -> AlbumLimits:
        size = value.max_content_size
        return cls(
            subscription_type=value.subscription_type,
            max_albums=value.max_albums,
            max_content_items_per_album=value.max_content_items_per_album,
            max_videos_per_album=value.max_videos_per_album,
            max_shares=value.max_shares,
            max_shareable_albums=value.max_shareable_albums,
            max_viewable_albums=value.max_viewable_albums,
            max_viewable_videos=value.max_viewable_videos,
            max_content_size_bytes=float(size) if size is not None else None,
            max_video_length_ms=value.max_video_length_ms,
            min_video_length_ms=value.min_video_length_ms,
        )

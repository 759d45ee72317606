"""Typed values of the Albums read endpoints beyond albums themselves: the shared-with-me
feed (G26) and its paywall items (G27), shares (G7, G19), status (G6), limits (G24), posters (G3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.upstreams._parse import (
    ParseError,
    from_ms,
    int64,
    obj,
    opt_bool,
    opt_float,
    opt_int,
    opt_str,
)
from gateway.upstreams.albums_types import AlbumContent, ExpirationType, expiration_type


@dataclass(frozen=True, slots=True)
class ProfileMini:
    """PressieProfileMini: the owner as the feed shows it."""

    profile_id: int
    name: str | None
    profile_url: str | None
    online_until: datetime | None
    distance_km: float | None

    @classmethod
    def parse(cls, data: Any) -> ProfileMini:
        item = obj(data, "profile")
        return cls(
            profile_id=int64(item.get("profileId"), "profileId"),
            name=opt_str(item.get("name")),
            profile_url=opt_str(item.get("profileUrl")),
            online_until=from_ms(item.get("onlineUntil")),
            distance_km=opt_float(item.get("distanceKm")),
        )


@dataclass(frozen=True, slots=True)
class FeedCover:
    """FeedCoverContent; the URL key is ``coverContent`` or (variant) ``location``."""

    content_id: int | None
    content_type: str | None
    url: str | None
    status: str | None

    @classmethod
    def parse(cls, data: Any) -> FeedCover | None:
        if not isinstance(data, dict):
            return None
        url = data.get("coverContent", data.get("location"))
        return cls(
            content_id=opt_int(data.get("id")),
            content_type=opt_str(data.get("contentType")),
            url=opt_str(url),
            status=opt_str(data.get("status")),
        )


@dataclass(frozen=True, slots=True)
class SharedAlbum:
    """An album shared with the caller: a feed item (G26) or a brief (G7)."""

    album_id: int
    owner_profile_id: int | None
    name: str | None
    album_number: int | None
    total_albums_shared: int | None
    has_unseen_content: bool
    viewable: bool
    version: int | None
    expires_at: datetime | None
    expiration_type: ExpirationType | None
    image_count: int | None
    video_count: int | None
    cover: FeedCover | None
    preview: AlbumContent | None
    owner: ProfileMini | None

    @classmethod
    def parse_feed_item(cls, data: Any) -> SharedAlbum:
        item = obj(data, "feed item")
        owner = item.get("profile")
        # The key is all lowercase in the docs; a variant spells it expiresAt (quirk 19).
        expires = item["expiresat"] if "expiresat" in item else item.get("expiresAt")
        name = item.get("name")
        return cls(
            album_id=int64(item.get("albumId"), "albumId"),
            owner_profile_id=opt_int(item.get("ownerProfileId")),
            name=None if name is None else str(name),
            album_number=opt_int(item.get("albumNumber")),
            total_albums_shared=opt_int(item.get("totalAlbumsShared")),
            has_unseen_content=opt_bool(item.get("hasUnseenContent")),
            viewable=opt_bool(item.get("albumViewable"), True),
            version=opt_int(item.get("albumVersion")),
            expires_at=from_ms(expires),
            expiration_type=expiration_type(item.get("expirationType")),
            image_count=opt_int(item.get("imageCount")),
            video_count=opt_int(item.get("videoCount")),
            cover=FeedCover.parse(item.get("coverContent")),
            preview=None,
            owner=ProfileMini.parse(owner) if isinstance(owner, dict) else None,
        )

    @classmethod
    def parse_brief(cls, data: Any) -> SharedAlbum:
        item = obj(data, "shared album")
        album_id = int64(item.get("albumId"), "albumId")
        raw_counts = item.get("contentCount")
        counts: dict[str, Any] = raw_counts if isinstance(raw_counts, dict) else {}
        preview = item.get("content")
        return cls(
            album_id=album_id,
            owner_profile_id=opt_int(item.get("profileId")),
            name=None,  # AlbumMin.albumName is always null (quirk 21)
            album_number=opt_int(item.get("albumNumber")),
            total_albums_shared=opt_int(item.get("totalAlbumsShared")),
            has_unseen_content=opt_bool(item.get("hasUnseenContent")),
            viewable=opt_bool(item.get("albumViewable"), True),
            version=None,
            expires_at=from_ms(item.get("expiresAt")),
            expiration_type=expiration_type(item.get("expirationType")),
            image_count=opt_int(counts.get("imageCount")),
            video_count=opt_int(counts.get("videoCount")),
            cover=None,
            preview=AlbumContent.parse(preview, album_id) if isinstance(preview, dict) else None,
            owner=None,
        )


@dataclass(frozen=True, slots=True)
class ProfileFeed:
    """One owner with active shares to the caller (``profileFeeds``)."""

    profile_id: int
    paywall_status: str | None
    seen: bool
    profile: ProfileMini | None

    @classmethod
    def parse(cls, data: Any) -> ProfileFeed:
        item = obj(data, "profile feed")
        profile = item.get("profile")
        return cls(
            profile_id=int64(item.get("profileId"), "profileId"),
            paywall_status=opt_str(item.get("paywallStatus")),
            seen=opt_bool(item.get("seen")),
            profile=ProfileMini.parse(profile) if isinstance(profile, dict) else None,
        )


@dataclass(frozen=True, slots=True)
class Feed:
    """PressieAlbumsFeedResponse (G26)."""

    profile_feeds: tuple[ProfileFeed, ...]
    shared_albums: tuple[SharedAlbum, ...]
    non_empty_personal_album_count: int | None

    @classmethod
    def parse(cls, data: Any) -> Feed:
        body = obj(data, "feed")
        feeds, albums = body.get("profileFeeds") or [], body.get("sharedAlbums") or []
        if not isinstance(feeds, list) or not isinstance(albums, list):
            raise ParseError("feed lists are not lists")
        return cls(
            profile_feeds=tuple(ProfileFeed.parse(f) for f in feeds),
            shared_albums=tuple(SharedAlbum.parse_feed_item(a) for a in albums),
            non_empty_personal_album_count=opt_int(body.get("nonEmptyPersonalAlbumCount")),
        )


@dataclass(frozen=True, slots=True)
class PaywallItem:
    """AlbumPaywallItem (G27)."""

    album_id: int
    owner: ProfileMini | None
    cover_url: str | None
    urls: tuple[str, ...]
    item_count: int | None

    @classmethod
    def parse(cls, data: Any) -> PaywallItem:
        item = obj(data, "paywall item")
        owner, urls = item.get("profile"), item.get("paywallUrls")
        return cls(
            album_id=int64(item.get("albumId"), "albumId"),
            owner=ProfileMini.parse(owner) if isinstance(owner, dict) else None,
            cover_url=opt_str(item.get("paywallCoverUrl")),
            urls=tuple(u for u in urls if isinstance(u, str)) if isinstance(urls, list) else (),
            item_count=opt_int(item.get("albumsItemCount")),
        )


@dataclass(frozen=True, slots=True)
class AlbumStatus:
    """ProfileAlbumStatus (G6)."""

    profile_id: int
    has_album: bool
    has_shared_with_me: bool

    @classmethod
    def parse(cls, data: Any) -> AlbumStatus:
        item = obj(data, "album status")
        return cls(
            profile_id=int64(item.get("profileId"), "profileId"),
            has_album=opt_bool(item.get("hasAlbum")),
            has_shared_with_me=opt_bool(item.get("hasSharedWithMe")),
        )


@dataclass(frozen=True, slots=True)
class StorageLimits:
    """AlbumStorageLimits (G24). Lengths are milliseconds and sizes bytes (quirk 11)."""

    subscription_type: str | None
    max_albums: int | None
    max_content_items_per_album: int | None
    max_shares: int | None
    max_viewable_albums: int | None
    max_viewable_videos: int | None
    max_content_size: int | None
    max_video_length_ms: int | None
    min_video_length_ms: int | None
    max_shareable_albums: int | None
    max_videos_per_album: int | None

    @classmethod
    def parse(cls, data: Any) -> StorageLimits:
        item = obj(data, "album limits")
        return cls(
            subscription_type=opt_str(item.get("subscriptionType")),
            max_albums=opt_int(item.get("maxAlbums")),
            max_content_items_per_album=opt_int(item.get("maxContentItemsPerAlbum")),
            max_shares=opt_int(item.get("maxShares")),
            max_viewable_albums=opt_int(item.get("maxViewableAlbums")),
            max_viewable_videos=opt_int(item.get("maxViewableVideos")),
            # Never parse maxContentSizeHumanReadable: it says MB and means MiB.
            max_content_size=opt_int(item.get("maxContentSize")),
            max_video_length_ms=opt_int(item.get("maxVideoLength")),
            min_video_length_ms=opt_int(item.get("minVideoLength")),
            max_shareable_albums=opt_int(item.get("maxShareableAlbums")),
            max_videos_per_album=opt_int(item.get("maxVideosPerAlbum")),
        )


@dataclass(frozen=True, slots=True)
class Poster:
    """AlbumPoster (G3)."""

    poster_url: str | None
    blurred_poster_url: str | None

    @classmethod
    def parse(cls, data: Any) -> Poster:
        item = obj(data, "poster")
        return cls(
            poster_url=opt_str(item.get("posterUrl")),
            blurred_poster_url=opt_str(item.get("blurredPosterUrl")),
        )

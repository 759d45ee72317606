"""Typed values parsed from Albums API responses, tolerant of every documented variant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from gateway.upstreams._parse import (
    from_iso,
    from_ms,
    int64,
    obj,
    opt_bool,
    opt_float,
    opt_int,
    opt_str,
)

ExpirationType = Literal["INDEFINITE", "ONCE", "TEN_MINUTES", "ONE_HOUR", "ONE_DAY"]
EXPIRATION_TYPES: tuple[ExpirationType, ...] = (
    "INDEFINITE",
    "ONCE",
    "TEN_MINUTES",
    "ONE_HOUR",
    "ONE_DAY",
)


def expiration_type(value: Any) -> ExpirationType | None:
    """The wire string or int (0-4); ``None`` for null or unknown values, as clients do."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value < len(EXPIRATION_TYPES):
        return EXPIRATION_TYPES[value]
    if isinstance(value, str):
        for name in EXPIRATION_TYPES:
            if value.upper() == name:
                return name
    return None


@dataclass(frozen=True, slots=True)
class AlbumContent:
    """One item of an album (AlbumContent / AlbumContentMin)."""

    album_id: int
    content_id: int
    content_type: str
    cover_url: str | None
    thumb_url: str | None
    #: ``None`` when the upstream sends ``""``: no longer viewable (remainingViews 0).
    url: str | None
    processing: bool
    remaining_views: int | None
    status_id: int | None

    @classmethod
    def parse(cls, data: Any, album_id: int) -> AlbumContent:
        item = obj(data, "album content")
        url = opt_str(item.get("url"))
        return cls(
            album_id=album_id,
            content_id=int64(item.get("contentId"), "contentId"),
            content_type=opt_str(item.get("contentType")) or "application/octet-stream",
            cover_url=opt_str(item.get("coverUrl")),
            thumb_url=opt_str(item.get("thumbUrl")),
            url=url or None,
            processing=opt_bool(item.get("processing")),
            remaining_views=opt_int(item.get("remainingViews")),
            status_id=opt_int(item.get("statusId")),
        )


def _content_list(value: Any, album_id: int) -> tuple[AlbumContent, ...]:
    """``content`` may be an array, one object (``my_album_content_shape=object``), or null."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(AlbumContent.parse(item, album_id) for item in items)


@dataclass(frozen=True, slots=True)
class Album:
    """An album: from G1 (MyAlbum, with name and version) or G2 (AlbumView)."""

    album_id: int
    owner_profile_id: int
    name: str | None
    version: int | None
    shared_count: int | None
    is_shareable: bool | None
    viewable: bool | None
    has_unseen_content: bool | None
    album_number: int | None
    total_albums_shared: int | None
    created_at: datetime | None
    updated_at: datetime | None
    content: tuple[AlbumContent, ...]

    @classmethod
    def parse_mine(cls, data: Any) -> Album:
        item = obj(data, "album")
        album_id = int64(item.get("albumId"), "albumId")
        name = item.get("albumName")
        return cls(
            album_id=album_id,
            owner_profile_id=int64(item.get("profileId"), "profileId"),
            name=None if name is None else str(name),
            version=opt_int(item.get("version")),
            shared_count=opt_int(item.get("sharedCount")),
            is_shareable=opt_bool(item.get("isShareable")),
            viewable=True,
            has_unseen_content=False,
            album_number=None,
            total_albums_shared=None,
            created_at=from_iso(item.get("createdAt")),
            updated_at=from_iso(item.get("updatedAt")),
            content=_content_list(item.get("content"), album_id),
        )

    @classmethod
    def parse_view(cls, data: Any) -> Album:
        item = obj(data, "album")
        album_id = int64(item.get("albumId"), "albumId")
        return cls(
            album_id=album_id,
            owner_profile_id=int64(item.get("profileId"), "profileId"),
            name=None,  # AlbumMin.albumName is always null (quirk 21)
            version=None,
            shared_count=opt_int(item.get("sharedCount")),
            is_shareable=None,
            viewable=opt_bool(item.get("albumViewable"), True),
            has_unseen_content=opt_bool(item.get("hasUnseenContent")),
            album_number=opt_int(item.get("albumNumber")),
            total_albums_shared=opt_int(item.get("totalAlbumsShared")),
            created_at=from_iso(item.get("createdAt")),
            updated_at=from_iso(item.get("updatedAt")),
            content=_content_list(item.get("content"), album_id),
        )


@dataclass(frozen=True, slots=True)
class GrindrProfile:
    """The profile subset of A2/A3."""

    profile_id: int
    display_name: str | None
    online_until: datetime | None
    distance: float | None
    profile_image_media_hash: str | None
    is_favorite: bool

    @classmethod
    def parse(cls, data: Any) -> GrindrProfile:
        item = obj(data, "profile")
        return cls(
            profile_id=int64(item.get("profileId"), "profileId"),
            display_name=opt_str(item.get("displayName")),
            online_until=from_ms(item.get("onlineUntil")),
            distance=opt_float(item.get("distance")),
            profile_image_media_hash=opt_str(item.get("profileImageMediaHash")),
            is_favorite=opt_bool(item.get("isFavorite")),
        )


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in Albums session (A1)."""

    profile_id: int
    session_id: str

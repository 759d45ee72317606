"""The Albums emulator's entities (contract §5.1) and the expiration types of §2.1."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any


class ExpirationType(IntEnum):
    """``AlbumExpirationType``: wire string = the name, wire int = the value."""

    INDEFINITE = 0
    ONCE = 1
    TEN_MINUTES = 2
    ONE_HOUR = 3
    ONE_DAY = 4

    @classmethod
    def parse(cls, value: Any) -> ExpirationType | None:
        """Either request form (name or 0-4); ``None`` for anything else."""
        if isinstance(value, str):
            if value in cls.__members__:
                return cls[value]
            if len(value) == 1 and value in "01234":
                value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 4:
            return cls(value)
        return None

    @property
    def lifetime(self) -> timedelta | None:
        """Fixed lifetime from share time; ``None`` for INDEFINITE and for ONCE (opened later)."""
        return _LIFETIMES.get(self)

    @property
    def chat_type(self) -> str:
        """The chat message type G20 posts for this expiration type (§4, G20)."""
        if self is ExpirationType.INDEFINITE:
            return "Album"
        if self is ExpirationType.ONCE:
            return "ExpiringAlbumV2"
        return "ExpiringAlbum"


_LIFETIMES = {
    ExpirationType.TEN_MINUTES: timedelta(minutes=10),
    ExpirationType.ONE_HOUR: timedelta(hours=1),
    ExpirationType.ONE_DAY: timedelta(hours=24),
}


def to_ms(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp() * 1000)


@dataclass(slots=True, kw_only=True)
class Limits:
    """AlbumStorageLimits (§2.2); overridable per profile in the seed."""

    subscription_type: str = "FreeAlbums"
    max_albums: int = 3
    max_content_items_per_album: int = 30
    max_shares: int = 100
    max_viewable_albums: int = 50
    max_viewable_videos: int = 50
    max_content_size: int = 125_829_120
    max_content_size_human: str = "120.00 MB"
    max_video_length_ms: int = 15_000
    min_video_length_ms: int = 1
    max_shareable_albums: int = 3
    max_videos_per_album: int = 10

    def as_json(self) -> dict[str, Any]:
        return {
            "subscriptionType": self.subscription_type,
            "maxAlbums": self.max_albums,
            "maxContentItemsPerAlbum": self.max_content_items_per_album,
            "maxShares": self.max_shares,
            "maxViewableAlbums": self.max_viewable_albums,
            "maxViewableVideos": self.max_viewable_videos,
            "maxContentSize": self.max_content_size,
            "maxContentSizeHumanReadable": self.max_content_size_human,
            "maxVideoLength": self.max_video_length_ms,
            "minVideoLength": self.min_video_length_ms,
            "maxShareableAlbums": self.max_shareable_albums,
            "maxVideosPerAlbum": self.max_videos_per_album,
        }


@dataclass(slots=True, kw_only=True)
class Counter:
    """An ``{available, total}`` counter of the WIP pics/videos endpoints (G15-G18)."""

    available: int = 10
    total: int = 10

    def as_json(self) -> dict[str, int]:
        return {"available": self.available, "total": self.total}


@dataclass(slots=True, kw_only=True)
class Profile:
    id: int
    name: str
    email: str | None = None
    auth_token: str | None = None
    password: str | None = None
    online_until: datetime | None = None
    distance_km: float | None = None
    image: bytes | None = None
    favourites: set[int] = field(default_factory=set)
    limits: Limits = field(default_factory=Limits)
    limited_pics: Counter = field(default_factory=Counter)
    expiring_pics: Counter = field(default_factory=Counter)
    expiring_videos: Counter = field(default_factory=Counter)

    @property
    def image_hash(self) -> str | None:
        return None if self.image is None else hashlib.sha1(self.image).hexdigest()  # noqa: S324

    def online(self, now: datetime) -> bool:
        return self.online_until is not None and self.online_until > now


@dataclass(slots=True, kw_only=True)
class Content:
    id: int
    album_id: int
    owner_id: int
    data: bytes
    mime: str
    sha256: str
    uploaded_at: datetime
    duration_ms: int | None = None
    processing_until: datetime | None = None
    deleted: bool = False

    @property
    def is_video(self) -> bool:
        return self.mime.startswith("video/")

    def processing(self, now: datetime) -> bool:
        return self.processing_until is not None and now < self.processing_until


@dataclass(slots=True, kw_only=True)
class Album:
    id: int
    owner_id: int
    name: str | None
    created_at: datetime
    updated_at: datetime
    version: int = 1
    #: Live content ids in display order (upload order, changed by G12).
    order: list[int] = field(default_factory=list)
    #: SHA-256 of the bytes -> contentId, kept after deletion (quirk 7).
    by_hash: dict[str, int] = field(default_factory=dict)
    deleted: bool = False

    def touch(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now


@dataclass(slots=True, kw_only=True)
class Share:
    album_id: int
    owner_id: int
    recipient_id: int
    type: ExpirationType
    shared_at: datetime
    expires_at: datetime | None = None
    opened_at: datetime | None = None
    #: ONCE shares only: contentId -> views left (1 until G5 is called).
    remaining: dict[int, int] = field(default_factory=dict)
    has_unseen: bool = True

    def active(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at

    def remaining_views(self, content_id: int) -> int:
        """``-1`` (unlimited) unless this is a ONCE share (§5.3)."""
        if self.type is not ExpirationType.ONCE:
            return -1
        return self.remaining.get(content_id, 1)

    def apply(self, kind: ExpirationType, now: datetime) -> None:
        """(Re)start the share with ``kind``: expiry from now, ONCE back to unopened (§5.2)."""
        self.type = kind
        lifetime = kind.lifetime
        self.expires_at = None if lifetime is None else now + lifetime
        self.opened_at = None
        self.remaining.clear()


@dataclass(slots=True, kw_only=True)
class ChatMessage:
    """A chat message G20 posts from the owner to one recipient."""

    message_id: str
    sender_id: int
    recipient_id: int
    type: str
    sent_at: datetime
    body: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "messageId": self.message_id,
            "senderId": self.sender_id,
            "recipientId": self.recipient_id,
            "type": self.type,
            "sentAt": to_ms(self.sent_at),
            "body": self.body,
        }


@dataclass(frozen=True, slots=True)
class PaywallItem:
    """A seeded paywalled album shown to one viewer (G27, G28)."""

    album_id: int
    viewer_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    token: str
    profile_id: int
    expires_at: datetime

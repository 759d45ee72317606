"""The emulator's in-memory entities (contract §2 and §6): plain records, little behaviour."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from emulators._common.clock import iso_millis
from emulators._common.media import Mp4Info

MediaType = Literal["VIDEO", "IMAGE"]
ResourceType = Literal["public_profiles", "pixels", "catalogs"]
TargetType = Literal["adaccounts", "organizations"]


@dataclass(slots=True)
class Organization:
    id: str
    name: str


@dataclass(slots=True)
class Resource:
    """An ad account, pixel or catalog: something that only belongs to an organization."""

    id: str
    organization_id: str
    name: str


@dataclass(slots=True)
class Token:
    """A seeded access token (the emulator does not implement OAuth)."""

    value: str
    organization_ids: tuple[str, ...]
    allowlisted: bool = True
    ml_tags: bool = False


@dataclass(slots=True)
class Profile:
    """A PublicProfile; ``fields`` holds the §2.7 attributes other than id and organization."""

    id: str
    organization_id: str
    fields: dict[str, Any]
    broken: bool = False

    @property
    def shares_data(self) -> bool:
        return bool(self.fields.get("share_authorized_data_with_api_partners"))


@dataclass(slots=True)
class MediaMeta:
    """Where a snap's bytes live (paths relative to the emulator origin) and what they are."""

    media_path: str
    thumbnail_path: str
    media_type: Literal["MEDIA_TYPE_VIDEO", "MEDIA_TYPE_IMAGE"]
    duration: float


class MediaState(StrEnum):
    CREATED = "CREATED"
    PROCESSING = "PROCESSING"
    READY = "READY"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"


@dataclass(slots=True, eq=False)
class Media:
    """An upload container (§4.3); ``parts`` hold ciphertext until FINALIZE frees them."""

    id: str
    profile_id: str
    type: MediaType
    name: str
    key: bytes
    iv: bytes
    created_at: datetime
    parts: dict[int, bytearray] = field(default_factory=dict)
    part_bytes: int = 0
    finalized_at: datetime | None = None
    failed: bool = False
    mime: str | None = None
    probe: Mp4Info | None = None
    probe_error: str | None = None
    plaintext: bytes | None = None

    def expires_at(self, ttl_hours: float) -> datetime:
        return self.created_at + timedelta(hours=ttl_hours)

    def state(self, now: datetime, *, ttl_hours: float, processing_seconds: float) -> MediaState:
        if now >= self.expires_at(ttl_hours):
            return MediaState.EXPIRED
        if self.failed:
            return MediaState.FAILED
        if self.finalized_at is None:
            return MediaState.CREATED
        if now < self.finalized_at + timedelta(seconds=processing_seconds):
            return MediaState.PROCESSING
        return MediaState.READY


@dataclass(slots=True, eq=False)
class Snap:
    """A snap of a public story, or a snap of a saved story (``title`` only on the latter)."""

    id: str
    story_id: str
    meta: MediaMeta
    created_at: datetime
    caption: str | None = None
    title: str | None = None
    ml_tags: tuple[str, ...] = ()
    broken: bool = False
    created_iso: str = ""

    def __post_init__(self) -> None:
        self.created_iso = iso_millis(self.created_at)


@dataclass(slots=True, eq=False)
class Story:
    """A PUBLIC_STORY; snaps oldest first, ``ended_at`` = last snap + 24 h."""

    id: str
    profile_id: str
    created_at: datetime
    snaps: list[Snap] = field(default_factory=list)
    broken: bool = False
    created_iso: str = ""

    def __post_init__(self) -> None:
        self.created_iso = iso_millis(self.created_at)

    @property
    def ended_at(self) -> datetime:
        last = self.snaps[-1].created_at if self.snaps else self.created_at
        return last + timedelta(hours=24)


@dataclass(slots=True, eq=False)
class SavedStory:
    id: str
    profile_id: str
    created_at: datetime
    visible: bool
    thumbnail_path: str
    title: str | None = None
    snaps: list[Snap] = field(default_factory=list)
    broken: bool = False
    created_iso: str = ""

    def __post_init__(self) -> None:
        self.created_iso = iso_millis(self.created_at)


@dataclass(slots=True)
class Sponsor:
    """A paid-partnership brand tag; the bits form is computed once (quirk 15)."""

    profile_id: str
    display_name: str
    sponsor_status: Literal["PENDING", "REJECTED", "NOT_SPECIFIED", "AUTO_APPROVED"]
    high_bits: str = ""
    low_bits: str = ""

    def __post_init__(self) -> None:
        value = uuid.UUID(self.profile_id).int
        self.high_bits, self.low_bits = str(value >> 64), str(value & (2**64 - 1))


@dataclass(slots=True, eq=False)
class Spotlight:
    """A spotlight; at ``review_due`` SUBMITTED turns LIVE (None: wait for the control surface)."""

    id: str
    profile_id: str
    meta: MediaMeta
    created_at: datetime
    status: Literal["SUBMITTED", "LIVE", "REJECTED"] = "SUBMITTED"
    review_due: datetime | None = None
    title: str | None = None
    caption: str | None = None
    hashtags: tuple[str, ...] = ()
    sponsor: Sponsor | None = None
    ml_tags: tuple[str, ...] = ()
    skip_save_to_profile: bool = False
    broken: bool = False
    created_iso: str = ""

    def __post_init__(self) -> None:
        self.created_iso = iso_millis(self.created_at)

    def current_status(self, now: datetime) -> str:
        if self.status == "SUBMITTED" and self.review_due is not None and now >= self.review_due:
            self.status = "LIVE"
            self.review_due = None
        return self.status


@dataclass(slots=True, eq=False)
class Lens:
    """A seeded lens (no endpoint creates lenses); paths are relative to the emulator origin."""

    id: str
    profile_id: str
    name: str
    created_at: datetime
    updated_at: datetime
    updated_by: str
    status: str
    deeplink: str
    #: Already formatted: the ``1970-01-01T00:00:00Z`` sentinel means "no expiry".
    snapcode_expires_at: str
    rejection_errors: dict[str, Any] | None = None
    media_status: str = "MEDIA_STATUS_OK"
    broken: bool = False
    created_iso: str = ""
    updated_iso: str = ""

    def __post_init__(self) -> None:
        self.created_iso = iso_millis(self.created_at)
        self.updated_iso = iso_millis(self.updated_at)


@dataclass(slots=True, frozen=True)
class ResourceRef:
    resource_type: str
    resource_id: str

    def as_json(self) -> dict[str, str]:
        return {"resource_id": self.resource_id, "resource_type": self.resource_type}


@dataclass(slots=True, eq=False)
class SharingPolicy:
    id: str
    source: ResourceRef
    target: ResourceRef
    parent_policy_id: str | None = None

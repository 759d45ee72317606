"""Interfaces shared across the two upstreams where the data really is alike."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.relay import Node


@strawberry.interface(
    description=(
        "A person or brand with a display name: an Albums profile or a Snapchat public profile. "
        "The two have no shared key; they are alike, not linked."
    )
)
class ProfileLike(Node):
    display_name: str | None = strawberry.field(description="The name shown for this profile.")


@strawberry.enum(description="Whether a media item is a picture or a video.")
class MediaKind(Enum):
    IMAGE = strawberry.enum_value("IMAGE", description="A still image (JPEG, PNG...).")
    VIDEO = strawberry.enum_value("VIDEO", description="A video (MP4, WebM...).")
    UNKNOWN = strawberry.enum_value("UNKNOWN", description="A type the upstream did not name.")


def media_kind(value: str | None) -> MediaKind:
    """From a MIME type (Albums) or a ``MEDIA_TYPE_*`` value (Public Profile)."""
    text = (value or "").upper()
    if text.startswith("IMAGE/") or text.endswith("_IMAGE"):
        return MediaKind.IMAGE
    if text.startswith("VIDEO/") or text.endswith("_VIDEO"):
        return MediaKind.VIDEO
    return MediaKind.UNKNOWN


@strawberry.interface(
    description=(
        "A viewable picture or video on either upstream: album content (Albums) or a snap, "
        "saved-story snap or spotlight (Public Profile)."
    )
)
class MediaItem:
    media_url: str | None = strawberry.field(
        description="Where to download the media (may be a short-lived signed URL)."
    )
    thumbnail_url: str | None = strawberry.field(description="A small preview image.")
    media_kind: MediaKind = strawberry.field(description="Picture or video.")

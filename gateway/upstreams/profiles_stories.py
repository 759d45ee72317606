"""Typed stories, snaps and saved stories from the Public Profile API (S4, S5, S7, S8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.upstreams._parse import from_iso, obj, opt_str, str_list, uuid_text
from gateway.upstreams.profiles_types import entity, nested, required_str


@dataclass(frozen=True, slots=True)
class MediaMetadata:
    """Where a snap's media lives; nested (documented table) or flattened (docs' example)."""

    media_url: str | None
    thumbnail_url: str | None
    media_type: str | None

    @classmethod
    def parse(cls, snap: dict[str, Any]) -> MediaMetadata:
        return cls(
            media_url=opt_str(nested(snap, "media_metadata", "media_url")),
            thumbnail_url=opt_str(nested(snap, "media_metadata", "thumbnail_url")),
            # In media_metadata by default, on the snap in a variant (quirk 21).
            media_type=opt_str(nested(snap, "media_metadata", "media_type")),
        )


@dataclass(frozen=True, slots=True)
class Story:
    """A public story (S4)."""

    id: str
    profile_id: str
    thumbnail_url: str | None
    created_at: datetime | None
    ended_at: datetime | None
    type: str | None

    @classmethod
    def parse(cls, data: Any) -> Story:
        item = entity(obj(data, "story"), "story")
        return cls(
            id=required_str(item, "id"),
            profile_id=uuid_text(item.get("profile_id")) or required_str(item, "profile_id"),
            thumbnail_url=opt_str(item.get("thumbnail_url")),
            created_at=from_iso(item.get("created_at")),
            ended_at=from_iso(item.get("ended_at")),
            type=opt_str(item.get("type")),
        )


@dataclass(frozen=True, slots=True)
class Snap:
    """A snap of a public story (S5) or of a saved story (S8; ``title`` only there)."""

    id: str
    story_id: str | None
    media: MediaMetadata
    created_at: datetime | None
    caption: str | None
    title: str | None
    ml_tags: tuple[str, ...] | None

    @classmethod
    def parse(cls, data: Any) -> Snap:
        record = obj(data, "snap")
        item = entity(record, "snap")
        if item is record and isinstance(record.get("saved_story"), dict):
            # S8's documented example wraps items as saved_story (quirk 18).
            item = record["saved_story"]
        return cls(
            id=required_str(item, "id"),
            story_id=opt_str(item.get("story_id")),
            media=MediaMetadata.parse(item),
            created_at=from_iso(item.get("created_at")),
            caption=opt_str(item.get("caption")),
            title=opt_str(item.get("title")),
            ml_tags=str_list(item.get("ml_tags")),
        )


@dataclass(frozen=True, slots=True)
class SavedStory:
    """A saved story (S7)."""

    id: str
    profile_id: str
    thumbnail_url: str | None
    title: str | None
    created_at: datetime | None
    updated_at: datetime | None
    type: str | None

    @classmethod
    def parse(cls, data: Any) -> SavedStory:
        item = entity(obj(data, "saved story"), "saved_story")
        return cls(
            id=required_str(item, "id"),
            profile_id=uuid_text(item.get("profile_id")) or required_str(item, "profile_id"),
            thumbnail_url=opt_str(item.get("thumbnail_url")),
            title=opt_str(item.get("title")),
            created_at=from_iso(item.get("created_at")),
            updated_at=from_iso(item.get("updated_at")),
            type=opt_str(item.get("type")),
        )

"""Typed lenses (S13, S14) and sharing policies (S15, S15b) from the Public Profile API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gateway.upstreams._parse import ParseError, from_iso, obj, opt_str, str_list, uuid_text
from gateway.upstreams.profiles_types import entity, nested, required_str

#: ``expires_at`` of 1970-01-01 means "no expiry" (quirk 20).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Snapcode:
    image_url: str | None
    deeplink: str | None
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class PreviewMedia:
    thumbnail_media_url: str | None
    thumbnail_media_poster_url: str | None
    standard_media_url: str | None
    standard_media_poster_url: str | None


@dataclass(frozen=True, slots=True)
class RejectionErrors:
    heading: str | None
    messages: tuple[str, ...]
    violating_components: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lens:
    """A lens (S13, S14)."""

    id: str
    profile_id: str
    name: str | None
    icon_url: str | None
    status: str | None
    media_status: str | None
    created_at: datetime | None
    updated_at: datetime | None
    updated_by: str | None
    snapcode: Snapcode
    preview: PreviewMedia
    rejection: RejectionErrors | None

    @classmethod
    def parse(cls, data: Any) -> Lens:
        item = entity(obj(data, "lens"), "lens")
        expires = from_iso(nested(item, "snapcode", "expires_at"))
        rejection = item.get("rejection_errors")
        return cls(
            id=required_str(item, "id"),
            profile_id=uuid_text(item.get("profile_id")) or required_str(item, "profile_id"),
            name=opt_str(item.get("name")),
            icon_url=opt_str(item.get("icon_url")),
            status=opt_str(item.get("status")),
            media_status=opt_str(item.get("media_status")),
            created_at=from_iso(item.get("created_at")),
            updated_at=from_iso(item.get("updated_at")),
            updated_by=opt_str(item.get("updated_by")),
            snapcode=Snapcode(
                image_url=opt_str(nested(item, "snapcode", "image_url")),
                deeplink=opt_str(nested(item, "snapcode", "deeplink")),
                expires_at=None if expires == _EPOCH else expires,
            ),
            preview=PreviewMedia(
                thumbnail_media_url=opt_str(nested(item, "preview_media", "thumbnail_media_url")),
                thumbnail_media_poster_url=opt_str(
                    nested(item, "preview_media", "thumbnail_media_poster_url")
                ),
                standard_media_url=opt_str(nested(item, "preview_media", "standard_media_url")),
                standard_media_poster_url=opt_str(
                    nested(item, "preview_media", "standard_media_poster_url")
                ),
            ),
            rejection=RejectionErrors(
                heading=opt_str(rejection.get("heading")),
                messages=str_list(rejection.get("messages")) or (),
                violating_components=str_list(rejection.get("violating_components")) or (),
            )
            if isinstance(rejection, dict)
            else None,
        )


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """``{resource_id, resource_type}``."""

    resource_id: str
    resource_type: str

    @classmethod
    def parse(cls, data: Any) -> ResourceRef:
        item = obj(data, "resource")
        return cls(
            resource_id=required_str(item, "resource_id"),
            resource_type=required_str(item, "resource_type"),
        )


@dataclass(frozen=True, slots=True)
class SharingPolicy:
    """A sharing policy; list items may be bare and without ``target`` (quirk 23)."""

    id: str
    source: ResourceRef
    target: ResourceRef
    parent_policy_id: str | None

    @classmethod
    def parse(cls, data: Any, *, default_target: ResourceRef | None = None) -> SharingPolicy:
        item = entity(obj(data, "sharing policy"), "sharing_policy")
        target = item.get("target")
        if target is None:
            if default_target is None:
                raise ParseError("sharing policy without target")
            parsed_target = default_target
        else:
            parsed_target = ResourceRef.parse(target)
        policy_id = uuid_text(item.get("sharing_policy_id")) or required_str(
            item, "sharing_policy_id"
        )
        return cls(
            id=policy_id,
            source=ResourceRef.parse(item.get("source")),
            target=parsed_target,
            parent_policy_id=opt_str(item.get("parent_policy_id")),
        )

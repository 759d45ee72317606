"""Typed values parsed from Public Profile API responses, tolerant of every documented variant."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from gateway.upstreams._parse import (
    ParseError,
    from_iso,
    obj,
    opt_float,
    opt_int,
    opt_str,
    str_list,
    uuid_text,
)

T = TypeVar("T")
V = TypeVar("V")


def entity(item: dict[str, Any], key: str) -> dict[str, Any]:
    """A list item is a sub-response wrapping ``key``, or (flat variant) the entity itself."""
    inner = item.get(key)
    return inner if isinstance(inner, dict) else item


def nested(data: dict[str, Any], parent: str, key: str) -> Any:
    """Read ``parent.key`` nested first, then flattened onto ``data``."""
    inner = data.get(parent)
    if isinstance(inner, dict) and key in inner:
        return inner[key]
    return data.get(key)


def required_str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ParseError(f"{key} is missing")
    return value


@dataclass(frozen=True, slots=True)
class SubRequestFailure:
    """A list item whose sub-request failed (PARTIAL envelopes)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One upstream page: items in order (failures in place) and the cursor of the next page."""

    items: tuple[T | SubRequestFailure, ...]
    next_cursor: str | None
    #: Values made from the items (the GraphQL nodes), by what made them: a page is shared by
    #: the requests that read it together, and they convert its items once between them.
    derived: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def derive(self, how: Hashable, make: Callable[[], V]) -> V:
        try:
            return self.derived[how]  # type: ignore[no-any-return]
        except KeyError:
            value = self.derived[how] = make()
            return value


@dataclass(frozen=True, slots=True)
class LogoUrls:
    original: str | None
    discover_feed: str | None
    mega_profile: str | None
    manage_profile: str | None


@dataclass(frozen=True, slots=True)
class PublicProfile:
    """A public profile (P1-P4); P2 carries only the public fields, the rest are ``None``."""

    id: str
    organization_id: str | None
    display_name: str | None
    description: str | None
    category: str | None
    subcategory: str | None
    email: str | None
    website: str | None
    logo_urls: LogoUrls | None
    locality: str | None
    country: str | None
    snap_user_name: str | None
    profile_type: str | None
    profile_tier: str | None
    subscriber_count: int | None
    share_authorized_data_with_api_partners: bool | None

    @classmethod
    def parse(cls, data: Any) -> PublicProfile:
        item = obj(data, "public profile")
        profile_id = uuid_text(item.get("id"))
        if profile_id is None:
            raise ParseError("public profile id is not a UUID")
        logos = item.get("logo_urls")
        shared = item.get("share_authorized_data_with_api_partners")
        return cls(
            id=profile_id,
            organization_id=uuid_text(item.get("organization_id")),
            display_name=opt_str(item.get("display_name")),
            description=opt_str(item.get("description")),
            category=opt_str(item.get("category")),
            subcategory=opt_str(item.get("subcategory")),
            email=opt_str(item.get("email")),
            website=opt_str(item.get("website")),
            logo_urls=LogoUrls(
                original=opt_str(logos.get("original_logo_url")),
                discover_feed=opt_str(logos.get("discover_feed_logo_url")),
                mega_profile=opt_str(logos.get("mega_profile_logo_url")),
                manage_profile=opt_str(logos.get("manage_profile_logo_url")),
            )
            if isinstance(logos, dict)
            else None,
            locality=opt_str(item.get("locality")),
            country=opt_str(item.get("country")),
            snap_user_name=opt_str(item.get("snap_user_name")),
            profile_type=opt_str(item.get("profile_type")),
            profile_tier=opt_str(item.get("profile_tier")),
            subscriber_count=opt_int(item.get("subscriber_count")),
            share_authorized_data_with_api_partners=shared if isinstance(shared, bool) else None,
        )


@dataclass(frozen=True, slots=True)
class Sponsor:
    """The paid-partnership brand tag of a spotlight."""

    profile_id: str | None
    display_name: str | None
    sponsor_status: str | None

    @classmethod
    def parse(cls, data: Any) -> Sponsor | None:
        if not isinstance(data, dict):
            return None
        return cls(
            profile_id=uuid_text(data.get("profile_id")),
            display_name=opt_str(data.get("display_name")),
            sponsor_status=opt_str(data.get("sponsor_status")),
        )


@dataclass(frozen=True, slots=True)
class Spotlight:
    """A spotlight (S10, S11)."""

    id: str
    profile_id: str
    thumbnail_url: str | None
    media_url: str | None
    created_at: datetime | None
    status: str | None
    duration: float | None
    title: str | None
    caption: str | None
    hashtags: tuple[str, ...] | None
    sponsor: Sponsor | None
    ml_tags: tuple[str, ...] | None

    @classmethod
    def parse(cls, data: Any) -> Spotlight:
        item = entity(obj(data, "spotlight"), "spotlight")
        return cls(
            id=required_str(item, "id"),
            profile_id=uuid_text(item.get("profile_id")) or required_str(item, "profile_id"),
            thumbnail_url=opt_str(item.get("thumbnail_url")),
            media_url=opt_str(item.get("media_url")),
            created_at=from_iso(item.get("created_at")),
            status=opt_str(item.get("status")),
            duration=opt_float(item.get("duration")),
            title=opt_str(item.get("title")),
            caption=opt_str(item.get("caption")),
            hashtags=str_list(item.get("hashtags")),
            sponsor=Sponsor.parse(item.get("sponsor")),
            ml_tags=str_list(item.get("ml_tags")),
        )


def is_failure(item: dict[str, Any]) -> str | None:
    """The failure reason when a sub-response failed, else ``None``."""
    status = item.get("sub_request_status")
    if isinstance(status, str) and status.upper() == "ERROR":
        return opt_str(item.get("sub_request_error_reason")) or "sub-request failed"
    return None

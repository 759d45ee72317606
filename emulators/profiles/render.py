"""Entity to JSON, nested as the field tables say (§2), with the variants of an entity's shape."""

from __future__ import annotations

from typing import Any

from emulators._common.clock import iso_millis
from emulators.profiles.context import Ctx
from emulators.profiles.entities import (
    Lens,
    MediaMeta,
    Profile,
    SavedStory,
    SharingPolicy,
    Snap,
    Spotlight,
    Story,
)

#: PublicProfile fields marked Is Public = Y (§2.7); P2 returns only these.
PUBLIC_PROFILE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "description",
        "category",
        "subcategory",
        "email",
        "website",
        "logo_urls",
        "address_line_1",
        "locality",
        "administrative_district_level_1",
        "postal_code",
        "l_90_country_code",
    }
)


def _metadata(ctx: Ctx, meta: MediaMeta, target: dict[str, Any]) -> None:
    """Add ``media_metadata`` to a snap; ``media_type`` goes where the variant says (quirk 21)."""
    nested: dict[str, Any] = {
        "media_url": ctx.url(meta.media_path),
        "thumbnail_url": ctx.url(meta.thumbnail_path),
    }
    if ctx.config.snap_media_type_location == "snap":
        target["media_type"] = meta.media_type
    else:
        nested["media_type"] = meta.media_type
    target["media_metadata"] = nested


def story(ctx: Ctx, item: Story) -> dict[str, Any]:
    thumb = item.snaps[0].meta.thumbnail_path if item.snaps else "/cdn/thumbnails/empty.jpg"
    return {
        "id": item.id,
        "profile_id": item.profile_id,
        "thumbnail_url": ctx.url(thumb),
        "created_at": item.created_iso,
        "ended_at": iso_millis(item.ended_at),
        "type": "PUBLIC_STORY",
    }


def snap(ctx: Ctx, item: Snap) -> dict[str, Any]:
    """A public-story snap; ``caption`` and ``ml_tags`` are omitted when absent (quirk 16)."""
    body: dict[str, Any] = {"id": item.id, "story_id": item.story_id}
    _metadata(ctx, item.meta, body)
    body["created_at"] = item.created_iso
    if item.caption:
        body["caption"] = item.caption
    if item.ml_tags and ctx.token().ml_tags:
        body["ml_tags"] = list(item.ml_tags)
    return body


def saved_snap(ctx: Ctx, item: Snap) -> dict[str, Any]:
    body: dict[str, Any] = {"id": item.id, "story_id": item.story_id}
    _metadata(ctx, item.meta, body)
    body["created_at"] = item.created_iso
    if item.title:
        body["title"] = item.title
    if item.caption:
        body["caption"] = item.caption
    return body


def saved_story(ctx: Ctx, item: SavedStory) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": item.id,
        "profile_id": item.profile_id,
        "thumbnail_url": ctx.url(item.thumbnail_path),
    }
    if item.title:
        body["title"] = item.title
    body["created_at"] = item.created_iso
    body["type"] = "SAVED_STORY"
    body["updated_at"] = item.created_iso
    return body


def spotlight(ctx: Ctx, item: Spotlight) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": item.id,
        "profile_id": item.profile_id,
        "thumbnail_url": ctx.url(item.meta.thumbnail_path),
        "media_url": ctx.url(item.meta.media_path),
        "created_at": item.created_iso,
        "status": item.current_status(ctx.now),
        "duration": item.meta.duration,
    }
    if item.title:
        body["title"] = item.title
    if item.caption:
        body["caption"] = item.caption
    if item.hashtags:
        body["hashtags"] = list(item.hashtags)
    if item.sponsor is not None:
        sponsor = item.sponsor
        profile_id: Any = sponsor.profile_id
        if ctx.config.sponsor_id_form == "bits":
            profile_id = {"high_bits": sponsor.high_bits, "low_bits": sponsor.low_bits}
        body["sponsor"] = {
            "profile_id": profile_id,
            "display_name": sponsor.display_name,
            "sponsor_status": sponsor.sponsor_status,
        }
    if item.ml_tags and ctx.token().ml_tags:
        body["ml_tags"] = list(item.ml_tags)
    return body


def lens(ctx: Ctx, item: Lens) -> dict[str, Any]:
    base = f"/cdn/lenses/{item.id}"
    body: dict[str, Any] = {
        "id": item.id,
        "profile_id": item.profile_id,
        "name": item.name,
        "icon_url": ctx.url(f"{base}/icon.png"),
        "status": item.status,
        "updated_at": item.updated_iso,
        "updated_by": item.updated_by,
        "snapcode": {
            "image_url": ctx.url(f"{base}/snapcode.png"),
            "deeplink": item.deeplink,
            "expires_at": item.snapcode_expires_at,
        },
        "preview_media": {
            "thumbnail_media_url": ctx.url(f"{base}/thumbnail.mp4"),
            "thumbnail_media_poster_url": ctx.url(f"{base}/thumbnail-poster.jpg"),
            "standard_media_url": ctx.url(f"{base}/standard.mp4"),
            "standard_media_poster_url": ctx.url(f"{base}/standard-poster.jpg"),
        },
    }
    if item.rejection_errors is not None:
        body["rejection_errors"] = item.rejection_errors
    body["created_at"] = item.created_iso
    body["media_status"] = item.media_status
    return body


def profile(ctx: Ctx, item: Profile, *, public_only: bool = False) -> dict[str, Any]:
    """A PublicProfile; absent optional fields are omitted; P2 keeps only the [Y] fields."""
    body: dict[str, Any] = {"id": item.id, "organization_id": item.organization_id}
    for key, value in item.fields.items():
        if value is None:
            continue
        if key == "logo_urls":
            value = {name: ctx.url(path) for name, path in value.items()}
        body[key] = value
    if public_only:
        return {k: v for k, v in body.items() if k in PUBLIC_PROFILE_FIELDS}
    return body


def policy(item: SharingPolicy, *, bare: bool = False) -> dict[str, Any]:
    """A sharing policy; the documented list item is bare: id and source only (quirk 23)."""
    body: dict[str, Any] = {"sharing_policy_id": item.id, "source": item.source.as_json()}
    if bare:
        return body
    body["target"] = item.target.as_json()
    if item.parent_policy_id:
        body["parent_policy_id"] = item.parent_policy_id
    return body

"""Posting rules shared by S6, S9 and S12: which media may be posted, and what a post creates.

The constraints are §4.2's; the records created follow the emulator decisions of §5.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Literal

from emulators.profiles.context import Ctx
from emulators.profiles.entities import (
    Media,
    MediaMeta,
    MediaState,
    Profile,
    SavedStory,
    Snap,
    Spotlight,
    Story,
)
from emulators.profiles.envelope import ApiError, invalid

Purpose = Literal["story", "spotlight", "saved_story"]
MIN_SECONDS, MAX_SECONDS = 5.0, 60.0
MIN_WIDTH, MIN_HEIGHT = 540, 960
#: How long an image counts for in a saved story's 5-minute budget (decision).
IMAGE_SECONDS = 10.0
MAX_SAVED_STORY_SECONDS = 300.0
HASHTAG = re.compile(r"#(\w+)")


def usable_media(ctx: Ctx, profile: Profile, media_id: Any, *, purpose: Purpose) -> Media:
    """The media named in a post body, if it may be posted now; else the matching 400."""
    if not isinstance(media_id, str) or not media_id:
        raise invalid("media_id is required and must be a string")
    media = ctx.store.media.get(media_id)
    if media is None or media.profile_id != profile.id:
        raise invalid(f"media_id {media_id} does not resolve to a media of this profile")
    state = ctx.store.media_state(media)
    if state is MediaState.EXPIRED:
        raise ApiError(400, "The media has expired; create a new media", code="MEDIA_EXPIRED")
    if state is MediaState.FAILED:
        raise invalid(f"Media {media_id} failed to upload")
    if state is MediaState.CREATED:
        raise invalid(f"Media {media_id} is not finalized")
    if state is MediaState.PROCESSING:
        raise ApiError(400, f"Media {media_id} is still processing", code="MEDIA_PROCESSING")
    _check_constraints(media, purpose)
    return media


def _check_constraints(media: Media, purpose: Purpose) -> None:
    """Quirk 10: video is mp4, 5-60 s, at least 540x960; images never become spotlights."""
    if media.type == "IMAGE":
        if purpose == "spotlight":
            raise invalid("Spotlight media must be a VIDEO")
        return
    if media.probe is None:
        raise invalid(f"Video must be a readable .mp4 ({media.probe_error})")
    seconds = media.probe.duration_seconds
    if seconds < MIN_SECONDS or seconds > MAX_SECONDS:
        raise invalid(f"Video duration must be 5-60 seconds, got {seconds:.3f}")
    width, height = media.probe.width, media.probe.height
    if width is None or height is None or width < MIN_WIDTH or height < MIN_HEIGHT:
        raise invalid(f"Video resolution must be at least 540x960, got {width}x{height}")


def media_meta(media: Media) -> MediaMeta:
    """CDN paths and type of a finalized media; videos get the placeholder thumbnail."""
    path = f"/cdn/media/{media.id}"
    if media.type == "IMAGE":
        return MediaMeta(path, path, "MEDIA_TYPE_IMAGE", IMAGE_SECONDS)
    duration = round(media.probe.duration_seconds, 3) if media.probe else 0.0
    return MediaMeta(path, f"/cdn/thumbnails/{media.id}.jpg", "MEDIA_TYPE_VIDEO", duration)


def post_story(ctx: Ctx, profile: Profile, media: Media) -> Story:
    """S6: append to the live story (``ended_at`` > now) or start a new one."""
    store = ctx.store
    shelf = store.shelves[profile.id]
    live = next((s for s in shelf.stories[:1] if s.ended_at > ctx.now), None)
    if live is None:
        live = Story(id=store.new_uuid(), profile_id=profile.id, created_at=ctx.now)
        store.add_story(live)
    snap = Snap(
        id=store.new_opaque_id(), story_id=live.id, meta=media_meta(media), created_at=ctx.now
    )
    store.add_snap(live, snap)
    return live


def post_spotlight(
    ctx: Ctx, profile: Profile, media: Media, *, description: str | None, skip_save: bool
) -> Spotlight:
    """S12: SUBMITTED until the review delay passes; a hidden saved-story copy unless skipped."""
    store = ctx.store
    review = timedelta(seconds=ctx.config.spotlight_review_seconds)
    spotlight = Spotlight(
        id=store.new_opaque_id(),
        profile_id=profile.id,
        meta=media_meta(media),
        created_at=ctx.now,
        review_due=ctx.now + review,
        title=description or None,
        hashtags=tuple(HASHTAG.findall(description or "")),
        skip_save_to_profile=skip_save,
    )
    store.add_spotlight(spotlight)
    if not skip_save:
        copy = SavedStory(
            id=store.new_uuid(),
            profile_id=profile.id,
            created_at=ctx.now,
            visible=False,
            thumbnail_path=spotlight.meta.thumbnail_path,
        )
        copy.snaps.append(_copy_of_spotlight(ctx, copy.id, spotlight))
        store.add_saved_story(copy)
    return spotlight


def _copy_of_spotlight(ctx: Ctx, saved_id: str, spotlight: Spotlight) -> Snap:
    return Snap(
        id=ctx.store.new_opaque_id(),
        story_id=saved_id,
        meta=spotlight.meta,
        created_at=ctx.now,
        title=spotlight.title,
        caption=spotlight.caption,
    )


def resolve_source(ctx: Ctx, profile: Profile, source: Any, index: int) -> tuple[str, Any]:
    """One SnapSource: exactly one of ``snap_id``/``spotlight_id``/``media_id`` of this profile."""
    where = f"snap_sources[{index}]"
    keys = ("snap_id", "spotlight_id", "media_id")
    if not isinstance(source, dict) or len(source) != 1 or next(iter(source)) not in keys:
        raise invalid(f"{where} must hold exactly one of snap_id, spotlight_id or media_id")
    key, value = next(iter(source.items()))
    if not isinstance(value, str) or not value:
        raise invalid(f"{where}.{key} must be a non-empty string")
    if key == "media_id":
        return key, usable_media(ctx, profile, value, purpose="saved_story")
    if key == "snap_id":
        found = ctx.store.snaps.get(value)
        if found is None or found[1].profile_id != profile.id:
            raise invalid(f"{where}.snap_id {value} does not resolve to a snap of this profile")
        return key, found[0]
    spotlight = ctx.store.spotlights.get(value)
    if spotlight is None or spotlight.profile_id != profile.id:
        raise invalid(
            f"{where}.spotlight_id {value} does not resolve to a spotlight of this profile"
        )
    return key, spotlight


def create_saved_story(
    ctx: Ctx, profile: Profile, title: str | None, sources: list[tuple[str, Any]]
) -> SavedStory:
    """S9: snap copies in source order; a snap keeps its caption, a spotlight brings its texts."""
    total = sum(_seconds(kind, item) for kind, item in sources)
    if total > MAX_SAVED_STORY_SECONDS:
        raise invalid(f"The snaps of a saved story must last at most 5 minutes, got {total:.3f} s")
    store = ctx.store
    saved = SavedStory(
        id=store.new_uuid(),
        profile_id=profile.id,
        created_at=ctx.now,
        visible=True,
        thumbnail_path="",
        title=title,
    )
    for kind, item in sources:
        if kind == "media_id":
            snap = Snap(store.new_opaque_id(), saved.id, media_meta(item), ctx.now)
        elif kind == "snap_id":
            snap = Snap(store.new_opaque_id(), saved.id, item.meta, ctx.now, caption=item.caption)
        else:
            snap = _copy_of_spotlight(ctx, saved.id, item)
        saved.snaps.append(snap)
    saved.thumbnail_path = saved.snaps[0].meta.thumbnail_path
    store.add_saved_story(saved)
    return saved


def _seconds(kind: str, item: Any) -> float:
    """A source's duration: the media probe, or the snap's or spotlight's recorded duration."""
    if kind == "media_id":
        return media_meta(item).duration
    return float(item.meta.duration)

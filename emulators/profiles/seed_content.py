"""Generated content of one seeded profile, laid out before ``SEED_EPOCH`` (see ``seed``).

Stories and snaps, spotlights (with hidden saved copies), visible saved stories and lenses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from emulators._common.clock import SEED_EPOCH, iso_millis
from emulators.profiles.entities import (
    Lens,
    MediaMeta,
    SavedStory,
    Snap,
    Sponsor,
    Spotlight,
    Story,
)
from emulators.profiles.store import Store

#: Position (newest first) of the ``broken`` story, spotlight and lens: past the first default
#: page of 10, inside the first page of 50.
BROKEN_INDEX = 15
#: The docs' snapcode ``expires_at`` for "no expiry" (quirk 20); note: no milliseconds.
LENS_NO_EXPIRY = "1970-01-01T00:00:00Z"

_TOPICS = ("Sunrise run", "Street tacos", "Rooftop set", "Beach day", "Studio tour", "Road trip")
_TAGS = ("travel", "food", "fitness", "music", "summer", "style", "tech", "coffee", "city")
_ML_TAGS = ("blue lighting", "lighting effects", "colorful lights", "water music", "sneakers")
_LENS_NAMES = ("Banana", "Neon Glow", "Retro Film", "Sparkle", "Face Paint", "Sky Swap")
_SPONSOR_STATUSES = ("PENDING", "REJECTED", "NOT_SPECIFIED", "AUTO_APPROVED")
_REJECTION = {
    "heading": "Your Lens was rejected",
    "messages": ["The Lens contains third-party trademarks without permission."],
    "violating_components": ["icon", "preview_media"],
}


@dataclass(frozen=True, slots=True)
class Counts:
    stories: int
    spotlights: int
    lenses: int
    saved: int


def seed_profile_content(
    store: Store,
    profile_id: str,
    counts: Counts,
    *,
    sponsors: list[tuple[str, str]],
    fixed_ids: dict[str, str],
) -> None:
    """Add one profile's content; ``fixed_ids`` pins the ids the seed constants export."""
    snaps = _stories(store, profile_id, counts.stories, fixed_ids)
    _spotlights(store, profile_id, counts.spotlights, sponsors, fixed_ids)
    _saved_stories(store, profile_id, counts.saved, snaps)
    _lenses(store, profile_id, counts.lenses, fixed_ids)


def _meta(item_id: str, k: int, *, video: bool) -> MediaMeta:
    if video:
        ms = 5_000 + (k * 7_300) % 55_000
        return MediaMeta(
            f"/cdn/seed/{item_id}-{ms}.mp4",
            f"/cdn/thumbnails/{item_id}.jpg",
            "MEDIA_TYPE_VIDEO",
            ms / 1000,
        )
    path = f"/cdn/seed/{item_id}.jpg"
    return MediaMeta(path, path, "MEDIA_TYPE_IMAGE", 10.0)


def _caption(k: int) -> str | None:
    if k % 3 == 2:
        return None
    tag, other = _TAGS[k % len(_TAGS)], _TAGS[(k + 3) % len(_TAGS)]
    return f"{_TOPICS[k % len(_TOPICS)]} with @friend{k % 7}, #{tag} #{other}"


def _stories(store: Store, profile_id: str, count: int, fixed: dict[str, str]) -> list[Snap]:
    every: list[Snap] = []
    for i in range(count):
        story_id = store.new_uuid()
        if i == 0 and "live_story" in fixed:
            story_id = fixed["live_story"]
        broken = i == BROKEN_INDEX
        if broken and "broken_story" in fixed:
            story_id = fixed["broken_story"]
        created = SEED_EPOCH - timedelta(hours=2 + 30 * i)
        story = Story(story_id, profile_id, created, broken=broken)
        several = 4 if i % 8 == 0 else 2 if i % 3 == 0 else 1
        for j in range(several):
            k = len(every)
            snap_id = store.new_opaque_id()
            ml_tags = (_ML_TAGS[k % 5], _ML_TAGS[(k + 2) % 5]) if k % 4 == 0 else ()
            snap = Snap(
                snap_id,
                story_id,
                _meta(snap_id, k, video=k % 2 == 0),
                created + timedelta(minutes=7 * j),
                caption=_caption(k),
                ml_tags=ml_tags,
            )
            story.snaps.append(snap)
            every.append(snap)
        store.add_story(story)
    return every


def _sponsor(i: int, sponsors: list[tuple[str, str]]) -> Sponsor | None:
    """The 5 newest repeat the first brand; then 3 in 5 cycle through the others."""
    if not sponsors:
        return None
    if i < 5:
        return Sponsor(sponsors[0][0], sponsors[0][1], "AUTO_APPROVED")
    if i % 5 > 2:
        return None
    brand_id, name = sponsors[1 + i % (len(sponsors) - 1)]
    return Sponsor(brand_id, name, _SPONSOR_STATUSES[i % 4])  # type: ignore[arg-type]


def _spotlights(
    store: Store,
    profile_id: str,
    count: int,
    sponsors: list[tuple[str, str]],
    fixed: dict[str, str],
) -> None:
    for i in range(count):
        broken = i == BROKEN_INDEX
        spotlight_id = store.new_opaque_id()
        if broken and "broken_spotlight" in fixed:
            spotlight_id = fixed["broken_spotlight"]
        created = SEED_EPOCH - timedelta(hours=1 + 11 * i, minutes=i % 60)
        texts = i % 4 != 3
        tags = (_TAGS[i % len(_TAGS)], _TAGS[(i + 4) % len(_TAGS)])
        spotlight = Spotlight(
            spotlight_id,
            profile_id,
            _meta(spotlight_id, i, video=True),
            created,
            status="SUBMITTED" if i < 3 else "REJECTED" if i % 17 == 5 else "LIVE",
            title=f"{_TOPICS[i % len(_TOPICS)]} #{tags[0]} #{tags[1]}" if texts else None,
            caption=f"Filmed with @crew{i % 7} #{_TAGS[(i + 2) % len(_TAGS)]}" if texts else None,
            hashtags=tags if texts else (),
            sponsor=_sponsor(i, sponsors),
            ml_tags=(_ML_TAGS[i % 5],) if i % 3 == 0 else (),
            skip_save_to_profile=i % 3 == 2,
            broken=broken,
        )
        store.add_spotlight(spotlight)
        if not spotlight.skip_save_to_profile:
            copy = SavedStory(
                store.new_uuid(), profile_id, created, False, spotlight.meta.thumbnail_path
            )
            copy.snaps.append(
                Snap(
                    store.new_opaque_id(),
                    copy.id,
                    spotlight.meta,
                    created,
                    title=spotlight.title,
                    caption=spotlight.caption,
                )
            )
            store.add_saved_story(copy)


def _saved_stories(store: Store, profile_id: str, count: int, snaps: list[Snap]) -> None:
    if not snaps:
        return
    for i in range(count):
        created = SEED_EPOCH - timedelta(hours=3 + 120 * i)
        sources = [snaps[(i * 3 + j) % len(snaps)] for j in range(1 + i % 4)]
        title = f"Highlights vol. {count - i}" if i % 5 != 4 else None
        saved = SavedStory(
            store.new_uuid(), profile_id, created, True, sources[0].meta.thumbnail_path, title
        )
        for j, source in enumerate(sources):
            saved.snaps.append(
                Snap(
                    store.new_opaque_id(),
                    saved.id,
                    source.meta,
                    created + timedelta(seconds=j),
                    title=f"Part {j + 1}" if j % 2 == 0 else None,
                    caption=source.caption,
                )
            )
        store.add_saved_story(saved)


def _lenses(store: Store, profile_id: str, count: int, fixed: dict[str, str]) -> None:
    for i in range(count):
        broken = i == BROKEN_INDEX
        lens_id = store.new_uuid()
        if broken and "broken_lens" in fixed:
            lens_id = fixed["broken_lens"]
        created = SEED_EPOCH - timedelta(days=2 * i, hours=5)
        rejected = i % 20 == 7
        expires = LENS_NO_EXPIRY
        if i % 6 == 1:
            expires = iso_millis(SEED_EPOCH + timedelta(days=30 + i))
        store.add_lens(
            Lens(
                lens_id,
                profile_id,
                name=f"{_LENS_NAMES[i % len(_LENS_NAMES)]} {i + 1}",
                created_at=created,
                updated_at=created + timedelta(days=1),
                updated_by="Lens Studio" if i % 2 else "creator@demo.example",
                status="LENS_STATUS_REJECTED" if rejected else "LENS_STATUS_LIVE",
                deeplink=(
                    "https://www.snapchat.com/unlock/?type=SNAPCODE"
                    f"&uuid={uuid.UUID(lens_id).hex}&metadata=01"
                ),
                snapcode_expires_at=expires,
                rejection_errors=dict(_REJECTION) if rejected else None,
                broken=broken,
            )
        )

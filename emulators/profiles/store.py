"""The emulator's state (§6): entities by id, per-profile lists kept newest first, id generation."""

from __future__ import annotations

import base64
import bisect
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol, TypeVar

from emulators._common.clock import Clock
from emulators.profiles.config import ProfilesConfig
from emulators.profiles.entities import (
    Lens,
    Media,
    MediaState,
    Organization,
    Profile,
    Resource,
    ResourceRef,
    SavedStory,
    SharingPolicy,
    Snap,
    Spotlight,
    Story,
    Token,
)


class _Dated(Protocol):
    @property
    def created_at(self) -> datetime: ...


D = TypeVar("D", bound=_Dated)


def _newest_first(items: list[D], item: D) -> None:
    # Lists are read far more often than written, so they are kept sorted on insert and a
    # page is a plain slice. Ties go first, so with a frozen clock the latest post leads.
    bisect.insort_left(items, item, key=lambda e: -e.created_at.timestamp())


@dataclass(slots=True)
class Shelf:
    """One profile's content, each list in the order its endpoint returns it."""

    stories: list[Story] = field(default_factory=list)
    saved_all: list[SavedStory] = field(default_factory=list)
    saved_visible: list[SavedStory] = field(default_factory=list)
    spotlights: list[Spotlight] = field(default_factory=list)
    lenses: list[Lens] = field(default_factory=list)


class Store:
    """Every entity of one emulator instance; ids come from a seeded RNG (ground rule 6)."""

    def __init__(self, *, config: ProfilesConfig, clock: Clock, seed: int = 0) -> None:
        self.config = config
        self.clock = clock
        self.rng = random.Random(seed)
        self.organizations: dict[str, Organization] = {}
        self.ad_accounts: dict[str, Resource] = {}
        self.pixels: dict[str, Resource] = {}
        self.catalogs: dict[str, Resource] = {}
        self.tokens: dict[str, Token] = {}
        self.profiles: dict[str, Profile] = {}
        self.profiles_by_org: dict[str, list[Profile]] = {}
        self.shelves: dict[str, Shelf] = {}
        self.media: dict[str, Media] = {}
        self.stories: dict[str, Story] = {}
        self.snaps: dict[str, tuple[Snap, Story]] = {}
        self.saved_stories: dict[str, SavedStory] = {}
        self.spotlights: dict[str, Spotlight] = {}
        self.lenses: dict[str, Lens] = {}
        self.policies: dict[str, SharingPolicy] = {}

    # ids and time

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_opaque_id(self) -> str:
        """A snap or spotlight id: base64url of 44 random bytes, unpadded (59 characters)."""
        return base64.urlsafe_b64encode(self.rng.randbytes(44)).rstrip(b"=").decode()

    def now(self) -> datetime:
        return self.clock.now()

    # organizations, resources, tokens, profiles

    def add_organization(self, org: Organization) -> None:
        self.organizations[org.id] = org
        self.profiles_by_org.setdefault(org.id, [])

    def add_resource(
        self, kind: Literal["adaccounts", "pixels", "catalogs"], resource: Resource
    ) -> None:
        {"adaccounts": self.ad_accounts, "pixels": self.pixels, "catalogs": self.catalogs}[kind][
            resource.id
        ] = resource

    def add_token(self, token: Token) -> None:
        self.tokens[token.value] = token

    def add_profile(self, profile: Profile) -> None:
        self.profiles[profile.id] = profile
        self.profiles_by_org.setdefault(profile.organization_id, []).append(profile)
        self.shelves[profile.id] = Shelf()

    def resource_org(self, ref: ResourceRef) -> str | None:
        """The organization owning a source or target, or None when it does not exist."""
        if ref.resource_type == "public_profiles":
            profile = self.profiles.get(ref.resource_id)
            return profile.organization_id if profile else None
        if ref.resource_type == "organizations":
            return ref.resource_id if ref.resource_id in self.organizations else None
        table = {"adaccounts": self.ad_accounts, "pixels": self.pixels, "catalogs": self.catalogs}
        found = table.get(ref.resource_type, {}).get(ref.resource_id)
        return found.organization_id if found else None

    # content

    def add_story(self, story: Story) -> None:
        self.stories[story.id] = story
        _newest_first(self.shelves[story.profile_id].stories, story)
        for snap in story.snaps:
            self.snaps[snap.id] = (snap, story)

    def add_snap(self, story: Story, snap: Snap) -> None:
        story.snaps.append(snap)
        self.snaps[snap.id] = (snap, story)

    def add_saved_story(self, saved: SavedStory) -> None:
        self.saved_stories[saved.id] = saved
        shelf = self.shelves[saved.profile_id]
        _newest_first(shelf.saved_all, saved)
        if saved.visible:
            _newest_first(shelf.saved_visible, saved)

    def add_spotlight(self, spotlight: Spotlight) -> None:
        self.spotlights[spotlight.id] = spotlight
        _newest_first(self.shelves[spotlight.profile_id].spotlights, spotlight)

    def add_lens(self, lens: Lens) -> None:
        self.lenses[lens.id] = lens
        _newest_first(self.shelves[lens.profile_id].lenses, lens)

    def set_spotlight_status(self, spotlight_id: str, status: str) -> Spotlight:
        """Force a review outcome; ``KeyError``: unknown id, ``ValueError``: bad status."""
        spotlight = self.spotlights[spotlight_id]
        if status == "LIVE":
            spotlight.status = "LIVE"
        elif status == "REJECTED":
            spotlight.status = "REJECTED"
        else:
            raise ValueError("status must be LIVE or REJECTED")
        spotlight.review_due = None
        return spotlight

    # media

    def media_state(self, media: Media) -> MediaState:
        return media.state(
            self.now(),
            ttl_hours=self.config.media_ttl_hours,
            processing_seconds=self.config.media_processing_seconds,
        )

    # sharing policies

    def add_policy(self, policy: SharingPolicy) -> None:
        self.policies[policy.id] = policy

    def remove_policy(self, policy_id: str) -> list[str]:
        """Delete a policy and the ad-account policies that name it as parent; returns the ids."""
        removed = [policy_id]
        del self.policies[policy_id]
        children = [p.id for p in self.policies.values() if p.parent_policy_id == policy_id]
        for child in children:
            removed.extend(self.remove_policy(child))
        return removed

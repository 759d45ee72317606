"""The seed: deterministic, big enough to page, and holding every case the gateway tests need."""

from __future__ import annotations

from typing import Any

import pytest

from emulators._common.clock import Clock
from emulators.profiles import (
    BRAND_PROFILE_IDS,
    BROKEN_INDEX,
    BROKEN_LENS_ID,
    BROKEN_SPOTLIGHT_ID,
    BROKEN_STORY_ID,
    DEMO_AD_ACCOUNT_ID,
    DEMO_ORG_ID,
    DEMO_PROFILE_ID,
    DEMO_TOKEN,
    ML_TAGS_TOKEN,
    OTHER_AD_ACCOUNT_ID,
    OTHER_ORG_ID,
    OTHER_TOKEN,
    SEED_LENS_COUNT,
    SEED_SPOTLIGHT_COUNT,
    SEED_STORY_COUNT,
    SHARED_BRAND_PROFILE_IDS,
    UNLISTED_TOKEN,
    create_app,
)
from emulators.profiles.seed_content import LENS_NO_EXPIRY

pytestmark = pytest.mark.anyio


def test_tokens_and_organizations(emulator: Any) -> None:
    store = emulator.store
    assert store.tokens[DEMO_TOKEN].organization_ids == (DEMO_ORG_ID,)
    assert store.tokens[OTHER_TOKEN].organization_ids == (OTHER_ORG_ID,)
    assert store.tokens[UNLISTED_TOKEN].allowlisted is False
    assert store.tokens[ML_TAGS_TOKEN].ml_tags is True
    assert store.ad_accounts[DEMO_AD_ACCOUNT_ID].organization_id == DEMO_ORG_ID
    assert store.ad_accounts[OTHER_AD_ACCOUNT_ID].organization_id == OTHER_ORG_ID
    assert len(BRAND_PROFILE_IDS) == len(set(BRAND_PROFILE_IDS)) == 60
    assert all(store.profiles[b].shares_data for b in SHARED_BRAND_PROFILE_IDS)
    assert not store.profiles[BRAND_PROFILE_IDS[1]].shares_data


def test_demo_profile_content(emulator: Any) -> None:
    shelf = emulator.store.shelves[DEMO_PROFILE_ID]
    assert len(shelf.stories) == SEED_STORY_COUNT >= 120
    assert len(shelf.spotlights) == SEED_SPOTLIGHT_COUNT >= 120
    assert len(shelf.lenses) == SEED_LENS_COUNT >= 120
    assert sum(len(s.snaps) > 1 for s in shelf.stories) >= 10
    snaps = [snap for story in shelf.stories for snap in story.snaps]
    assert any(s.caption for s in snaps)
    assert any(not s.caption for s in snaps)
    assert shelf.stories[BROKEN_INDEX].id == BROKEN_STORY_ID
    assert shelf.spotlights[BROKEN_INDEX].id == BROKEN_SPOTLIGHT_ID
    assert shelf.lenses[BROKEN_INDEX].id == BROKEN_LENS_ID
    assert {s.status for s in shelf.spotlights} == {"SUBMITTED", "LIVE", "REJECTED"}
    assert any(s.hashtags for s in shelf.spotlights)
    assert any(not s.visible for s in shelf.saved_all)
    assert len(shelf.saved_visible) >= 10
    rejected = [lens for lens in shelf.lenses if lens.rejection_errors]
    assert rejected
    assert all(lens.status == "LENS_STATUS_REJECTED" for lens in rejected)
    assert any(lens.snapcode_expires_at == LENS_NO_EXPIRY for lens in shelf.lenses)


def test_sponsors_are_many_and_some_repeat(emulator: Any) -> None:
    first_hundred = emulator.store.shelves[DEMO_PROFILE_ID].spotlights[:100]
    sponsors = [s.sponsor.profile_id for s in first_hundred if s.sponsor]
    assert len(set(sponsors)) >= 40
    assert sponsors[:5] == [BRAND_PROFILE_IDS[0]] * 5
    statuses = {s.sponsor.sponsor_status for s in first_hundred if s.sponsor}
    assert statuses == {"PENDING", "REJECTED", "NOT_SPECIFIED", "AUTO_APPROVED"}


async def test_same_seed_same_data_other_seed_other_ids(api: Any) -> None:
    def snapshot(app: Any) -> list[str]:
        shelf = app.state.emulator.store.shelves[DEMO_PROFILE_ID]
        return [s.id for s in shelf.spotlights] + [s.id for s in shelf.stories]

    same = create_app(clock=Clock(frozen=True))
    other = create_app(seed=1, clock=Clock(frozen=True))
    assert snapshot(same) == snapshot(api.app)
    assert snapshot(other) != snapshot(api.app)
    # The exported constants hold whatever the seed number.
    assert other.state.emulator.store.stories[BROKEN_STORY_ID]


async def test_seed_media_is_served(api: Any) -> None:
    spotlight = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"][0]["spotlight"]
    video = await api.get(spotlight["media_url"], token=None)
    assert video.status_code == 200
    assert video.headers["content-type"] == "video/mp4"
    from emulators._common.media import probe_mp4

    assert probe_mp4(video.content).duration_seconds == spotlight["duration"]
    assert (await api.get(spotlight["thumbnail_url"], token=None)).status_code == 200
    assert (await api.get("/cdn/seed/unknown.bin", token=None)).status_code == 404
    assert (await api.get("/cdn/media/nope", token=None)).status_code == 404

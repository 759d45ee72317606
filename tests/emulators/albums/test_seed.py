"""The seed: exported credentials, determinism, and enough data for a real graph."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from emulators._common.clock import SEED_EPOCH, Clock
from emulators.albums import (
    DEMO_AUTH_TOKEN,
    DEMO_EMAIL,
    DEMO_PROFILE_ID,
    OTHER_AUTH_TOKEN,
    OTHER_EMAIL,
    OTHER_PROFILE_ID,
    create_app,
)
from emulators.albums import seed as seed_module
from emulators.albums.model import ExpirationType
from emulators.albums.seed import build_store

pytestmark = pytest.mark.anyio


def test_exported_constants() -> None:
    assert DEMO_EMAIL == "demo@mediagraph.test"
    assert DEMO_AUTH_TOKEN == "demo-auth-token"
    assert OTHER_EMAIL == "other@mediagraph.test"
    assert OTHER_AUTH_TOKEN == "other-auth-token"
    assert isinstance(DEMO_PROFILE_ID, int)
    assert isinstance(OTHER_PROFILE_ID, int)
    assert DEMO_PROFILE_ID != OTHER_PROFILE_ID
    assert seed_module.DEMO_PROFILE_ID == DEMO_PROFILE_ID


@pytest.mark.parametrize(
    ("email", "token", "profile"),
    [
        (DEMO_EMAIL, DEMO_AUTH_TOKEN, DEMO_PROFILE_ID),
        (OTHER_EMAIL, OTHER_AUTH_TOKEN, OTHER_PROFILE_ID),
    ],
)
async def test_seeded_credentials_sign_in(api: Any, email: str, token: str, profile: int) -> None:
    response = await api.post("/v8/sessions", as_=None, json={"email": email, "authToken": token})
    assert response.json()["profileId"] == str(profile)


def test_same_seed_same_data_other_seed_other_ids() -> None:
    first = build_store(seed=7, now=SEED_EPOCH)
    again = build_store(seed=7, now=SEED_EPOCH)
    other = build_store(seed=8, now=SEED_EPOCH)
    assert list(first.albums) == list(again.albums)
    assert list(first.contents) == list(again.contents)
    assert [c.data for c in first.contents.values()] == [c.data for c in again.contents.values()]
    assert set(first.albums).isdisjoint(other.albums)
    assert all(2**31 <= i < 2**53 for i in [*first.albums, *first.contents])


def test_create_app_seed_argument() -> None:
    def ids(seed: int) -> list[int]:
        return sorted(create_app(seed=seed, clock=Clock(frozen=True)).state.emulator.store.albums)

    assert ids(3) == ids(3)
    assert ids(3) != ids(4)


def test_seed_is_rich_enough() -> None:
    store = build_store(seed=0, now=SEED_EPOCH)
    profiles = store.profiles
    assert len(profiles) >= 10
    assert all(p.name for p in profiles.values() if p.id != seed_module.MORGAN_PROFILE_ID)
    assert sum(p.online(SEED_EPOCH) for p in profiles.values()) >= 4
    demo = profiles[DEMO_PROFILE_ID]
    assert len(demo.favourites) == 3
    assert demo.favourites <= set(profiles)
    own = store.owned_albums(DEMO_PROFILE_ID)
    assert len(own) == 2 < demo.limits.max_albums
    own_items = [c for a in own for c in store.items(a)]
    assert {c.mime for c in own_items} >= {"image/png", "image/jpeg", "video/mp4"}
    assert any(store.recipients(a.id, SEED_EPOCH) for a in own)
    incoming = store.shares_to_viewer(DEMO_PROFILE_ID, SEED_EPOCH)
    assert {s.type for s in incoming} == set(ExpirationType)
    per_owner = Counter(s.owner_id for s in incoming)
    assert max(per_owner.values()) >= 3
    assert len(store.paywall_for(DEMO_PROFILE_ID)) == 2
    assert len({c.data for c in store.contents.values()}) == len(store.contents)
    # One seeded share has already expired, so it shows in no feed.
    every = [s for shares in store.shares_to.values() for s in shares.values()]
    assert any(not s.active(SEED_EPOCH) for s in every)


def test_seed_follows_the_clock() -> None:
    clock = Clock(frozen=True)
    clock.advance(86_400)
    app = create_app(clock=clock)
    store = app.state.emulator.store
    album = next(a for a in store.albums.values() if a.name == "Night out")
    share = store.shares_of[album.id][DEMO_PROFILE_ID]
    assert share.active(clock.now())  # seeded relative to the clock, not to a fixed date

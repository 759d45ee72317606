"""The state rules of contract §5: share expiry, re-sharing, limits, upload order, isolation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from emulators.albums import (
    ALEX_PROFILE_ID,
    CASEY_PROFILE_ID,
    DEMO_PROFILE_ID,
    JORDAN_PROFILE_ID,
    OTHER_PROFILE_ID,
    SAM_PROFILE_ID,
)

pytestmark = pytest.mark.anyio

DENIED = "Action not permitted"


def _share(profile: int, kind: Any) -> dict[str, Any]:
    return {"profiles": [{"profileId": profile, "expirationType": kind}]}


async def test_timed_shares_end_at_their_expiry(api: Any) -> None:
    night, gym, trip = api.album_id("Night out"), api.album_id("Gym"), api.album_id("Road trip")
    api.clock.advance(6 * 60 - 1)
    assert (await api.get(f"/v2/albums/{night}")).status_code == 200
    api.clock.advance(1)
    api.error(await api.get(f"/v2/albums/{night}"), 403, DENIED)
    assert await api.feed_item(night) is None
    briefs = (await api.get(f"/v2/albums/shares/{ALEX_PROFILE_ID}")).json()["albums"]
    assert [b["albumId"] for b in briefs] == [api.album_id("Beach"), gym]
    assert [(b["albumNumber"], b["totalAlbumsShared"]) for b in briefs] == [(1, 2), (2, 2)]
    alex_view = await api.get(f"/v1/albums/{night}/shares", as_=ALEX_PROFILE_ID)
    assert alex_view.json() == {"profileIds": []}
    api.clock.advance(44 * 60)
    assert await api.feed_item(gym) is None
    api.clock.advance(21 * 3600 + 10 * 60)  # 22 h after seeding
    assert await api.feed_item(trip) is None
    status = await api.post("/v2/albums/shares", json={"profileId": JORDAN_PROFILE_ID})
    assert status.json()["hasSharedWithMe"] is False


async def test_reshare_with_once_resets_views(api: Any) -> None:
    once = api.album("For your eyes only")
    await api.post(f"/v1/albums/{once.id}/view/content/{once.order[0]}")
    api.error(await api.get(f"/v3/albums/{once.id}/view"), 403, DENIED)
    await api.post(
        f"/v4/albums/{once.id}/shares", as_=SAM_PROFILE_ID, json=_share(DEMO_PROFILE_ID, "ONCE")
    )
    content = (await api.get(f"/v2/albums/{once.id}")).json()["content"]
    assert [c["remainingViews"] for c in content] == [1, 1]
    api.empty_ok(await api.get(f"/v3/albums/{once.id}/view"))


async def test_reshare_to_indefinite_lifts_expiry_of_others(api: Any) -> None:
    night = api.album_id("Night out")
    body = _share(OTHER_PROFILE_ID, "INDEFINITE")
    api.empty_ok(await api.post(f"/v4/albums/{night}/shares", as_=ALEX_PROFILE_ID, json=body))
    item = await api.feed_item(night)
    assert item is not None
    assert item["expiresat"] is None
    api.clock.advance(7 * 24 * 3600)
    assert (await api.get(f"/v2/albums/{night}")).status_code == 200


async def test_a_new_share_marks_content_unseen_and_uploads_too(api: Any) -> None:
    beach = api.album_id("Beach")
    assert (await api.feed_item(beach))["hasUnseenContent"] is False
    await api.upload(beach, api.png(), as_=ALEX_PROFILE_ID)
    item = await api.feed_item(beach)
    assert item["hasUnseenContent"] is True
    assert item["imageCount"] == 3
    assert item["albumVersion"] == api.album("Beach").version
    await api.get(f"/v3/albums/{beach}/view")
    await api.post(
        f"/v4/albums/{beach}/shares", as_=ALEX_PROFILE_ID, json=_share(DEMO_PROFILE_ID, 0)
    )
    assert (await api.feed_item(beach))["hasUnseenContent"] is True


async def test_album_delete_ends_every_share(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    assert await api.feed_item(summer, as_=OTHER_PROFILE_ID) is not None
    await api.delete(f"/v1/albums/{summer}")
    assert await api.feed_item(summer, as_=OTHER_PROFILE_ID) is None
    assert api.emulator.store.shares_of[summer] == {}


async def test_item_and_video_limits_are_402(api: Any) -> None:
    album = api.album("Private")
    limits = api.emulator.store.profiles[DEMO_PROFILE_ID].limits
    limits.max_videos_per_album = 1  # "Private" already holds one video
    api.error(await api.upload(album.id, api.mp4()), 402, "Payment required")
    assert (await api.upload(album.id, api.png())).status_code == 200
    limits.max_content_items_per_album = 3
    api.error(await api.upload(album.id, api.png()), 402, "Payment required")
    # Re-uploading bytes that are already there is the cached result, not a new item.
    existing = api.emulator.store.contents[album.order[0]].data
    assert (await api.upload(album.id, existing)).json()["contentId"] == album.order[0]


async def test_upload_validation_order(api: Any) -> None:
    album = api.album_id("Private")
    limits = api.emulator.store.profiles[DEMO_PROFILE_ID].limits
    # 1. owner first: a stranger's garbage is a 403, not a 400
    api.error(await api.upload(album, b"garbage", as_=ALEX_PROFILE_ID), 403, DENIED)
    # 2. type before size
    limits.max_content_size = 100
    api.error(await api.upload(album, b"x" * 1000), 400, "Unsupported content type")
    # 3. size: just over the limit is read and refused; far over is refused unread
    big_png = api.png() + b"\0" * 200
    api.error(await api.upload(album, big_png), 413, "Content too large")
    api.error(await api.upload(album, big_png + b"\0" * 100_000), 413, "Content too large")
    limits.max_content_size = 125_829_120
    # 4. counts before video length
    limits.max_content_items_per_album = 2
    api.error(await api.upload(album, api.mp4(60_000)), 402, "Payment required")
    limits.max_content_items_per_album = 30
    api.error(await api.upload(album, api.mp4(60_000)), 400, "Invalid video length")


async def test_share_limits_are_402(api: Any) -> None:
    limits = api.emulator.store.profiles[DEMO_PROFILE_ID].limits
    summer, private = api.album_id("Summer 2026"), api.album_id("Private")
    limits.max_shares = 2  # "Summer 2026" has 2 recipients already
    api.error(
        await api.post(f"/v4/albums/{summer}/shares", json=_share(SAM_PROFILE_ID, 0)),
        402,
        "Payment required",
    )
    # Re-sharing with an existing recipient does not add one.
    api.empty_ok(await api.post(f"/v4/albums/{summer}/shares", json=_share(ALEX_PROFILE_ID, 0)))
    limits.max_shareable_albums = 1  # "Summer 2026" is the one album with active shares
    api.error(
        await api.post(f"/v4/albums/{private}/shares", json=_share(SAM_PROFILE_ID, 0)),
        402,
        "Payment required",
    )
    assert (await api.get(f"/v1/albums/{private}/shares")).json() == {"profileIds": []}
    await api.put(
        f"/v1/albums/{summer}/unshares",
        json={"profiles": [{"profileId": OTHER_PROFILE_ID}, {"profileId": ALEX_PROFILE_ID}]},
    )
    api.empty_ok(await api.post(f"/v4/albums/{private}/shares", json=_share(SAM_PROFILE_ID, 0)))


async def test_only_owners_manage_albums(api: Any) -> None:
    beach = api.album("Beach")
    item = beach.order[0]
    for method, path, body in [
        ("PUT", f"/v2/albums/{beach.id}", {"albumName": "mine now"}),
        ("DELETE", f"/v1/albums/{beach.id}", None),
        ("POST", f"/v1/albums/{beach.id}/content/order", {"contentIds": beach.order}),
        ("DELETE", f"/v1/albums/{beach.id}/content/{item}", None),
        ("GET", f"/v1/albums/{beach.id}/shares", None),
        ("POST", f"/v4/albums/{beach.id}/shares", _share(CASEY_PROFILE_ID, 0)),
        ("PUT", f"/v1/albums/{beach.id}/unshares", {"profiles": [{"profileId": OTHER_PROFILE_ID}]}),
    ]:
        response = await api.call(method, path, json=body)
        api.error(response, 403, DENIED)
    assert beach.name == "Beach"
    assert not beach.deleted


async def test_users_are_isolated(api: Any) -> None:
    mine = (await api.get("/v1/albums", as_=OTHER_PROFILE_ID)).json()["albums"]
    assert [a["albumName"] for a in mine] == ["Other's album"]
    private = api.album_id("Private")
    api.error(await api.get(f"/v2/albums/{private}", as_=OTHER_PROFILE_ID), 403, DENIED)
    feed = await api.feed(as_=OTHER_PROFILE_ID)
    assert {i["name"] for i in feed["sharedAlbums"]} == {"Summer 2026", "Beach"}
    assert feed["nonEmptyPersonalAlbumCount"] == 1
    demo_feed = await api.feed()
    assert "Other's album" not in {i["name"] for i in demo_feed["sharedAlbums"]}
    assert (await api.post("/v3/pressie-albums/feed/paywall/", as_=OTHER_PROFILE_ID)).json() == {
        "albumPaywallContent": []
    }


async def test_feed_ranks_follow_creation_order(api: Any) -> None:
    feed = await api.feed()
    ranks = {
        i["name"]: (i["albumNumber"], i["totalAlbumsShared"])
        for i in feed["sharedAlbums"]
        if i["ownerProfileId"] == ALEX_PROFILE_ID
    }
    assert ranks == {"Beach": (1, 3), "Gym": (2, 3), "Night out": (3, 3)}
    mine = (await api.get(f"/v2/albums/{api.album_id('Private')}")).json()
    assert (mine["albumNumber"], mine["totalAlbumsShared"]) == (2, 2)


async def test_once_opened_by_g5_counts_from_that_moment(api: Any) -> None:
    once = api.album("For your eyes only")
    await api.post(f"/v1/albums/{once.id}/view/content/{once.order[1]}")
    share = api.emulator.store.shares_of[once.id][DEMO_PROFILE_ID]
    assert share.expires_at == api.clock.now() + timedelta(minutes=30)


def test_expired_sessions_are_pruned(app: Any) -> None:
    emulator = app.state.emulator
    old = [emulator.session_for(DEMO_PROFILE_ID) for _ in range(600)]
    emulator.clock.advance(1800)
    fresh = [emulator.session_for(DEMO_PROFILE_ID) for _ in range(600)]
    sessions = emulator.store.sessions
    assert not any(token in sessions for token in old)
    assert all(token in sessions for token in fresh)

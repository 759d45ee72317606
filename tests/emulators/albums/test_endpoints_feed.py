"""Contract tests for the sharing, limits, WIP and feed endpoints, G15-G30."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.albums import (
    ALEX_PROFILE_ID,
    DEMO_PROFILE_ID,
    JORDAN_PROFILE_ID,
    KAI_PROFILE_ID,
    OTHER_PROFILE_ID,
    RILEY_PROFILE_ID,
    SAM_PROFILE_ID,
)

pytestmark = pytest.mark.anyio

FEED_ITEM_KEYS = {
    "albumId",
    "albumNumber",
    "totalAlbumsShared",
    "hasUnseenContent",
    "albumViewable",
    "albumVersion",
    "expiresat",
    "name",
    "ownerProfileId",
    "imageCount",
    "videoCount",
    "coverContent",
    "profile",
}

MINI_KEYS = {"profileId", "name", "profileUrl", "onlineUntil", "distanceKm"}
PROFILE_KEYS = {
    "profileId",
    "displayName",
    "onlineUntil",
    "distance",
    "profileImageMediaHash",
    "isFavorite",
}


async def test_g15_limited_pics_status(api: Any) -> None:
    response = await api.get("/v1/pics/limited/status")
    assert response.status_code == 200
    assert response.json() == {"available": 10, "total": 10}


async def test_g16_report_expiring_pics(api: Any) -> None:
    response = await api.post("/v4/pics/expiring", json={"count": 3})
    assert response.json() == {"available": 7, "total": 10}
    response = await api.post("/v4/pics/expiring", json={"count": 30})
    assert response.json() == {"available": 0, "total": 10}


async def test_g17_expiring_pics_status(api: Any) -> None:
    await api.post("/v4/pics/expiring", json={"count": 4})
    response = await api.get("/v4/pics/expiring/status")
    assert response.json() == {"available": 6, "total": 10}


async def test_g18_expiring_videos_status(api: Any) -> None:
    await api.post("/v4/pics/expiring", json={"count": 4})
    response = await api.get("/v4/videos/expiring/status")
    assert response.json() == {"available": 10, "total": 10}


async def test_g19_album_shares(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    response = await api.get(f"/v1/albums/{summer}/shares")
    assert response.status_code == 200
    assert response.json() == {"profileIds": [OTHER_PROFILE_ID, ALEX_PROFILE_ID]}
    api.error(
        await api.get(f"/v1/albums/{summer}/shares", as_=ALEX_PROFILE_ID),
        403,
        "Action not permitted",
    )


async def test_g20_share(api: Any) -> None:
    private = api.album_id("Private")
    body = {"profiles": [{"profileId": SAM_PROFILE_ID, "expirationType": "INDEFINITE"}]}
    api.empty_ok(await api.post(f"/v4/albums/{private}/shares", json=body))
    recipients = (await api.get(f"/v1/albums/{private}/shares")).json()["profileIds"]
    assert recipients == [SAM_PROFILE_ID]
    assert await api.feed_item(private, as_=SAM_PROFILE_ID) is not None
    [message] = api.emulator.chat_messages()
    assert message["type"] == "Album"
    assert message["senderId"] == DEMO_PROFILE_ID
    assert message["recipientId"] == SAM_PROFILE_ID
    assert message["body"]["albumId"] == private
    stranger = await api.post(f"/v4/albums/{private}/shares", as_=ALEX_PROFILE_ID, json=body)
    api.error(stranger, 403, "Action not permitted")


async def test_g21_unshare(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    body = {"profiles": [{"profileId": ALEX_PROFILE_ID, "shareId": 0}]}
    api.empty_ok(await api.put(f"/v1/albums/{summer}/unshares", json=body))
    assert (await api.get(f"/v1/albums/{summer}/shares")).json() == {
        "profileIds": [OTHER_PROFILE_ID]
    }
    api.error(
        await api.get(f"/v2/albums/{summer}", as_=ALEX_PROFILE_ID), 403, "Action not permitted"
    )
    again = await api.put(f"/v1/albums/{summer}/unshares", json=body)  # not a recipient: no-op
    api.empty_ok(again)
    stranger = await api.put(f"/v1/albums/{summer}/unshares", as_=OTHER_PROFILE_ID, json=body)
    api.error(stranger, 403, "Action not permitted")


async def test_g22_unshare_everybody(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    for method in ("PUT", "POST"):
        response = await api.call(method, f"/v1/albums/{summer}/shares/remove")
        api.error(response, 403, "Action not permitted")
    assert len((await api.get(f"/v1/albums/{summer}/shares")).json()["profileIds"]) == 2


async def test_g23_chat_list_by_id(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    response = await api.post(
        f"/v1/albums/{summer}/content/chat/list-by-id",
        params={"isFresh": "true"},
        json={"ids": [852120758]},
    )
    api.error(response, 400, "Bad request")


async def test_g24_storage(api: Any) -> None:
    response = await api.get("/v1/albums/storage")
    assert response.status_code == 200
    assert response.json() == {
        "subscriptionType": "FreeAlbums",
        "maxAlbums": 3,
        "maxContentItemsPerAlbum": 30,
        "maxShares": 100,
        "maxViewableAlbums": 50,
        "maxViewableVideos": 50,
        "maxContentSize": 125829120,
        "maxContentSizeHumanReadable": "120.00 MB",
        "maxVideoLength": 15000,
        "minVideoLength": 1,
        "maxShareableAlbums": 3,
        "maxVideosPerAlbum": 10,
    }
    assert (await api.get("/v2/albums/storage")).json() == response.json()


async def test_g25_red_dot(api: Any) -> None:
    api.empty_ok(await api.put("/v1/albums/red-dot", content=b"{not json"))


async def test_g26_feed(api: Any) -> None:
    feed = await api.feed()
    assert set(feed) == {
        "profileFeeds",
        "sharedAlbums",
        "experimentStatus",
        "nonEmptyPersonalAlbumCount",
        "emptyAlbumId",
    }
    assert feed["experimentStatus"] == 0
    assert feed["nonEmptyPersonalAlbumCount"] == 2
    assert feed["emptyAlbumId"] is None
    names = [item["name"] for item in feed["sharedAlbums"]]
    # Newest share first; the expired "Old news" share is not there.
    assert names == [
        "Night out",
        "Gym",
        "Empty for now",
        "For your eyes only",
        "Road trip",
        None,
        "Videos",
        "Beach",
    ]
    for item in feed["sharedAlbums"]:
        assert set(item) == FEED_ITEM_KEYS
        assert set(item["profile"]) == MINI_KEYS
        assert item["profile"]["profileId"] == item["ownerProfileId"]
    unnamed = feed["sharedAlbums"][5]
    assert unnamed["name"] is None  # an album name may be null ...
    assert unnamed["profile"]["name"] == ""  # ... and a display name empty
    beach = feed["sharedAlbums"][-1]
    assert (beach["albumNumber"], beach["totalAlbumsShared"]) == (1, 3)
    assert (beach["imageCount"], beach["videoCount"]) == (2, 1)
    assert set(beach["coverContent"]) == {"id", "contentType", "coverContent", "status"}
    assert beach["coverContent"]["status"] == "ACTIVE"
    owners = [p["profileId"] for p in feed["profileFeeds"]]
    assert owners[0] == ALEX_PROFILE_ID
    assert len(owners) == len(set(owners)) == 6
    for profile_feed in feed["profileFeeds"]:
        assert set(profile_feed) == {"profileId", "paywallStatus", "seen", "content", "profile"}
        assert profile_feed["paywallStatus"] == "ALLOW"
        assert profile_feed["content"] == {}
    seen = {p["profileId"]: p["seen"] for p in feed["profileFeeds"]}
    assert seen[JORDAN_PROFILE_ID] is True
    assert seen[ALEX_PROFILE_ID] is False


async def test_g26_feed_filters(api: Any) -> None:
    def owners(feed: dict[str, Any]) -> set[int]:
        return {item["ownerProfileId"] for item in feed["sharedAlbums"]}

    favourites = await api.feed({"isFavorite": True})
    assert owners(favourites) == {ALEX_PROFILE_ID, SAM_PROFILE_ID, KAI_PROFILE_ID}
    online = await api.feed({"isOnline": True})
    assert JORDAN_PROFILE_ID not in owners(online)
    assert {p["profileId"] for p in online["profileFeeds"]} == owners(online)
    videos = await api.feed({"onlyVideo": True})
    assert all(item["videoCount"] >= 1 for item in videos["sharedAlbums"])
    assert {item["name"] for item in videos["sharedAlbums"]} == {
        "Night out",
        "For your eyes only",
        "Videos",
        "Beach",
    }
    everything = await api.feed({"isFavorite": False, "blur": True, "isOnline": None})
    assert len(everything["sharedAlbums"]) == 8


async def test_g27_paywall(api: Any) -> None:
    response = await api.post("/v3/pressie-albums/feed/paywall/", json={})
    assert response.status_code == 200
    items = response.json()["albumPaywallContent"]
    assert [i["albumId"] for i in items] == [api.album_id("Videos"), api.album_id("Premium")]
    videos = items[0]
    assert set(videos) == {
        "albumId",
        "profile",
        "paywallCoverUrl",
        "paywallUrls",
        "albumsItemCount",
    }
    assert videos["albumsItemCount"] == len(videos["paywallUrls"]) == 2
    assert all("/paywall?" in url for url in videos["paywallUrls"])
    assert videos["profile"]["profileId"] == KAI_PROFILE_ID
    empty = await api.post("/v3/pressie-albums/feed/paywall/")
    assert empty.json() == response.json()
    narrowed = await api.post(
        "/v3/pressie-albums/feed/paywall/",
        json={"counterpartyId": RILEY_PROFILE_ID, "blur": False, "extra": 1},
    )
    assert [i["albumId"] for i in narrowed.json()["albumPaywallContent"]] == [
        api.album_id("Premium")
    ]
    null = await api.post(
        "/v3/pressie-albums/feed/paywall/", json={"counterpartyId": None, "blur": False}
    )
    assert len(null.json()["albumPaywallContent"]) == 2
    other = await api.post("/v3/pressie-albums/feed/paywall/", as_=OTHER_PROFILE_ID, json={})
    assert other.json() == {"albumPaywallContent": []}


async def test_g28_owner_feed(api: Any) -> None:
    response = await api.get(f"/v3/pressie-albums/feed/{KAI_PROFILE_ID}")
    assert response.status_code == 200
    body = response.json()
    videos = api.album_id("Videos")
    assert [item["albumId"] for item in body["content"]] == [videos]
    assert set(body["paywalledAlbums"]) == {str(videos)}
    assert body["paywalledAlbums"][str(videos)]["albumId"] == videos
    alex = (await api.get(f"/v3/pressie-albums/feed/{ALEX_PROFILE_ID}")).json()
    assert len(alex["content"]) == 3
    assert alex["paywalledAlbums"] == {}


async def test_g29_mark_read(api: Any) -> None:
    for name in ("Gym", "Night out"):
        body = {"itemId": api.album_id(name), "itemType": 1, "targetProfileId": ALEX_PROFILE_ID}
        api.empty_ok(await api.post("/v3/pressie-albums/feed/update/read", json=body))
    feed = await api.feed()
    alex = [i for i in feed["sharedAlbums"] if i["ownerProfileId"] == ALEX_PROFILE_ID]
    assert all(item["hasUnseenContent"] is False for item in alex)
    seen = {p["profileId"]: p["seen"] for p in feed["profileFeeds"]}
    assert seen[ALEX_PROFILE_ID] is True
    unknown = {"itemId": 1, "itemType": 1, "targetProfileId": 2}
    api.empty_ok(await api.post("/v3/pressie-albums/feed/update/read", json=unknown))


async def test_g30_fresh_feed(api: Any) -> None:
    response = await api.post("/v3/pressie-albums/fresh-feed", json={"onlyVideo": True})
    assert response.status_code == 200
    assert response.json() == await api.feed({"onlyVideo": True})

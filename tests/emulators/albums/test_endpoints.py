"""Contract tests: one per endpoint (G1-G30, A1-A3), checking shapes, access and effects."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from emulators.albums import (
    ALEX_PROFILE_ID,
    DEMO_AUTH_TOKEN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROFILE_ID,
    JORDAN_PROFILE_ID,
    KAI_PROFILE_ID,
    MORGAN_PROFILE_ID,
    OTHER_PROFILE_ID,
    RILEY_PROFILE_ID,
    SAM_PROFILE_ID,
)

pytestmark = pytest.mark.anyio

CONTENT_KEYS = {
    "contentId",
    "contentType",
    "coverUrl",
    "statusId",
    "thumbUrl",
    "url",
    "processing",
    "rejectionId",
}
ALBUM_MIN_KEYS = {
    "albumId",
    "albumNumber",
    "totalAlbumsShared",
    "hasUnseenContent",
    "albumName",
    "profileId",
    "albumViewable",
}
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


def _jwt_part(token: str, index: int) -> dict[str, Any]:
    part = token.split(".")[index]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


async def test_g01_my_albums(api: Any) -> None:
    response = await api.get("/v1/albums")
    assert response.status_code == 200
    albums = response.json()["albums"]
    assert [a["albumName"] for a in albums] == ["Summer 2026", "Private"]
    summer = albums[0]
    assert set(summer) == {
        "albumId",
        "albumName",
        "profileId",
        "version",
        "content",
        "isShareable",
        "sharedCount",
        "createdAt",
        "updatedAt",
    }
    assert summer["profileId"] == DEMO_PROFILE_ID
    assert summer["sharedCount"] == 2
    assert summer["isShareable"] is True
    assert [c["contentType"] for c in summer["content"]] == [
        "image/png",
        "image/jpeg",
        "video/mp4",
        "image/png",
    ]
    for item in summer["content"]:
        assert set(item) == CONTENT_KEYS
        assert item["statusId"] == 1
        assert item["rejectionId"] is None
        assert item["processing"] is False
    assert (await api.get("/v1/albums", as_=None)).status_code == 401


async def test_g02_get_album(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    owner = (await api.get(f"/v2/albums/{summer}")).json()
    assert set(owner) == ALBUM_MIN_KEYS | {"sharedCount", "createdAt", "updatedAt", "content"}
    assert owner["hasUnseenContent"] is False
    assert owner["profileId"] == DEMO_PROFILE_ID
    assert [c["contentId"] for c in owner["content"]] == api.content_ids("Summer 2026")
    assert all("remainingViews" not in c for c in owner["content"])

    beach = api.album_id("Beach")
    seen = (await api.get(f"/v2/albums/{beach}")).json()
    assert seen["profileId"] == ALEX_PROFILE_ID
    assert seen["sharedCount"] == 2
    assert all(set(c) == CONTENT_KEYS | {"remainingViews"} for c in seen["content"])
    assert {c["remainingViews"] for c in seen["content"]} == {-1}
    assert (await api.get(f"/v2/albums/{api.album_id('Premium')}")).status_code == 403


async def test_g03_poster(api: Any) -> None:
    album = api.album_id("Beach")
    content = api.content_ids("Beach")[2]
    response = await api.get(f"/v1/albums/{album}/content/{content}/poster")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"blurredPosterUrl", "posterUrl"}
    assert f"/{content}/poster-blurred?" in body["blurredPosterUrl"]
    assert f"/{content}/poster?" in body["posterUrl"]
    poster = await api.http.get(body["posterUrl"])
    assert poster.status_code == 200
    assert poster.headers["content-type"] == "image/jpeg"  # a video's poster: the placeholder
    foreign = api.content_ids("Gym")[0]
    api.error(
        await api.get(f"/v1/albums/{album}/content/{foreign}/poster"), 403, "Action not permitted"
    )


async def test_g04_view_album(api: Any) -> None:
    gym = api.album_id("Gym")
    assert (await api.feed_item(gym))["hasUnseenContent"] is True
    api.empty_ok(await api.get(f"/v3/albums/{gym}/view"))
    assert (await api.feed_item(gym))["hasUnseenContent"] is False
    api.empty_ok(await api.get(f"/v3/albums/{api.album_id('Private')}/view"))  # owner: no-op
    assert (await api.get(f"/v3/albums/{gym}/view", as_=None)).status_code == 401  # auth required
    api.error(
        await api.get(f"/v3/albums/{api.album_id('Premium')}/view"), 403, "Action not permitted"
    )


async def test_g05_view_content(api: Any) -> None:
    beach, content = api.album_id("Beach"), api.content_ids("Beach")[0]
    response = await api.post(f"/v1/albums/{beach}/view/content/{content}")
    assert response.status_code == 200
    assert response.json() == {"remainingViews": -1}
    own, own_content = api.album_id("Private"), api.content_ids("Private")[0]
    response = await api.post(f"/v1/albums/{own}/view/content/{own_content}")
    assert response.json() == {"remainingViews": -1}
    other = api.content_ids("Gym")[0]
    response = await api.post(f"/v1/albums/{beach}/view/content/{other}")
    api.error(response, 403, "Action not permitted")


async def test_g06_album_status(api: Any) -> None:
    response = await api.post("/v2/albums/shares", json={"profileId": ALEX_PROFILE_ID})
    assert response.status_code == 200
    assert response.json() == {
        "profileId": ALEX_PROFILE_ID,
        "hasAlbum": True,
        "hasSharedWithMe": True,
    }
    as_string = await api.post("/v2/albums/shares", json={"profileId": str(RILEY_PROFILE_ID)})
    assert as_string.json() == {
        "profileId": RILEY_PROFILE_ID,
        "hasAlbum": True,
        "hasSharedWithMe": False,
    }
    nothing = await api.post("/v2/albums/shares", json={"profileId": MORGAN_PROFILE_ID})
    assert nothing.json()["hasAlbum"] is False
    unknown = await api.post("/v2/albums/shares", json={"profileId": 42})
    api.error(unknown, 400, "Profile not found")


async def test_g07_shared_by_profile(api: Any) -> None:
    response = await api.get(f"/v2/albums/shares/{ALEX_PROFILE_ID}")
    assert response.status_code == 200
    albums = response.json()["albums"]
    assert [a["albumId"] for a in albums] == [
        api.album_id("Beach"),
        api.album_id("Gym"),
        api.album_id("Night out"),
    ]
    assert [(a["albumNumber"], a["totalAlbumsShared"]) for a in albums] == [(1, 3), (2, 3), (3, 3)]
    beach = albums[0]
    assert set(beach) == ALBUM_MIN_KEYS | {"expiresAt", "expirationType", "content", "contentCount"}
    assert beach["expiresAt"] is None
    assert beach["expirationType"] == "INDEFINITE"
    assert albums[1]["expirationType"] == "ONE_HOUR"
    assert set(beach["content"]) == {"contentId", "contentType", "coverUrl", "statusId"}
    assert beach["contentCount"] == {"imageCount": 2, "videoCount": 1}
    assert beach["profileId"] == ALEX_PROFILE_ID


async def test_g08_create_album(api: Any) -> None:
    response = await api.post("/v2/albums", json={"albumName": "New one"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"albumId"}
    mine = (await api.get("/v1/albums")).json()["albums"]
    created = mine[-1]
    assert created["albumId"] == body["albumId"]
    assert created["albumName"] == "New one"
    assert created["version"] == 1
    assert created["sharedCount"] == 0
    assert created["content"] == []
    assert created["isShareable"] is False
    assert created["createdAt"] == created["updatedAt"] == "2026-11-01T12:00:00"
    unnamed = await api.post("/v2/albums", as_=OTHER_PROFILE_ID, json={"albumName": None})
    assert unnamed.status_code == 200


async def test_g09_rename_album(api: Any) -> None:
    album = api.album("Private")
    version = album.version
    api.clock.advance(60)
    response = await api.put(f"/v2/albums/{album.id}", json={"albumName": "Renamed"})
    assert response.status_code == 200
    assert response.json() == {"albumId": album.id, "albumName": "Renamed"}
    mine = {a["albumId"]: a for a in (await api.get("/v1/albums")).json()["albums"]}
    assert mine[album.id]["version"] == version + 1
    assert mine[album.id]["updatedAt"] == "2026-11-01T12:01:00"
    stranger = await api.put(
        f"/v2/albums/{album.id}", as_=OTHER_PROFILE_ID, json={"albumName": "x"}
    )
    api.error(stranger, 403, "Action not permitted")


async def test_g10_delete_album(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    api.empty_ok(await api.delete(f"/v1/albums/{summer}"))
    names = [a["albumName"] for a in (await api.get("/v1/albums")).json()["albums"]]
    assert names == ["Private"]
    api.error(
        await api.get(f"/v2/albums/{summer}", as_=OTHER_PROFILE_ID), 403, "Action not permitted"
    )
    api.error(await api.delete(f"/v1/albums/{api.album_id('Beach')}"), 403, "Action not permitted")


async def test_g11_upload(api: Any) -> None:
    album = api.album("Private")
    response = await api.upload(album.id, api.png(), params={"width": 10, "isFresh": "true"})
    assert response.status_code == 200
    body = response.json()
    assert body == {"contentId": body["contentId"], "contentUrl": None}
    assert album.order[-1] == body["contentId"]
    shown = (await api.get(f"/v2/albums/{album.id}")).json()["content"][-1]
    assert shown["contentType"] == "image/png"
    assert (await api.http.get(shown["url"])).content == api.emulator.store.contents[
        body["contentId"]
    ].data
    stranger = await api.upload(album.id, api.png(), as_=OTHER_PROFILE_ID)
    api.error(stranger, 403, "Action not permitted")


async def test_g12_reorder(api: Any) -> None:
    album = api.album("Summer 2026")
    version = album.version
    reversed_ids = list(reversed(album.order))
    response = await api.post(
        f"/v1/albums/{album.id}/content/order", json={"contentIds": reversed_ids}
    )
    api.empty_ok(response)
    shown = (await api.get(f"/v2/albums/{album.id}")).json()["content"]
    assert [c["contentId"] for c in shown] == reversed_ids
    assert album.version == version + 1
    stranger = await api.post(
        f"/v1/albums/{album.id}/content/order",
        as_=ALEX_PROFILE_ID,
        json={"contentIds": reversed_ids},
    )
    api.error(stranger, 403, "Action not permitted")


async def test_g13_delete_content(api: Any) -> None:
    album = api.album("Summer 2026")
    first = album.order[0]
    api.empty_ok(await api.delete(f"/v1/albums/{album.id}/content/{first}"))
    shown = (await api.get(f"/v2/albums/{album.id}")).json()["content"]
    assert first not in [c["contentId"] for c in shown]
    api.error(
        await api.delete(f"/v1/albums/{album.id}/content/{first}"), 403, "Action not permitted"
    )
    api.error(await api.delete(f"/v1/albums/{album.id}/content/12345"), 403, "Action not permitted")


async def test_g14_processing(api: Any) -> None:
    album, content = api.album_id("Beach"), api.content_ids("Beach")[0]
    response = await api.get(f"/v1/albums/{album}/content/{content}/processing")
    assert response.status_code == 200
    assert response.json() == {"processing": False}
    premium, item = api.album_id("Premium"), api.content_ids("Premium")[0]
    api.error(
        await api.get(f"/v1/albums/{premium}/content/{item}/processing"),
        403,
        "Action not permitted",
    )


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
        "Videos",
        "Beach",
    ]
    for item in feed["sharedAlbums"]:
        assert set(item) == FEED_ITEM_KEYS
        assert set(item["profile"]) == MINI_KEYS
        assert item["profile"]["profileId"] == item["ownerProfileId"]
    beach = feed["sharedAlbums"][-1]
    assert (beach["albumNumber"], beach["totalAlbumsShared"]) == (1, 3)
    assert (beach["imageCount"], beach["videoCount"]) == (2, 1)
    assert set(beach["coverContent"]) == {"id", "contentType", "coverContent", "status"}
    assert beach["coverContent"]["status"] == "ACTIVE"
    owners = [p["profileId"] for p in feed["profileFeeds"]]
    assert owners[0] == ALEX_PROFILE_ID
    assert len(owners) == len(set(owners)) == 5
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
    assert len(everything["sharedAlbums"]) == 7


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


async def test_a1_sign_in(api: Any) -> None:
    body = {"email": DEMO_EMAIL, "authToken": DEMO_AUTH_TOKEN, "token": None, "geohash": None}
    response = await api.post("/v8/sessions", as_=None, json=body)
    assert response.status_code == 200
    result = response.json()
    assert result["profileId"] == str(DEMO_PROFILE_ID)
    token = result["sessionId"]
    assert _jwt_part(token, 0) == {"alg": "RS256", "typ": "JWT", "kid": "emulator"}
    payload = _jwt_part(token, 1)
    assert set(payload) == {"exp", "profileId", "roles", "features", "featureFlags", "systemTime"}
    assert payload["exp"] == int(api.clock.now().timestamp()) + 1800
    assert payload["systemTime"] == api.clock.now_ms()
    mine = await api.get("/v1/albums", as_=None, headers={"Authorization": f"Grindr3 {token}"})
    assert mine.status_code == 200
    by_password = await api.post(
        "/v8/sessions", as_=None, json={"email": DEMO_EMAIL.upper(), "password": DEMO_PASSWORD}
    )
    assert by_password.status_code == 200
    assert by_password.json()["sessionId"] != token
    wrong = await api.post(
        "/v8/sessions", as_=None, json={"email": DEMO_EMAIL, "authToken": "nope"}
    )
    api.error(wrong, 400, "Invalid input parameters")
    api.error(await api.post("/v8/sessions", as_=None, json={"authToken": "x"}), 400, "Bad request")


async def test_a2_get_profile(api: Any) -> None:
    response = await api.get(f"/v7/profiles/{ALEX_PROFILE_ID}")
    assert response.status_code == 200
    [profile] = response.json()["profiles"]
    assert set(profile) == PROFILE_KEYS
    assert profile["profileId"] == str(ALEX_PROFILE_ID)
    assert profile["displayName"] == "Alex"
    assert profile["isFavorite"] is True
    assert profile["distance"] == 1.2
    assert isinstance(profile["onlineUntil"], int)
    assert isinstance(profile["profileImageMediaHash"], str)
    me = (await api.get(f"/v7/profiles/{DEMO_PROFILE_ID}")).json()["profiles"][0]
    assert me["isFavorite"] is False
    api.error(await api.get("/v7/profiles/42"), 404, "Not found")


async def test_a3_get_profiles(api: Any) -> None:
    wanted = [str(ALEX_PROFILE_ID), str(SAM_PROFILE_ID), "42", str(ALEX_PROFILE_ID)]
    response = await api.post("/v3/profiles", json={"targetProfileIds": wanted})
    assert response.status_code == 200
    profiles = response.json()["profiles"]
    assert [p["profileId"] for p in profiles] == [str(ALEX_PROFILE_ID), str(SAM_PROFILE_ID)]
    assert all(set(p) == PROFILE_KEYS for p in profiles)
    at_limit = await api.post("/v3/profiles", json={"targetProfileIds": ["1"] * 150})
    assert at_limit.status_code == 200
    over = await api.post("/v3/profiles", json={"targetProfileIds": ["1"] * 151})
    api.error(over, 400, "Bad request")

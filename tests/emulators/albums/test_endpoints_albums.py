"""Contract tests for the album and content endpoints, G1-G14."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.albums import (
    ALEX_PROFILE_ID,
    CASEY_PROFILE_ID,
    DEMO_PROFILE_ID,
    OTHER_PROFILE_ID,
    RILEY_PROFILE_ID,
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
    nothing = await api.post("/v2/albums/shares", json={"profileId": CASEY_PROFILE_ID})
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

"""One test per item of the contract's §6 quirks checklist; dropping a quirk fails its test."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from emulators.albums import (
    ALEX_PROFILE_ID,
    CASEY_PROFILE_ID,
    DEMO_AUTH_TOKEN,
    DEMO_EMAIL,
    DEMO_PROFILE_ID,
    OTHER_PROFILE_ID,
    SAM_PROFILE_ID,
)

pytestmark = pytest.mark.anyio

DENIED = "Action not permitted"


def _expires(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["Expires"][0])


async def test_quirk_01_no_404_for_albums(api: Any) -> None:
    private = api.album("Private")
    item = private.order[0]
    expired = api.album_id("Old news")
    foreign = api.album_id("Premium")
    await api.delete(f"/v1/albums/{private.id}")
    for album in (12345, private.id, foreign, expired):
        content = item if album == private.id else 12345
        for method, path in [
            ("GET", f"/v2/albums/{album}"),
            ("GET", f"/v1/albums/{album}/content/{content}/poster"),
            ("POST", f"/v1/albums/{album}/view/content/{content}"),
            ("GET", f"/v1/albums/{album}/content/{content}/processing"),
            ("GET", f"/v1/albums/{album}/shares"),
        ]:
            api.error(await api.call(method, path), 403, DENIED)


async def test_quirk_02_repeated_delete_is_403(api: Any) -> None:
    private = api.album_id("Private")
    api.empty_ok(await api.delete(f"/v1/albums/{private}"))
    api.error(await api.delete(f"/v1/albums/{private}"), 403, DENIED)
    api.error(await api.delete("/v1/albums/12345"), 403, DENIED)


async def test_quirk_03_repeated_once_view_is_403(api: Any) -> None:
    once = api.album_id("For your eyes only")
    api.empty_ok(await api.get(f"/v3/albums/{once}/view"))
    api.error(await api.get(f"/v3/albums/{once}/view"), 403, DENIED)
    # Opened by G5 instead: the first G4 is already a repeat.
    private = api.album("Private")
    body = {"profiles": [{"profileId": ALEX_PROFILE_ID, "expirationType": "ONCE"}]}
    await api.post(f"/v4/albums/{private.id}/shares", json=body)
    await api.post(f"/v1/albums/{private.id}/view/content/{private.order[0]}", as_=ALEX_PROFILE_ID)
    api.error(await api.get(f"/v3/albums/{private.id}/view", as_=ALEX_PROFILE_ID), 403, DENIED)


async def test_quirk_04_once_lasts_30_minutes_from_opening(api: Any) -> None:
    once = api.album_id("For your eyes only")
    item = await api.feed_item(once)
    assert item is not None
    assert item["expiresat"] is None
    api.clock.advance(3600)  # an unopened ONCE share does not run out
    await api.get(f"/v3/albums/{once}/view")
    opened = api.clock.now()
    item = await api.feed_item(once)
    assert item is not None
    assert item["expiresat"] == int((opened + timedelta(minutes=30)).timestamp() * 1000)
    api.clock.advance(30 * 60 - 1)
    assert (await api.get(f"/v2/albums/{once}")).status_code == 200
    api.clock.advance(1)
    api.error(await api.get(f"/v2/albums/{once}"), 403, DENIED)
    assert await api.feed_item(once) is None
    assert (await api.get(f"/v2/albums/shares/{SAM_PROFILE_ID}")).json() == {"albums": []}


async def test_quirk_05_remaining_views(api: Any) -> None:
    own = (await api.get(f"/v2/albums/{api.album_id('Private')}")).json()["content"]
    assert all("remainingViews" not in c for c in own)
    beach = (await api.get(f"/v2/albums/{api.album_id('Beach')}")).json()["content"]
    assert [c["remainingViews"] for c in beach] == [-1, -1, -1]
    once = api.album("For your eyes only")
    before = (await api.get(f"/v2/albums/{once.id}")).json()["content"]
    assert [c["remainingViews"] for c in before] == [1, 1]
    assert all(c["url"] for c in before)
    viewed = await api.post(f"/v1/albums/{once.id}/view/content/{once.order[0]}")
    assert viewed.json() == {"remainingViews": 0}
    after = (await api.get(f"/v2/albums/{once.id}")).json()["content"]
    assert [c["remainingViews"] for c in after] == [0, 1]
    assert after[0]["url"] == ""
    assert after[0]["thumbUrl"]
    assert after[0]["coverUrl"]
    assert after[1]["url"]


async def test_quirk_06_view_at_zero_is_no_error(api: Any) -> None:
    once = api.album("For your eyes only")
    path = f"/v1/albums/{once.id}/view/content/{once.order[1]}"
    assert (await api.post(path)).json() == {"remainingViews": 0}
    for _ in range(2):
        response = await api.post(path)
        assert response.status_code == 200
        assert response.json() == {"remainingViews": 0}


async def test_quirk_07_same_bytes_same_content_id(api: Any) -> None:
    album = api.album("Private")
    data = api.png()
    first = (await api.upload(album.id, data)).json()["contentId"]
    count = len(album.order)
    again = await api.upload(album.id, data)
    assert again.json() == {"contentId": first, "contentUrl": None}
    assert len(album.order) == count  # nothing added
    await api.delete(f"/v1/albums/{album.id}/content/{first}")
    await api.upload(album.id, api.jpeg())
    restored = (await api.upload(album.id, data)).json()["contentId"]
    assert restored == first
    assert album.order[-1] == first  # restored at the end
    elsewhere = await api.create_album("Elsewhere")
    assert (await api.upload(elsewhere, data)).json()["contentId"] != first


async def test_quirk_08_deleted_media_stays_on_cdn(api: Any) -> None:
    album = api.album("Summer 2026")
    shown = (await api.get(f"/v2/albums/{album.id}")).json()["content"][0]
    await api.delete(f"/v1/albums/{album.id}/content/{shown['contentId']}")
    await api.delete(f"/v1/albums/{album.id}")
    response = await api.http.get(shown["url"])
    assert response.status_code == 200
    assert response.content == api.emulator.store.contents[shown["contentId"]].data
    api.clock.advance(901)
    assert (await api.http.get(shown["url"])).status_code == 403


async def test_quirk_09_signed_urls_expire_and_covers_deny(api: Any) -> None:
    url = (await api.get("/v1/albums")).json()["albums"][0]["content"][0]["url"]
    assert _expires(url) == int(api.clock.now().timestamp()) + 900
    api.clock.advance(900)
    assert (await api.http.get(url)).status_code == 200
    api.clock.advance(1)
    denied = await api.http.get(url)
    assert denied.status_code == 403
    assert "<Code>AccessDenied</Code>" in denied.text
    api.clock.set(datetime.fromtimestamp(_expires(url) - 900, UTC))
    # A recipient's cover dies with the share, long before Expires (6 minutes left here).
    item = await api.feed_item(api.album_id("Night out"))
    assert item is not None
    cover = item["coverContent"]["coverContent"]
    assert (await api.http.get(cover)).status_code == 200
    api.clock.advance(6 * 60)
    denied = await api.http.get(cover)
    assert denied.status_code == 403
    assert "AccessDenied" in denied.text


async def test_quirk_10_max_albums_is_402(api: Any) -> None:
    await api.create_album("Third")
    api.error(await api.post("/v2/albums", json={"albumName": "Fourth"}), 402, "Payment required")
    await api.delete(f"/v1/albums/{api.album_id('Third')}")
    assert (await api.post("/v2/albums", json={"albumName": "Fourth"})).status_code == 200


async def test_quirk_11_limit_units(api: Any) -> None:
    limits = (await api.get("/v1/albums/storage")).json()
    assert limits["maxVideoLength"] == 15000  # milliseconds
    assert limits["maxContentSize"] == 120 * 1024 * 1024  # "MB" means MiB
    assert limits["maxContentSizeHumanReadable"] == "120.00 MB"
    private = api.album_id("Private")
    assert (await api.upload(private, api.mp4(15000))).status_code == 200
    api.error(await api.upload(private, api.mp4(15001)), 400, "Invalid video length")


async def test_quirk_12_reorder_needs_the_full_permutation(api: Any) -> None:
    album = api.album("Summer 2026")
    ids = list(album.order)
    path = f"/v1/albums/{album.id}/content/order"
    for wrong in (ids[:-1], [*ids, 12345], [ids[0], *ids[:-1]], [], [*ids, ids[0]]):
        api.error(await api.post(path, json={"contentIds": wrong}), 400, "Invalid content order")
    assert album.order == ids


async def test_quirk_13_share_posts_to_chat_and_retypes_earlier_shares(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    body = {"profiles": [{"profileId": SAM_PROFILE_ID, "expirationType": "ONE_HOUR"}]}
    api.empty_ok(await api.post(f"/v4/albums/{summer}/shares", json=body))
    [message] = api.emulator.chat_messages()
    assert message["type"] == "ExpiringAlbum"
    assert message["recipientId"] == SAM_PROFILE_ID
    in_hour = int((api.clock.now() + timedelta(hours=1)).timestamp() * 1000)
    assert message["body"]["expiresAt"] == in_hour
    for recipient in (OTHER_PROFILE_ID, ALEX_PROFILE_ID):  # were INDEFINITE
        [brief] = (await api.get(f"/v2/albums/shares/{DEMO_PROFILE_ID}", as_=recipient)).json()[
            "albums"
        ]
        assert brief["expirationType"] == "ONE_HOUR"
        assert brief["expiresAt"] == in_hour
    api.clock.advance(3600)
    api.error(await api.get(f"/v2/albums/{summer}", as_=OTHER_PROFILE_ID), 403, DENIED)
    assert (await api.get(f"/v1/albums/{summer}/shares")).json() == {"profileIds": []}


async def test_quirk_14_share_id_is_ignored(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    for share_id in (0, "6f1c2a7e-0000-4000-8000-000000000000", None, 7):
        body = {"profiles": [{"profileId": ALEX_PROFILE_ID, "shareId": share_id}]}
        api.empty_ok(await api.put(f"/v1/albums/{summer}/unshares", json=body))
    body = {"profiles": [{"profileId": OTHER_PROFILE_ID}]}  # no shareId at all
    api.empty_ok(await api.put(f"/v1/albums/{summer}/unshares", json=body))
    assert (await api.get(f"/v1/albums/{summer}/shares")).json() == {"profileIds": []}


async def test_quirk_15_unshare_from_everybody_is_403(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    for method in ("PUT", "POST"):
        api.error(
            await api.call(method, f"/v1/albums/{summer}/shares/remove", json={}), 403, DENIED
        )
    shares = (await api.get(f"/v1/albums/{summer}/shares")).json()["profileIds"]
    assert shares == [OTHER_PROFILE_ID, ALEX_PROFILE_ID]


async def test_quirk_16_chat_list_by_id_is_400(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    for body in ({"ids": [852120758]}, {"ids": []}, {}):
        response = await api.post(f"/v1/albums/{summer}/content/chat/list-by-id", json=body)
        api.error(response, 400, "Bad request")


async def test_quirk_17_paywall_needs_its_trailing_slash(api: Any) -> None:
    assert (await api.post("/v3/pressie-albums/feed/paywall/", json={})).status_code == 200
    for method in ("POST", "GET"):
        response = await api.call(method, "/v3/pressie-albums/feed/paywall", json={})
        api.error(response, 404, "Not found")


async def test_quirk_18_shared_by_nobody_is_an_empty_200(api: Any) -> None:
    for profile in (CASEY_PROFILE_ID, 42):
        response = await api.get(f"/v2/albums/shares/{profile}")
        assert response.status_code == 200
        assert response.json() == {"albums": []}


async def test_quirk_19_feed_expiry_key_is_lowercase(api: Any) -> None:
    gym = api.album("Gym")
    item = await api.feed_item(gym.id)
    assert item is not None
    assert "expiresAt" not in item
    share = api.emulator.store.shares_of[gym.id][DEMO_PROFILE_ID]
    assert item["expiresat"] == int((share.shared_at + timedelta(hours=1)).timestamp() * 1000)


async def test_quirk_20_feed_cover_key(api: Any) -> None:
    beach = api.album("Beach")
    item = await api.feed_item(beach.id)
    assert item is not None
    cover = item["coverContent"]
    assert "location" not in cover
    assert cover["id"] == beach.order[0]
    assert f"/{beach.order[0]}/cover?" in cover["coverContent"]
    empty = await api.feed_item(api.album_id("Empty for now"))
    assert empty is not None
    assert empty["coverContent"] is None


async def test_quirk_21_album_name_is_null_in_album_min(api: Any) -> None:
    beach = api.album_id("Beach")
    assert (await api.get(f"/v2/albums/{beach}")).json()["albumName"] is None
    own = (await api.get(f"/v2/albums/{api.album_id('Private')}")).json()
    assert own["albumName"] is None
    briefs = (await api.get(f"/v2/albums/shares/{ALEX_PROFILE_ID}")).json()["albums"]
    assert {b["albumName"] for b in briefs} == {None}
    item = await api.feed_item(beach)
    assert item is not None
    assert item["name"] == "Beach"


async def test_quirk_22_my_album_content_is_an_array(api: Any) -> None:
    albums = (await api.get("/v1/albums")).json()["albums"]
    assert all(isinstance(a["content"], list) for a in albums)
    assert len(albums[0]["content"]) == 4


async def test_quirk_23_expiration_type_is_a_string(api: Any) -> None:
    briefs = (await api.get(f"/v2/albums/shares/{ALEX_PROFILE_ID}")).json()["albums"]
    assert [b["expirationType"] for b in briefs] == ["INDEFINITE", "ONE_HOUR", "TEN_MINUTES"]
    private = api.album_id("Private")
    for sent in (4, "ONE_DAY"):  # requests may use either form
        body = {"profiles": [{"profileId": SAM_PROFILE_ID, "expirationType": sent}]}
        api.empty_ok(await api.post(f"/v4/albums/{private}/shares", json=body))
    assert {m["body"]["expirationType"] for m in api.emulator.chat_messages()} == {"ONE_DAY"}


async def test_quirk_24_album_name_limit_is_in_utf8_bytes(api: Any) -> None:
    private = api.album_id("Private")
    path = f"/v2/albums/{private}"
    assert (await api.put(path, json={"albumName": "a" * 255})).status_code == 200
    api.error(await api.put(path, json={"albumName": "a" * 256}), 400, "Album name too long")
    assert (await api.put(path, json={"albumName": "é" * 127})).status_code == 200
    api.error(await api.put(path, json={"albumName": "é" * 128}), 400, "Album name too long")
    api.error(
        await api.post("/v2/albums", json={"albumName": "😀" * 64}), 400, "Album name too long"
    )
    for sent, stored in ((123, "123"), (1.5, "1.5"), (True, "true"), ("", ""), (None, None)):
        response = await api.put(path, json={"albumName": sent})
        assert response.json() == {"albumId": private, "albumName": stored}
    created = await api.post("/v2/albums", json={"albumName": 2026})
    assert api.emulator.store.albums[created.json()["albumId"]].name == "2026"


async def test_quirk_25_session_lasts_30_minutes(api: Any) -> None:
    body = {"email": DEMO_EMAIL, "authToken": DEMO_AUTH_TOKEN}
    first = (await api.post("/v8/sessions", as_=None, json=body)).json()["sessionId"]
    headers = {"Authorization": f"Grindr3 {first}"}
    api.clock.advance(1799)
    assert (await api.get("/v1/albums", as_=None, headers=headers)).status_code == 200
    second = (await api.post("/v8/sessions", as_=None, json=body)).json()["sessionId"]
    api.clock.advance(1)
    api.error(await api.get("/v1/albums", as_=None, headers=headers), 401, "Unauthorized")
    # Earlier tokens are not revoked by a new sign-in; each lives its own 30 minutes.
    fresh = {"Authorization": f"Grindr3 {second}"}
    assert (await api.get("/v1/albums", as_=None, headers=fresh)).status_code == 200


async def test_quirk_26_zoneless_utc_times(api: Any) -> None:
    api.clock.set(datetime(2026, 12, 24, 23, 30, 5, tzinfo=timezone(timedelta(hours=-5))))
    created = await api.create_album("Zoneless")
    [album] = [a for a in (await api.get("/v1/albums")).json()["albums"] if a["albumId"] == created]
    assert album["createdAt"] == album["updatedAt"] == "2026-12-25T04:30:05"
    pattern = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
    view = (await api.get(f"/v2/albums/{api.album_id('Beach')}")).json()
    assert pattern.match(view["createdAt"])
    assert pattern.match(view["updatedAt"])


async def test_quirk_27_int64_ids(api: Any) -> None:
    ids: list[Any] = []
    for album in (await api.get("/v1/albums")).json()["albums"]:
        ids.append(album["albumId"])
        ids.extend(c["contentId"] for c in album["content"])
    for item in (await api.feed())["sharedAlbums"]:
        ids.append(item["albumId"])
    ids.append(await api.create_album("Big ids"))
    ids.append((await api.upload(ids[-1], api.png())).json()["contentId"])
    assert all(type(i) is int and 2**31 <= i < 2**53 for i in ids)


async def test_quirk_28_video_processing(api: Any) -> None:
    private = api.album_id("Private")
    video = (await api.upload(private, api.mp4(4000))).json()["contentId"]
    image = (await api.upload(private, api.png())).json()["contentId"]
    path = f"/v1/albums/{private}/content/{{}}/processing"
    assert (await api.get(path.format(video))).json() == {"processing": True}
    assert (await api.get(path.format(image))).json() == {"processing": False}
    shown = {c["contentId"]: c for c in (await api.get(f"/v2/albums/{private}")).json()["content"]}
    assert shown[video]["processing"] is True
    api.clock.advance(1.999)
    assert (await api.get(path.format(video))).json() == {"processing": True}
    api.clock.advance(0.001)
    assert (await api.get(path.format(video))).json() == {"processing": False}

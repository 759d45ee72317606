"""Every variant switch and knob of ``AlbumsConfig``, in both directions."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from emulators._common.clock import Clock
from emulators.albums import (
    ALEX_PROFILE_ID,
    DEMO_AUTH_TOKEN,
    DEMO_EMAIL,
    SAM_PROFILE_ID,
    AlbumsConfig,
    create_app,
)

pytestmark = pytest.mark.anyio

USER_AGENT = "grindr3/25.20.0.147239;147239;Free;Android 13;Pixel 7;Google"


def test_config_defaults_are_the_documented_forms() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(AlbumsConfig)}
    assert defaults == {
        "feed_expires_key": "expiresat",
        "feed_cover_key": "coverContent",
        "my_album_content_shape": "array",
        "expiration_type_form": "string",
        "create_album_echo_name": False,
        "strict_headers": False,
        "cdn_url_ttl_seconds": 900,
        "sessionid_ttl_seconds": 1800,
        "video_processing_seconds": 2,
        "view_once_window_seconds": 1800,
        "cdn_base_url": None,
    }


async def test_feed_expires_key_variant(api: Any) -> None:
    gym = api.album_id("Gym")
    default = await api.feed_item(gym)
    api.emulator.control.configure(feed_expires_key="expiresAt")
    item = await api.feed_item(gym)
    assert "expiresat" not in item
    assert item["expiresAt"] == default["expiresat"]


async def test_feed_cover_key_variant(api: Any) -> None:
    beach = api.album_id("Beach")
    api.emulator.control.configure(feed_cover_key="location")
    cover = (await api.feed_item(beach))["coverContent"]
    assert set(cover) == {"id", "contentType", "location", "status"}
    assert (await api.http.get(cover["location"])).status_code == 200


async def test_my_album_content_shape_variant(api: Any) -> None:
    api.emulator.control.configure(my_album_content_shape="object")
    await api.create_album("Empty")
    albums = (await api.get("/v1/albums")).json()["albums"]
    summer = albums[0]
    assert isinstance(summer["content"], dict)
    assert summer["content"]["contentId"] == api.content_ids("Summer 2026")[0]
    assert albums[-1]["content"] is None  # an empty album has no first item


async def test_expiration_type_form_variant(api: Any) -> None:
    api.emulator.control.configure(expiration_type_form="int")
    briefs = (await api.get(f"/v2/albums/shares/{ALEX_PROFILE_ID}")).json()["albums"]
    assert [b["expirationType"] for b in briefs] == [0, 3, 2]
    private = api.album_id("Private")
    body = {"profiles": [{"profileId": SAM_PROFILE_ID, "expirationType": "ONCE"}]}
    await api.post(f"/v4/albums/{private}/shares", json=body)
    [message] = api.emulator.chat_messages()
    assert message["body"]["expirationType"] == 1
    assert message["type"] == "ExpiringAlbumV2"


async def test_create_album_echo_name_variant(api: Any) -> None:
    plain = await api.post("/v2/albums", json={"albumName": "Plain"})
    assert set(plain.json()) == {"albumId"}
    api.emulator.control.configure(create_album_echo_name=True)
    echoed = await api.post("/v2/albums", as_=ALEX_PROFILE_ID, json={"albumName": "x"})
    assert echoed.status_code == 402  # alex is at maxAlbums; the echo changes no rule
    await api.delete(f"/v1/albums/{api.album_id('Plain')}")
    echoed = await api.post("/v2/albums", json={"albumName": 7})
    assert echoed.json() == {"albumId": echoed.json()["albumId"], "albumName": "7"}


async def test_strict_headers_variant(api: Any) -> None:
    assert (await api.get("/v1/albums")).status_code == 200  # default: headers ignored
    api.emulator.control.configure(strict_headers=True)
    api.error(await api.get("/v1/albums"), 400, "urn:gr:err:header")
    wrong = await api.get("/v1/albums", headers={"User-Agent": "okhttp/4.12"})
    api.error(wrong, 400, "urn:gr:err:header")
    right = await api.get("/v1/albums", headers={"User-Agent": USER_AGENT})
    assert right.status_code == 200
    # The header check comes before auth, and covers A1 too.
    api.error(await api.get("/v1/albums", as_=None), 400, "urn:gr:err:header")
    sign_in = await api.post(
        "/v8/sessions", as_=None, json={"email": DEMO_EMAIL, "authToken": DEMO_AUTH_TOKEN}
    )
    api.error(sign_in, 400, "urn:gr:err:header")
    # The CDN is not the API and does not check app headers.
    url = right.json()["albums"][0]["content"][0]["url"]
    assert (await api.http.get(url)).status_code == 200


async def test_cdn_url_ttl_knob(api: Any) -> None:
    api.emulator.control.configure(cdn_url_ttl_seconds=60)
    url = (await api.get("/v1/albums")).json()["albums"][0]["content"][0]["url"]
    expires = int(parse_qs(urlsplit(url).query)["Expires"][0])
    assert expires == int(api.clock.now().timestamp()) + 60
    api.clock.advance(61)
    assert (await api.http.get(url)).status_code == 403


async def test_sessionid_ttl_knob(api: Any) -> None:
    api.emulator.control.configure(sessionid_ttl_seconds=60)
    headers = api.auth()
    api.clock.advance(59)
    assert (await api.get("/v1/albums", as_=None, headers=headers)).status_code == 200
    api.clock.advance(1)
    assert (await api.get("/v1/albums", as_=None, headers=headers)).status_code == 401


async def test_video_processing_knob(api: Any) -> None:
    private = api.album_id("Private")
    api.emulator.control.configure(video_processing_seconds=0)
    instant = (await api.upload(private, api.mp4())).json()["contentId"]
    path = f"/v1/albums/{private}/content/{{}}/processing"
    assert (await api.get(path.format(instant))).json() == {"processing": False}
    api.emulator.control.configure(video_processing_seconds=10)
    slow = (await api.upload(private, api.mp4())).json()["contentId"]
    api.clock.advance(9)
    assert (await api.get(path.format(slow))).json() == {"processing": True}
    api.clock.advance(1)
    assert (await api.get(path.format(slow))).json() == {"processing": False}


async def test_view_once_window_knob(api: Any) -> None:
    api.emulator.control.configure(view_once_window_seconds=60)
    once = api.album_id("For your eyes only")
    await api.get(f"/v3/albums/{once}/view")
    item = await api.feed_item(once)
    assert item["expiresat"] == int((api.clock.now() + timedelta(seconds=60)).timestamp() * 1000)
    api.clock.advance(60)
    assert (await api.get(f"/v2/albums/{once}")).status_code == 403


async def test_cdn_base_url_defaults_to_the_request_origin(api: Any) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=api.app), base_url="https://elsewhere.test:8443"
    ) as other:
        response = await other.get("/v1/albums", headers=api.auth())
    url = response.json()["albums"][0]["content"][0]["url"]
    assert url.startswith("https://elsewhere.test:8443/cdn/")


async def test_cdn_base_url_from_config_and_create_app(anyio_backend: str) -> None:
    clock = Clock(frozen=True)
    app = create_app(clock=clock, cdn_base_url="https://cdn.example.test/media/")
    emulator = app.state.emulator
    assert emulator.config.cdn_base_url == "https://cdn.example.test/media"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://albums.test") as client:
        demo = emulator.store.by_email[DEMO_EMAIL].id
        headers = {"Authorization": f"Grindr3 {emulator.session_for(demo)}"}
        first = (await client.get("/v1/albums", headers=headers)).json()
        url = first["albums"][0]["content"][0]["url"]
        assert url.startswith("https://cdn.example.test/media/")
        # The path after the base is what the emulator's own /cdn route serves.
        local = "/cdn" + url.removeprefix("https://cdn.example.test/media")
        assert (await client.get(local)).status_code == 200
        emulator.control.configure(cdn_base_url=None)
        url = (await client.get("/v1/albums", headers=headers)).json()["albums"][0]["content"][0][
            "url"
        ]
        assert url.startswith("http://albums.test/cdn/")
        emulator.reset()  # the create_app value is the default that reset returns to
        assert emulator.config.cdn_base_url == "https://cdn.example.test/media"
    config = AlbumsConfig(feed_cover_key="location")
    built = create_app(config=config, clock=clock)
    assert built.state.emulator.config.feed_cover_key == "location"
    built.state.emulator.control.configure(feed_cover_key="coverContent")
    assert config.feed_cover_key == "location"  # the caller's object is not mutated

"""The control surface: reset, clock, config validation, faults, counters, latency, chat."""

from __future__ import annotations

import time
from typing import Any

import pytest

from emulators._common.control import ControlError
from emulators.albums import ALEX_PROFILE_ID, OTHER_PROFILE_ID, SAM_PROFILE_ID

pytestmark = pytest.mark.anyio


async def _mess_up(api: Any) -> None:
    await api.create_album("Temporary")
    api.clock.advance(3600)
    api.emulator.control.configure(feed_expires_key="expiresAt", strict_headers=True)
    api.emulator.control.add_fault(path_regex="^/v1/albums$", status=500, times=5)


async def test_reset_over_http_reloads_the_seed_and_the_control_plane(api: Any) -> None:
    seeded = sorted(api.emulator.store.albums)
    start = api.clock.now()
    await _mess_up(api)
    response = await api.http.post("/__emulator/reset")
    assert response.json() == {"reset": True}
    assert sorted(api.emulator.store.albums) == seeded  # same seed, same ids
    assert api.clock.now() == start
    assert api.emulator.config.feed_expires_key == "expiresat"
    assert api.emulator.config.strict_headers is False
    assert api.emulator.control.faults == []
    assert api.emulator.control.counts() == {}
    assert [a["albumName"] for a in (await api.get("/v1/albums")).json()["albums"]] == [
        "Summer 2026",
        "Private",
    ]


async def test_reset_in_python(api: Any) -> None:
    seeded = sorted(api.emulator.store.albums)
    await _mess_up(api)
    body = {"profiles": [{"profileId": SAM_PROFILE_ID, "expirationType": "ONCE"}]}
    api.emulator.control.configure(strict_headers=False)
    await api.post(f"/v4/albums/{api.album_id('Private')}/shares", json=body)
    assert api.emulator.chat_messages()
    api.emulator.reset()
    assert sorted(api.emulator.store.albums) == seeded
    assert api.emulator.chat_messages() == []
    assert api.emulator.control.recorder.total() == 0


async def test_clock_routes(api: Any) -> None:
    now = (await api.http.get("/__emulator/clock")).json()
    assert now == {"now": "2026-11-01T12:00:00.000Z", "now_ms": api.clock.now_ms(), "frozen": True}
    advanced = await api.http.post("/__emulator/clock", json={"advance_seconds": 90})
    assert advanced.json()["now"] == "2026-11-01T12:01:30.000Z"
    created = await api.create_album("Timed")
    album = [a for a in (await api.get("/v1/albums")).json()["albums"] if a["albumId"] == created]
    assert album[0]["createdAt"] == "2026-11-01T12:01:30"
    jumped = await api.http.post("/__emulator/clock", json={"now": "2027-01-01T00:00:00Z"})
    assert jumped.json()["now"] == "2027-01-01T00:00:00.000Z"
    bad = await api.http.post("/__emulator/clock", json={"now": "not a time"})
    assert bad.status_code == 400


async def test_config_route_applies_and_validates(api: Any) -> None:
    current = (await api.http.get("/__emulator/config")).json()
    assert current["feed_cover_key"] == "coverContent"
    changed = await api.http.put("/__emulator/config", json={"feed_cover_key": "location"})
    assert changed.status_code == 200
    assert changed.json()["feed_cover_key"] == "location"
    assert api.emulator.config.feed_cover_key == "location"
    for bad in (
        {"no_such_switch": True},
        {"feed_cover_key": "cover"},
        {"strict_headers": "yes"},
        {"cdn_url_ttl_seconds": "900"},
        {"cdn_url_ttl_seconds": -1},
        {"video_processing_seconds": 1.5},
        {"cdn_base_url": "ftp://cdn"},
        ["feed_cover_key"],
    ):
        response = await api.http.put("/__emulator/config", json=bad)
        assert response.status_code == 400, bad
        assert "error" in response.json()
    assert api.emulator.config.cdn_url_ttl_seconds == 900


def test_configure_in_python_validates(app: Any) -> None:
    control = app.state.emulator.control
    with pytest.raises(ControlError):
        control.configure(expiration_type_form="number")
    with pytest.raises(ControlError):
        control.configure(sessionid_ttl_seconds=-5)
    control.configure(expiration_type_form="int")
    assert app.state.emulator.config.expiration_type_form == "int"


async def test_faults_are_one_shot_in_the_api_shape(api: Any) -> None:
    response = await api.http.post(
        "/__emulator/faults",
        json={"method": "GET", "path_regex": "^/v1/albums$", "status": 500, "times": 2},
    )
    assert response.json()["faults"][0]["times"] == 2
    for _ in range(2):
        api.error(await api.get("/v1/albums"), 500, "Internal server error")
    assert (await api.get("/v1/albums")).status_code == 200
    api.emulator.control.add_fault(path_regex="/shares$", status=409)
    api.error(await api.post("/v2/albums/shares", json={"profileId": 1}), 409, "Conflict")
    api.emulator.control.add_fault(path_regex="storage", status=503, body="<html>down</html>")
    html = await api.get("/v1/albums/storage")
    assert html.status_code == 503
    assert html.text == "<html>down</html>"
    api.emulator.control.add_fault(path_regex="storage", status=200, body={"weird": True})
    assert (await api.get("/v1/albums/storage")).json() == {"weird": True}
    await api.http.post("/__emulator/faults", json={"path_regex": ".*", "times": 9})
    assert (await api.http.delete("/__emulator/faults")).json() == {"faults": []}
    bad = await api.http.post("/__emulator/faults", json={"path_regex": "("})
    assert bad.status_code == 400


async def test_fault_delay(api: Any) -> None:
    api.emulator.control.add_fault(path_regex="^/v1/albums$", status=504, delay_seconds=0.2)
    started = time.monotonic()
    response = await api.get("/v1/albums")
    assert time.monotonic() - started >= 0.2
    api.error(response, 504, "Gateway Timeout")


async def test_fault_truncate_and_slow_body(api: Any) -> None:
    api.emulator.control.add_fault(
        path_regex="^/v1/albums$", status=200, body={"albums": []}, mode="truncate"
    )
    truncated = await api.get("/v1/albums")
    full = b'{"albums": []}'
    assert int(truncated.headers["content-length"]) == len(full)
    assert truncated.content == full[: len(full) // 2]
    api.emulator.control.add_fault(
        path_regex="^/v1/albums$",
        status=200,
        body={"albums": []},
        mode="slow_body",
        delay_seconds=0.01,
    )
    slow = await api.get("/v1/albums")
    assert slow.content == full


async def test_request_counters_per_route_template(api: Any) -> None:
    for name in ("Beach", "Gym"):
        await api.get(f"/v2/albums/{api.album_id(name)}")
    await api.get("/v1/albums")
    await api.get("/v1/albums", as_=None)  # a 401 is still a request
    await api.post("/v3/pressie-albums/feed", json={})
    await api.get("/nowhere")
    await api.http.get("/__emulator/clock")  # the control surface is not counted
    counts = api.emulator.control.counts()
    assert counts == {
        "GET /v2/albums/{albumId}": 2,
        "GET /v1/albums": 2,
        "POST /v3/pressie-albums/feed": 1,
        "GET <unknown>": 1,
    }
    log = (await api.http.get("/__emulator/requests")).json()
    assert log["total"] == 6
    assert [r["status"] for r in log["log"]] == [200, 200, 200, 401, 200, 404]
    assert log["log"][0]["headers"]["authorization"].startswith("Grindr3 ")
    await api.http.delete("/__emulator/requests")
    assert api.emulator.control.counts() == {}


async def test_latency_rules(api: Any) -> None:
    response = await api.http.put(
        "/__emulator/latency", json={"rules": [{"path_regex": "^/v1/albums$", "fixed_ms": 150}]}
    )
    assert response.json()["rules"][0]["fixed_ms"] == 150
    started = time.monotonic()
    await api.get("/v1/albums")
    assert time.monotonic() - started >= 0.15
    started = time.monotonic()
    await api.get("/v1/albums/storage")
    assert time.monotonic() - started < 0.15
    await api.http.delete("/__emulator/latency")
    assert api.emulator.control.latency == []


async def test_chat_control_route(api: Any) -> None:
    assert (await api.http.get("/__emulator/chat")).json() == {"messages": []}
    private = api.album("Private")
    body = {
        "profiles": [
            {"profileId": SAM_PROFILE_ID, "expirationType": "TEN_MINUTES"},
            {"profileId": OTHER_PROFILE_ID, "expirationType": "ONCE"},
        ]
    }
    await api.post(f"/v4/albums/{private.id}/shares", json=body)
    messages = (await api.http.get("/__emulator/chat")).json()["messages"]
    assert messages == api.emulator.chat_messages()
    assert [(m["recipientId"], m["type"]) for m in messages] == [
        (SAM_PROFILE_ID, "ExpiringAlbum"),
        (OTHER_PROFILE_ID, "ExpiringAlbumV2"),
    ]
    sam = messages[0]
    assert set(sam) == {"messageId", "senderId", "recipientId", "type", "sentAt", "body"}
    assert sam["sentAt"] == api.clock.now_ms()
    assert set(sam["body"]) == {
        "albumId",
        "albumNumber",
        "totalAlbumsShared",
        "hasUnseenContent",
        "expiresAt",
        "expirationType",
        "coverUrl",
        "ownerProfileId",
        "isViewable",
        "hasVideo",
        "hasPhoto",
        "viewableUntil",
    }
    assert sam["body"]["hasVideo"] is True
    assert sam["body"]["hasPhoto"] is True
    assert sam["body"]["isViewable"] is True
    assert sam["body"]["viewableUntil"] == sam["body"]["expiresAt"]
    assert sam["body"]["ownerProfileId"] == private.owner_id
    assert (sam["body"]["albumNumber"], sam["body"]["totalAlbumsShared"]) == (1, 1)
    # The cover in the message is signed for its recipient.
    assert sam["body"]["coverUrl"].endswith(f"v={SAM_PROFILE_ID}")
    assert (await api.http.get(sam["body"]["coverUrl"])).status_code == 200
    assert ALEX_PROFILE_ID not in [m["recipientId"] for m in messages]

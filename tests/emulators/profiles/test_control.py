"""The control surface: reset, clock, config validation, faults, counters, latency, spotlights."""

from __future__ import annotations

import time
from typing import Any

import pytest

from emulators._common.control import ControlError
from emulators.profiles import DEMO_PROFILE_ID, LIVE_STORY_ID, OTHER_PROFILE_ID

pytestmark = pytest.mark.anyio


async def test_reset_over_http(api: Any) -> None:
    media_id = await api.upload(api.video())
    assert (
        await api.post(f"{api.prefix()}/stories", json={"media_id": media_id})
    ).status_code == 200
    api.emulator.control.configure(list_items="flat")
    api.clock.advance(3600)
    before = api.emulator.store
    response = await api.http.post("/__emulator/reset")
    assert response.status_code == 200
    assert api.emulator.store is not before
    assert media_id not in api.emulator.store.media
    assert api.emulator.config.list_items == "wrapped"
    assert api.clock.now().isoformat().startswith("2026-11-01T12:00:00")
    assert len(api.emulator.store.stories[LIVE_STORY_ID].snaps) == 4
    assert api.emulator.control.counts() == {}


async def test_reset_in_python_is_deterministic(api: Any) -> None:
    first = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"]
    api.emulator.store.spotlights.clear()
    api.emulator.reset()
    again = (await api.get(f"{api.prefix()}/spotlights")).json()["spotlights"]
    assert again == first
    media_a = await api.upload(api.png(), "IMAGE")
    api.emulator.reset()
    media_b = await api.upload(api.png(), "IMAGE")
    assert media_a == media_b


async def test_clock_over_http(api: Any) -> None:
    now = (await api.http.get("/__emulator/clock")).json()
    assert now["now"] == "2026-11-01T12:00:00.000Z"
    assert now["frozen"] is True
    media_id = await api.upload(api.video(), ready=False)
    moved = await api.http.post("/__emulator/clock", json={"advance_seconds": 3})
    assert moved.json()["now"] == "2026-11-01T12:00:03.000Z"
    assert (
        await api.post(f"{api.prefix()}/stories", json={"media_id": media_id})
    ).status_code == 200
    await api.http.post("/__emulator/clock", json={"now": "2026-11-03T12:00:00Z"})
    late = await api.post(f"{api.prefix()}/stories", json={"media_id": media_id})
    assert late.json()["error_code"] == "MEDIA_EXPIRED"


async def test_config_over_http_is_validated(api: Any) -> None:
    ok = await api.http.put("/__emulator/config", json={"status_case": "lower", "max_page_size": 5})
    assert ok.status_code == 200
    assert ok.json()["status_case"] == "lower"
    assert (
        len((await api.get(f"{api.prefix()}/lenses", params={"limit": 50})).json()["lenses"]) == 5
    )
    for bad in (
        {"nope": 1},
        {"list_items": "nested"},
        {"errors_as_200": "yes"},
        {"max_page_size": 0},
        {"max_page_size": 2.5},
        {"media_processing_seconds": -1},
        {"media_ttl_hours": 0},
        {"upload_region": "US/../"},
    ):
        response = await api.http.put("/__emulator/config", json=bad)
        assert response.status_code == 400, bad
        assert "error" in response.json()
    assert (await api.http.get("/__emulator/config")).json()["max_page_size"] == 5


def test_configure_in_python_is_validated(emulator: Any) -> None:
    emulator.control.configure(sponsor_id_form="uuid", media_processing_seconds=0)
    assert emulator.config.media_processing_seconds == 0.0
    with pytest.raises(ControlError):
        emulator.control.configure(sponsor_id_form="hex")
    with pytest.raises(ControlError):
        emulator.control.configure(max_add_request_bytes=-5)


async def test_faults(api: Any) -> None:
    stories = f"{api.prefix()}/stories"
    response = await api.http.post(
        "/__emulator/faults", json={"method": "GET", "path_regex": "/stories$", "status": 500}
    )
    assert response.status_code == 200
    failed = await api.get(stories)
    assert failed.status_code == 500
    assert failed.json()["error_code"] == "INTERNAL_ERROR"
    assert failed.json()["request_status"] == "ERROR"
    assert (await api.get(stories)).status_code == 200
    api.emulator.control.add_fault(method="POST", path_regex="/spotlights$", status=409, times=2)
    media_id = await api.upload(api.video())
    for _ in range(2):
        busy = await api.post_spotlight(media_id)
        assert busy.status_code == 409
        assert busy.json()["error_code"] == "MEDIA_POSTING_ALREADY_IN_PROGRESS"
    assert (await api.post_spotlight(media_id)).status_code == 200


async def test_counters_per_route_template(api: Any) -> None:
    api.emulator.control.recorder.clear()
    await api.get(f"{api.prefix()}/stories")
    await api.get(f"{api.prefix(OTHER_PROFILE_ID)}/stories")
    await api.get(f"{api.prefix()}/stories/{LIVE_STORY_ID}/snaps")
    await api.get("/nowhere")
    counts = api.emulator.control.counts()
    assert counts["GET /v1/public_profiles/{profile_id}/stories"] == 2
    assert counts["GET /v1/public_profiles/{profile_id}/stories/{story_id}/snaps"] == 1
    assert counts["GET <unknown>"] == 1
    logged = (await api.http.get("/__emulator/requests")).json()
    assert logged["total"] == 4
    assert logged["log"][0]["path"] == f"/v1/public_profiles/{DEMO_PROFILE_ID}/stories"
    assert logged["log"][1]["status"] == 403


async def test_latency(api: Any) -> None:
    rule = {"path_regex": "/lenses$", "fixed_ms": 40}
    assert (await api.http.put("/__emulator/latency", json={"rules": [rule]})).status_code == 200
    started = time.perf_counter()
    assert (await api.get(f"{api.prefix()}/lenses")).status_code == 200
    assert time.perf_counter() - started >= 0.04
    await api.http.delete("/__emulator/latency")
    assert (await api.http.get("/__emulator/latency")).json()["rules"] == []


async def test_spotlight_status_route(api: Any) -> None:
    spotlight = api.emulator.store.shelves[DEMO_PROFILE_ID].spotlights[0]
    assert spotlight.status == "SUBMITTED"
    url = f"/__emulator/spotlights/{spotlight.id}/status"
    response = await api.http.post(url, json={"status": "LIVE"})
    assert response.json() == {"id": spotlight.id, "status": "LIVE"}
    got = (await api.get(f"{api.prefix()}/spotlights/{spotlight.id}")).json()
    assert got["spotlights"][0]["spotlight"]["status"] == "LIVE"
    assert (await api.http.post(url, json={"status": "REJECTED"})).json()["status"] == "REJECTED"
    assert (await api.http.post(url, json={"status": "SUBMITTED"})).status_code == 400
    assert (await api.http.post(url, content=b"{")).status_code == 400
    missing = await api.http.post("/__emulator/spotlights/nope/status", json={"status": "LIVE"})
    assert missing.status_code == 404
    with pytest.raises(KeyError):
        api.emulator.set_spotlight_status("nope", "LIVE")
    with pytest.raises(ValueError, match="LIVE or REJECTED"):
        api.emulator.set_spotlight_status(spotlight.id, "PENDING")


def test_python_control_methods(emulator: Any) -> None:
    assert emulator.media_plaintext("nope") is None
    assert emulator.control.clock is emulator.clock
    assert emulator.store.profiles[DEMO_PROFILE_ID].fields["display_name"] == "Demo Creator"

"""Upstream faults injected through the emulators' control surface: each gives partial data
with the right code and no internal detail, retries only what is safe, and never a 5xx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.settings import UpstreamSettings
from tests.gateway.conftest import ALBUMS_URL
from tests.hardening.conftest import BOTH, Gateway, gateway, hardened_settings

pytestmark = pytest.mark.anyio

ALBUMS_LIST = "^/v1/albums$"
#: Words that would mean internals leaked into an answer.
LEAKS = ("Traceback", "httpx", "Exception", "<html", "stack", "emulator", "127.0.0.1", "secret")


def assert_clean(body: dict[str, Any]) -> None:
    text = str(body)
    for word in LEAKS:
        assert word not in text, (word, body)
    for error in body.get("errors", []):
        assert error["extensions"]["code"], error


def albums_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body["data"]["publicProfile"]["displayName"], "the other upstream's fields survive"
    assert body["data"]["viewer"]["albums"] is None
    (error,) = body["errors"]
    assert error["extensions"]["service"] == "albums"
    assert error["path"] == ["viewer", "albums"]
    assert_clean(body)
    return error


@pytest.mark.parametrize(
    ("fault", "code", "attempts"),
    [
        ({"status": 503}, "UPSTREAM_UNAVAILABLE", 3),
        (
            {"status": 502, "body": "<html><body>stack secret</body></html>"},
            "UPSTREAM_UNAVAILABLE",
            3,
        ),
        ({"status": 504}, "UPSTREAM_TIMEOUT", 3),
        (
            {"status": 500, "body": {"message": "NullPointerException at secret"}},
            "UPSTREAM_ERROR",
            1,
        ),
        (
            {"status": 500, "body": "<html>Traceback secret</html>", "content_type": "text/html"},
            "UPSTREAM_ERROR",
            1,
        ),
        (
            {"status": 200, "body": "{not json", "content_type": "application/json"},
            "UPSTREAM_ERROR",
            1,
        ),
        (
            {"status": 200, "body": "<html>maintenance</html>", "content_type": "text/html"},
            "UPSTREAM_ERROR",
            1,
        ),
        ({"status": 200, "mode": "truncate"}, None, None),
    ],
)
async def test_albums_faults_give_partial_data_with_a_code(
    gw: Gateway, fault: dict[str, Any], code: str | None, attempts: int | None
) -> None:
    gw.albums.control.add_fault(path_regex=ALBUMS_LIST, method="GET", times=10, **fault)
    body = await gw.gql(BOTH)
    error = albums_error(body)
    if code is not None:
        assert error["extensions"]["code"] == code
    else:  # a cut body is garbage (UPSTREAM_ERROR) or a broken connection (UNAVAILABLE)
        assert error["extensions"]["code"] in ("UPSTREAM_ERROR", "UPSTREAM_UNAVAILABLE")
    if attempts is not None:
        assert gw.calls()["GET /v1/albums"] == attempts


@pytest.mark.parametrize("mode", ["respond", "slow_body"])
async def test_a_slow_upstream_times_out_and_the_other_still_answers(mode: str) -> None:
    settings = hardened_settings(
        albums=UpstreamSettings(base_url=ALBUMS_URL, total_timeout=0.05),
        resilience={"retries": 0},
    )
    async with gateway(settings) as gw:
        gw.albums.control.add_fault(
            path_regex=ALBUMS_LIST, method="GET", status=200, delay_seconds=30, mode=mode
        )
        body = await gw.gql(BOTH)
        assert albums_error(body)["extensions"]["code"] == "UPSTREAM_TIMEOUT"


async def test_a_refused_connection_is_unavailable_and_retried() -> None:
    attempts: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.path)
        raise httpx.ConnectError("connection refused", request=request)

    async with gateway(transports={"albums": httpx.MockTransport(refuse)}) as gw:
        body = await gw.gql(BOTH)
        assert body["data"]["publicProfile"]["displayName"]
        assert body["data"]["viewer"]["albums"] is None
        (error,) = body["errors"]
        assert error["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "service": "albums"}
        assert_clean(body)
        # The service sign-in is a POST: sent once, never retried.
        assert attempts == ["/v8/sessions"]


async def test_a_dead_port_is_unavailable() -> None:
    settings = hardened_settings(albums=UpstreamSettings(base_url="http://127.0.0.1:9"))
    transport = httpx.AsyncHTTPTransport(retries=0)
    async with gateway(settings, transports={"albums": transport}) as gw:
        body = await gw.gql(BOTH)
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert body["data"]["publicProfile"]["displayName"]


async def test_a_get_is_retried_with_backoff_until_it_succeeds(gw: Gateway) -> None:
    gw.albums.control.add_fault(path_regex=ALBUMS_LIST, method="GET", status=503, times=2)
    body = await gw.gql(BOTH)
    assert "errors" not in body, body
    assert gw.calls()["GET /v1/albums"] == 3
    # Full jitter (random() is 0.5 here) over 0.1 s doubling: 0.05 s, then 0.1 s.
    assert gw.time.slept == [0.05, 0.1]


class BusyOnce(httpx.AsyncBaseTransport):
    """Answers the first request 429 with ``Retry-After``, then passes requests through."""

    def __init__(self, inner: httpx.AsyncBaseTransport, retry_after: str) -> None:
        self.inner = inner
        self.retry_after = retry_after
        self.busy = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.busy == 0:
            self.busy += 1
            return httpx.Response(429, headers={"Retry-After": self.retry_after})
        return await self.inner.handle_async_request(request)


async def test_retry_after_is_honoured() -> None:
    from emulators._common.clock import Clock
    from emulators.profiles import create_app as create_profiles

    emulator = create_profiles(clock=Clock(frozen=True))
    busy = BusyOnce(httpx.ASGITransport(app=emulator), retry_after="1.5")
    async with gateway(transports={"profiles": busy}) as gw:
        body = await gw.gql("{ publicProfile { displayName } }")
        assert "errors" not in body, body
        assert gw.time.slept == [1.5]
        assert emulator.state.emulator.control.counts() == {"GET /v1/public_profiles/my_profile": 1}


async def test_a_retry_after_longer_than_the_backoff_cap_is_not_waited_for(gw: Gateway) -> None:
    transport_calls: list[str] = []

    def too_busy(request: httpx.Request) -> httpx.Response:
        transport_calls.append(request.url.path)
        return httpx.Response(429, headers={"Retry-After": "120"}, json={"request_status": "ERROR"})

    async with gateway(transports={"profiles": httpx.MockTransport(too_busy)}) as busy:
        body = await busy.gql("{ publicProfile { displayName } }")
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert error["extensions"]["retryAfter"] == 120
        assert transport_calls == ["/v1/public_profiles/my_profile"]
        assert busy.time.slept == []


async def test_side_effecting_calls_are_never_retried(gw: Gateway) -> None:
    # The Albums profile batch (A3) is a POST: one attempt, whatever the failure.
    gw.albums.control.add_fault(path_regex="^/v3/profiles$", method="POST", status=503, times=5)
    body = await gw.gql("{ viewer { albumProfile { displayName } } }")
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert gw.calls()["POST /v3/profiles"] == 1


async def test_the_request_deadline_stops_retries() -> None:
    settings = hardened_settings(
        resilience={"request_deadline": 1.0, "retries": 5, "backoff_max": 5.0}
    )
    async with gateway(settings) as gw:
        gw.albums.control.add_fault(path_regex=ALBUMS_LIST, method="GET", status=503, times=10)
        body = await gw.gql(BOTH)
        assert albums_error(body)["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        # Waits of 0.05, 0.1, 0.2 and 0.4 s fit in the 1 s deadline; the next, 0.8 s, would not.
        assert gw.time.slept == [0.05, 0.1, 0.2, 0.4]
        assert gw.calls()["GET /v1/albums"] == 5


async def test_an_upstream_outage_never_becomes_a_5xx(gw: Gateway) -> None:
    gw.albums.control.add_fault(path_regex=".*", status=503, times=100)
    gw.profiles.control.add_fault(path_regex=".*", status=500, times=100)
    response = await gw.post(BOTH)
    assert response.status_code == 200
    body = response.json()
    assert {e["extensions"]["code"] for e in body["errors"]} <= {
        "UPSTREAM_UNAVAILABLE",
        "UPSTREAM_ERROR",
    }
    assert_clean(body)


async def test_a_saturated_upstream_cannot_starve_the_other() -> None:
    import asyncio

    settings = hardened_settings(
        albums=UpstreamSettings(base_url=ALBUMS_URL, max_concurrency=1, total_timeout=0.1),
        resilience={"retries": 0, "breaker_failures": 100},
    )
    async with gateway(settings) as gw:
        gw.albums.control.add_fault(
            path_regex=ALBUMS_LIST, method="GET", status=200, delay_seconds=30, times=10
        )
        answers = await asyncio.gather(*(gw.gql(BOTH) for _ in range(4)))
        for body in answers:
            # Every albums call waited for the one slot or the slow answer, within its own
            # total timeout; the profile fields never waited for either.
            assert albums_error(body)["extensions"]["code"] == "UPSTREAM_TIMEOUT"
            assert body["data"]["publicProfile"] is not None
        # The four identical profile reads in flight together may share one call.
        assert 1 <= gw.profiles.control.counts()["GET /v1/public_profiles/my_profile"] <= 4

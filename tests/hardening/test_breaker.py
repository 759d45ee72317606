"""The per-upstream circuit breaker: opens after consecutive failures, fails fast with zero
upstream calls, is probed back half-open after the pause, and never touches the other API."""

from __future__ import annotations

import pytest

from gateway.resilience.breaker import CircuitBreaker
from tests.hardening.conftest import BOTH, gateway, hardened_settings

pytestmark = pytest.mark.anyio

SETTINGS = {"retries": 0, "breaker_failures": 2, "breaker_reset": 30.0}


async def test_a_dead_upstream_fails_fast_and_is_probed_back() -> None:
    async with gateway(hardened_settings(resilience=SETTINGS)) as gw:
        gw.albums.control.add_fault(path_regex="^/v1/albums$", status=503, times=100)
        for _ in range(2):
            body = await gw.gql(BOTH)
            assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert gw.calls()["GET /v1/albums"] == 2
        gw.albums.control.faults.clear()

        # Open: the albums fields fail at once, without calling; profiles are untouched.
        gw.reset_calls()
        body = await gw.gql(BOTH)
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert error["extensions"]["retryAfter"] == 30
        assert "not calling" in error["message"]
        assert body["data"]["publicProfile"]["displayName"]
        assert gw.albums.control.counts() == {}

        # Half-open after the pause: one probe goes out, succeeds, and closes the circuit.
        gw.time.now += 30
        body = await gw.gql(BOTH)
        assert "errors" not in body, body
        assert gw.albums.control.counts() == {"GET /v1/albums": 1}
        body = await gw.gql(BOTH)
        assert "errors" not in body


async def test_a_failed_probe_opens_the_circuit_again() -> None:
    async with gateway(hardened_settings(resilience=SETTINGS)) as gw:
        gw.albums.control.add_fault(path_regex="^/v1/albums$", status=503, times=100)
        for _ in range(2):
            await gw.gql(BOTH)
        gw.time.now += 30
        gw.reset_calls()
        await gw.gql(BOTH)  # the probe, still failing
        assert gw.albums.control.counts() == {"GET /v1/albums": 1}
        gw.reset_calls()
        gw.time.now += 29
        body = await gw.gql(BOTH)
        assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert gw.albums.control.counts() == {}


async def test_client_errors_do_not_open_the_circuit() -> None:
    async with gateway(hardened_settings(resilience=SETTINGS)) as gw:
        gw.albums.control.add_fault(path_regex="^/v1/albums$", status=403, times=100)
        for _ in range(4):
            body = await gw.gql(BOTH)
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert gw.calls()["GET /v1/albums"] == 4


def test_half_open_lets_exactly_one_probe_through() -> None:
    now = [0.0]
    breaker = CircuitBreaker(service="albums", failures=1, reset=10, monotonic=lambda: now[0])
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    now[0] = 10
    assert breaker.state == "half_open"
    assert breaker.allow()
    assert not breaker.allow(), "a second caller waits for the probe's verdict"
    breaker.release()  # the probe was cancelled: someone else may probe
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed"

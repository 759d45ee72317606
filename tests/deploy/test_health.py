"""``/healthz`` and ``/readyz``: liveness always, readiness from a cached upstream probe."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx
import pytest
from asgi_lifespan import LifespanManager

from emulators._common.clock import Clock
from emulators.albums import create_app as create_albums
from emulators.profiles import create_app as create_profiles
from gateway.app import create_app
from gateway.health import UpstreamProbe
from gateway.settings import Settings, UpstreamSettings

pytestmark = pytest.mark.anyio


def _settings() -> Settings:
    return Settings(
        albums=UpstreamSettings(base_url="http://albums.test"),
        profiles=UpstreamSettings(base_url="http://profiles.test"),
    )


def _raising(exc: type[httpx.TransportError]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("no route to the upstream", request=request)

    return httpx.MockTransport(handler)


def _answering(status: int) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status))


@asynccontextmanager
async def gateway(
    albums: httpx.AsyncBaseTransport, profiles: httpx.AsyncBaseTransport
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(_settings(), transports={"albums": albums, "profiles": profiles})
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        ) as client,
    ):
        yield client


class Emulators:
    """Both emulators in process, with a count of the probes each has seen."""

    def __init__(self) -> None:
        self.albums = create_albums(clock=Clock(frozen=True))
        self.profiles = create_profiles(clock=Clock(frozen=True))

    def transports(self) -> tuple[httpx.ASGITransport, httpx.ASGITransport]:
        return httpx.ASGITransport(app=self.albums), httpx.ASGITransport(app=self.profiles)

    def probes(self) -> dict[str, int]:
        return {
            name: sum(1 for r in app.state.emulator.control.recorder.log if r.method == "HEAD")
            for name, app in (("albums", self.albums), ("profiles", self.profiles))
        }


async def test_healthz_is_alive_even_when_upstreams_are_not() -> None:
    async with gateway(_raising(httpx.ConnectError), _raising(httpx.ConnectError)) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_both_emulators_answer() -> None:
    emulators = Emulators()
    async with gateway(*emulators.transports()) as client:
        response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "upstreams": {"albums": "reachable", "profiles": "reachable"},
    }
    assert emulators.probes() == {"albums": 1, "profiles": 1}


async def test_not_ready_when_an_upstream_refuses_connections() -> None:
    emulators = Emulators()
    _, profiles = emulators.transports()
    async with gateway(_raising(httpx.ConnectError), profiles) as client:
        response = await client.get("/readyz")
        health = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "upstreams": {"albums": "unreachable", "profiles": "reachable"},
    }
    assert health.status_code == 200


@pytest.mark.parametrize(
    "exc", [httpx.ConnectTimeout, httpx.ReadTimeout, httpx.RemoteProtocolError]
)
async def test_timeouts_and_broken_connections_are_unreachable(
    exc: type[httpx.TransportError],
) -> None:
    async with gateway(_answering(200), _raising(exc)) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["upstreams"] == {"albums": "reachable", "profiles": "unreachable"}


@pytest.mark.parametrize("status", [404, 405, 500, 503])
async def test_any_http_answer_counts_as_reachable(status: int) -> None:
    async with gateway(_answering(status), _answering(status)) as client:
        response = await client.get("/readyz")
    assert response.status_code == 200


async def test_the_probe_result_is_cached_between_checks() -> None:
    emulators = Emulators()
    async with gateway(*emulators.transports()) as client:
        for _ in range(5):
            assert (await client.get("/readyz")).status_code == 200
    assert emulators.probes() == {"albums": 1, "profiles": 1}


async def test_concurrent_checks_share_one_probe_per_upstream() -> None:
    emulators = Emulators()
    statuses: list[int] = []
    async with gateway(*emulators.transports()) as client:

        async def check() -> None:
            statuses.append((await client.get("/readyz")).status_code)

        async with anyio.create_task_group() as tasks:
            for _ in range(20):
                tasks.start_soon(check)
    assert statuses == [200] * 20
    assert emulators.probes() == {"albums": 1, "profiles": 1}


async def test_a_status_raised_by_an_event_hook_is_still_an_answer() -> None:
    async def raise_for_status(response: httpx.Response) -> None:
        response.raise_for_status()

    async with httpx.AsyncClient(
        transport=_answering(404),
        base_url="http://albums.test",
        event_hooks={"response": [raise_for_status]},
    ) as client:
        assert await UpstreamProbe(client).reachable() is True


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_stale_result_is_probed_again_and_recovery_is_seen() -> None:
    calls: list[str] = []
    up = False

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if not up:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(404)

    clock = FakeClock()
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), base_url="http://albums.test"
    ) as client:
        probe = UpstreamProbe(client, ttl=5.0, clock=clock)
        assert await probe.reachable() is False
        up = True
        clock.now += 4.9
        assert await probe.reachable() is False  # still the cached answer
        clock.now += 0.2
        assert await probe.reachable() is True
    assert calls == ["HEAD", "HEAD"]

"""The real gateway over in-process emulators, with a controllable clock, sleep and randomness
for retries, breakers and rate limits, and optional replacement transports."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from emulators._common.clock import Clock
from emulators.albums import create_app as create_albums
from emulators.profiles import create_app as create_profiles
from gateway.app import create_app
from gateway.resilience import Timing
from gateway.settings import HTTPSafety, OperationLimits, Resilience, Settings
from tests.gateway.conftest import make_settings

#: One query over both upstreams (the README's example, trimmed).
BOTH = "{ viewer { albums(first: 5) { nodes { name } } } publicProfile { displayName } }"


@dataclass
class FakeTime:
    """A clock that only moves when told to, or when the code under test sleeps."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    def timing(self) -> Timing:
        return Timing(monotonic=self.monotonic, sleep=self.sleep, random=lambda: 0.5)


@dataclass
class Gateway:
    """A running gateway, its emulators and its clock."""

    client: httpx.AsyncClient
    albums: Any
    profiles: Any
    time: FakeTime
    #: The emulators' ASGI apps, for calls a client would make to an upstream itself.
    albums_app: Any = None
    profiles_app: Any = None

    async def post(self, query: str, variables: Any = None, **kwargs: Any) -> httpx.Response:
        payload = {"query": query, "variables": variables or {}}
        return await self.client.post("/graphql", json=payload, **kwargs)

    async def gql(self, query: str, variables: Any = None, **kwargs: Any) -> dict[str, Any]:
        response = await self.post(query, variables, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def calls(self) -> dict[str, int]:
        return {**self.albums.control.counts(), **self.profiles.control.counts()}

    def total_calls(self) -> int:
        return sum(self.calls().values())

    def reset_calls(self) -> None:
        self.albums.control.recorder.clear()
        self.profiles.control.recorder.clear()


def hardened_settings(
    *,
    limits: dict[str, Any] | None = None,
    http: dict[str, Any] | None = None,
    resilience: dict[str, Any] | None = None,
    **overrides: Any,
) -> Settings:
    """Test settings: rate limiting off unless asked for, everything else at its default."""
    return make_settings(
        limits=replace(OperationLimits(), **(limits or {})),
        http=replace(HTTPSafety(rate_per_second=0), **(http or {})),
        resilience=replace(Resilience(), **(resilience or {})),
        **overrides,
    )


class gateway:
    """``async with gateway(settings) as gw``: the app, its emulators and a fake clock."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self.time = FakeTime()
        self.albums_app = create_albums(clock=Clock(frozen=True))
        self.profiles_app = create_profiles(clock=Clock(frozen=True))
        chosen = {
            "albums": httpx.ASGITransport(app=self.albums_app),
            "profiles": httpx.ASGITransport(app=self.profiles_app),
            **(transports or {}),
        }
        self.app = create_app(
            settings or hardened_settings(), transports=chosen, timing=self.time.timing()
        )

    async def __aenter__(self) -> Gateway:
        self._manager = LifespanManager(self.app)
        manager = await self._manager.__aenter__()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        )
        return Gateway(
            client=self._client,
            albums=self.albums_app.state.emulator,
            profiles=self.profiles_app.state.emulator,
            time=self.time,
            albums_app=self.albums_app,
            profiles_app=self.profiles_app,
        )

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()
        await self._manager.__aexit__(*exc)


@pytest.fixture
async def gw(anyio_backend: str) -> AsyncIterator[Gateway]:
    async with gateway() as running:
        yield running

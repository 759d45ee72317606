"""The real gateway app, in process, over in-process emulators of both upstreams."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from emulators._common.clock import Clock
from emulators.albums import create_app as create_albums
from emulators.albums import seed as albums_seed
from emulators.profiles import create_app as create_profiles
from emulators.profiles import seed as profiles_seed
from gateway.app import create_app
from gateway.settings import Secret, Settings, UpstreamSettings

ALBUMS_URL = "http://albums.test"
PROFILES_URL = "http://profiles.test"


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "albums": UpstreamSettings(base_url=ALBUMS_URL),
        "profiles": UpstreamSettings(base_url=PROFILES_URL),
        "albums_email": albums_seed.DEMO_EMAIL,
        "albums_auth_token": Secret(albums_seed.DEMO_AUTH_TOKEN),
        "profiles_token": Secret(profiles_seed.DEMO_TOKEN),
        # Tests count upstream calls request by request: no reuse across requests unless a
        # test turns it on.
        "public_cache_seconds": 0.0,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Stack:
    """A running gateway and the emulators behind it."""

    client: httpx.AsyncClient
    albums: Any
    profiles: Any
    #: Talks to the Albums emulator directly (e.g. to sign in as a client would).
    albums_client: httpx.AsyncClient
    headers: dict[str, str] = field(default_factory=dict)

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={**self.headers, **(headers or {})},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def calls(self) -> dict[str, int]:
        """Upstream calls per route since the last ``reset_calls``, both emulators together."""
        return {**self.albums.control.counts(), **self.profiles.control.counts()}

    def total_calls(self) -> int:
        return sum(self.calls().values())

    def reset_calls(self) -> None:
        self.albums.control.recorder.clear()
        self.profiles.control.recorder.clear()


@pytest.fixture
async def stack(anyio_backend: str) -> AsyncIterator[Stack]:
    async with make_stack() as running:
        yield running


class make_stack:
    """Build the gateway over fresh emulators (frozen clocks), with optional settings."""

    def __init__(self, **overrides: Any) -> None:
        self.albums_app = create_albums(clock=Clock(frozen=True))
        self.profiles_app = create_profiles(clock=Clock(frozen=True))
        self.app = create_app(
            make_settings(**overrides),
            transports={
                "albums": httpx.ASGITransport(app=self.albums_app),
                "profiles": httpx.ASGITransport(app=self.profiles_app),
            },
        )
        self._manager = LifespanManager(self.app)

    async def __aenter__(self) -> Stack:
        manager = await self._manager.__aenter__()
        #: The running gateway as an ASGI app (lifespan state included), for direct calls.
        self.asgi = manager.app
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        )
        self._albums_client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.albums_app), base_url=ALBUMS_URL
        )
        return Stack(
            client=self._client,
            albums=self.albums_app.state.emulator,
            profiles=self.profiles_app.state.emulator,
            albums_client=self._albums_client,
        )

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()
        await self._albums_client.aclose()
        await self._manager.__aexit__(*exc)

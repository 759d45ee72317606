"""The Albums emulator object (state + control) and ``create_app``, its composition root."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulators._common.app import assemble
from emulators._common.clock import Clock
from emulators._common.control import ControlPlane
from emulators.albums import auth, openapi
from emulators.albums.cdn import Signer, cdn_routes
from emulators.albums.config import AlbumsConfig
from emulators.albums.endpoint import Api
from emulators.albums.errors import error_body
from emulators.albums.routes import register_all
from emulators.albums.seed import build_store
from emulators.albums.store import Store


class AlbumsEmulator:
    """One emulator instance: the in-memory ``store`` and the ``control`` plane."""

    def __init__(self, *, seed: int = 0, config: AlbumsConfig, clock: Clock) -> None:
        self.seed = seed
        self.config = config
        self.control = ControlPlane(clock=clock, config=config, seed=seed)
        self.signer = Signer(seed=seed)
        self.store: Store = build_store(seed=seed, now=clock.now())
        # Session signatures have their own RNG so sign-ins never shift album ids.
        self.session_rng = random.Random(f"albums-sessions-{seed}")

    @property
    def clock(self) -> Clock:
        return self.control.clock

    def reset(self) -> None:
        """Reload the seed and reset the control plane (clock, config, faults, counters)."""
        self.control.reset()
        self.reset_store()

    def reset_store(self) -> None:
        """Reload the seed only (the control route resets the control plane itself)."""
        self.store = build_store(seed=self.seed, now=self.clock.now())
        self.session_rng = random.Random(f"albums-sessions-{self.seed}")

    def chat_messages(self) -> list[dict[str, Any]]:
        """The chat messages G20 produced, oldest first."""
        return [message.as_json() for message in self.store.chat]

    def session_for(self, profile_id: int) -> str:
        """A valid ``sessionId`` for a seeded profile, without going through A1."""
        session = auth.issue(
            self.store,
            self.store.profiles[profile_id],
            now=self.clock.now(),
            ttl_seconds=self.config.sessionid_ttl_seconds,
            rng=self.session_rng,
        )
        return session.token


def create_app(
    *,
    seed: int = 0,
    config: AlbumsConfig | None = None,
    clock: Clock | None = None,
    cdn_base_url: str | None = None,
) -> Starlette:
    """Build the Albums emulator app; ``app.state.emulator`` is its ``AlbumsEmulator``."""
    config = dataclasses.replace(config) if config is not None else AlbumsConfig()
    if cdn_base_url is not None:
        config.cdn_base_url = cdn_base_url
    emulator = AlbumsEmulator(seed=seed, config=config, clock=clock or Clock())
    api = Api(emulator)
    register_all(api)
    cdn = cdn_routes(store=lambda: emulator.store, signer=emulator.signer, now=emulator.clock.now)

    async def chat(request: Request) -> Response:
        return JSONResponse({"messages": emulator.chat_messages()})

    app = assemble(
        api_routes=[*api.routes, *cdn],
        control=emulator.control,
        reset_store=emulator.reset_store,
        error_body=error_body,
        extra_control_routes=[Route("/__emulator/chat", chat, methods=["GET"]), openapi.route()],
        state=emulator,
    )
    # The real API does not redirect between "/x" and "/x/": G27 without its trailing
    # slash must stay a 404 (quirk 17), not a 307 to the right path.
    app.router.redirect_slashes = False
    return app

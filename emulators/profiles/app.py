"""The composition root: ``ProfilesEmulator`` (state + Python control) and ``create_app``."""

from __future__ import annotations

import random
import uuid

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulators._common.app import assemble
from emulators._common.clock import Clock
from emulators._common.control import ControlError, ControlPlane
from emulators._common.routes import read_json
from emulators.profiles import (
    cdn,
    lenses,
    media,
    openapi,
    profiles,
    saved_stories,
    sharing,
    spotlights,
    stories,
)
from emulators.profiles.config import ProfilesConfig
from emulators.profiles.envelope import make_error_body
from emulators.profiles.seed import load_seed
from emulators.profiles.store import Store


class ProfilesEmulator:
    """One emulator instance: the control plane, the seeded store, and control methods."""

    def __init__(
        self, *, seed: int = 0, config: ProfilesConfig | None = None, clock: Clock | None = None
    ) -> None:
        self.seed = seed
        self.config = config or ProfilesConfig()
        self.control = ControlPlane(clock=clock or Clock(), config=self.config, seed=seed)
        self._request_rng = random.Random(f"profiles-request-ids-{seed}")
        self.store = self._fresh_store()

    @property
    def clock(self) -> Clock:
        return self.control.clock

    def _fresh_store(self) -> Store:
        store = Store(config=self.config, clock=self.control.clock, seed=self.seed)
        load_seed(store)
        return store

    def reset_store(self) -> None:
        """Reload the seed (the HTTP reset route has already reset the control plane)."""
        self.store = self._fresh_store()
        self._request_rng = random.Random(f"profiles-request-ids-{self.seed}")

    def reset(self) -> None:
        """Everything back to the start: config, faults, counters, clock and seed data."""
        self.control.reset()
        self.reset_store()

    def next_request_id(self) -> str:
        # A separate RNG, so the number of requests never shifts the ids of created entities.
        return str(uuid.UUID(int=self._request_rng.getrandbits(128), version=4))

    def set_spotlight_status(self, spotlight_id: str, status: str) -> None:
        """Force ``LIVE`` or ``REJECTED``; ``KeyError``/``ValueError`` for a bad id/status."""
        self.store.set_spotlight_status(spotlight_id, status)

    def media_plaintext(self, media_id: str) -> bytes | None:
        """The decrypted, reassembled upload (None until a successful FINALIZE)."""
        found = self.store.media.get(media_id)
        return found.plaintext if found else None


def _spotlight_status_route(emulator: ProfilesEmulator) -> Route:
    async def spotlight_status(request: Request) -> Response:
        spotlight_id = request.path_params["spotlight_id"]
        try:
            body = await read_json(request)
            status = body.get("status") if isinstance(body, dict) else None
            emulator.set_spotlight_status(spotlight_id, str(status))
        except KeyError:
            return JSONResponse({"error": f"unknown spotlight {spotlight_id}"}, status_code=404)
        except (ControlError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        spotlight = emulator.store.spotlights[spotlight_id]
        return JSONResponse({"id": spotlight.id, "status": spotlight.status})

    return Route("/__emulator/spotlights/{spotlight_id}/status", spotlight_status, methods=["POST"])


def create_app(
    *, seed: int = 0, config: ProfilesConfig | None = None, clock: Clock | None = None
) -> Starlette:
    """The Public Profile API emulator; ``app.state.emulator`` is its ``ProfilesEmulator``."""
    emulator = ProfilesEmulator(seed=seed, config=config, clock=clock)
    api_routes: list[BaseRoute] = [
        *profiles.routes(emulator),
        *media.routes(emulator),
        *stories.routes(emulator),
        *saved_stories.routes(emulator),
        *spotlights.routes(emulator),
        *lenses.routes(emulator),
        *sharing.routes(emulator),
        *cdn.routes(lambda: emulator.store),
    ]
    return assemble(
        api_routes=api_routes,
        control=emulator.control,
        reset_store=emulator.reset_store,
        error_body=make_error_body(emulator.config, emulator.next_request_id),
        extra_control_routes=[_spotlight_status_route(emulator), openapi.route()],
        state=emulator,
    )

"""Route plumbing for the Albums API: path ids, header and auth checks, error rendering.

Handlers get a ``Call`` (the request, the store, the caller, the parsed path ids and one
reading of the clock) and raise ``ApiError`` for expected failures. Path parameters are
plain segments parsed here, so route templates read like the contract
(``/v2/albums/{albumId}``) in request counters, and a non-numeric id is a 400 in the API's
shape rather than an unknown route.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Scope

from emulators.albums import auth
from emulators.albums.cdn import Urls, cdn_base
from emulators.albums.config import AlbumsConfig
from emulators.albums.errors import ApiError, bad_request
from emulators.albums.model import Profile
from emulators.albums.store import Store
from emulators.albums.wire import digits

if TYPE_CHECKING:
    from emulators.albums.emulator import AlbumsEmulator

Handler = Callable[["Call"], Awaitable[Response]]
_PARAM = re.compile(r"{(\w+)}")


@dataclass(slots=True)
class Call:
    """One API request as a handler sees it."""

    request: Request
    emu: AlbumsEmulator
    store: Store
    config: AlbumsConfig
    now: datetime
    caller: Profile | None
    ids: dict[str, int]
    _urls: Urls | None = None

    @property
    def me(self) -> Profile:
        if self.caller is None:
            raise ApiError(401)
        return self.caller

    @property
    def urls(self) -> Urls:
        """CDN URL signer for this caller, built on first use (most calls need none)."""
        if self._urls is None:
            self._urls = Urls(
                signer=self.emu.signer,
                base=cdn_base(self.request, self.config.cdn_base_url),
                viewer=self.me.id,
                now=self.now,
                ttl=self.config.cdn_url_ttl_seconds,
            )
        return self._urls


class Api:
    """Collects the API routes: one ``Route`` per path, dispatching on the method."""

    def __init__(self, emu: AlbumsEmulator) -> None:
        self.emu = emu
        self.routes: list[Route] = []

    def add(self, path: str, handlers: Mapping[str, Handler], *, public: bool = False) -> None:
        names = tuple(_PARAM.findall(path))
        route = Route(path, self._endpoint(dict(handlers), names, public=public))
        route.methods = set(handlers) | ({"HEAD"} if "GET" in handlers else set())
        self.routes.append(route)

    def add_unknown(self, path: str) -> None:
        """A path that must be 404 whatever the method, ahead of a param route that would match."""

        async def not_found(request: Request) -> Response:
            return ApiError(404).response()

        route = Route(path, not_found)
        route.methods = None
        self.routes.append(route)

    def _other_method(self, scope: Scope, this: Callable[..., object]) -> None:
        """A literal path that a param route swallowed (``GET /v2/albums/shares``) is a 405."""
        for route in self.routes:
            if route.endpoint is this:
                continue
            match, _ = route.matches(scope)
            if match is Match.PARTIAL:
                allow = ", ".join(sorted(route.methods or ()))
                raise HTTPException(status_code=405, headers={"Allow": allow})

    def _endpoint(
        self, handlers: dict[str, Handler], names: tuple[str, ...], *, public: bool
    ) -> Callable[[Request], Awaitable[Response]]:
        emu = self.emu

        async def endpoint(request: Request) -> Response:
            handler = handlers["GET" if request.method == "HEAD" else request.method]
            ids: dict[str, int] = {}
            malformed = False
            for name in names:
                value = digits(request.path_params[name])
                if value is None:
                    malformed = True
                else:
                    ids[name] = value
            if malformed:
                self._other_method(request.scope, endpoint)
            store, config, now = emu.store, emu.config, emu.clock.now()
            try:
                if config.strict_headers:
                    auth.check_headers(request.headers)
                caller = None if public else auth.caller(request.headers, store, now)
                if malformed:
                    raise bad_request()
                call = Call(request, emu, store, config, now, caller, ids)
                return await handler(call)
            except ApiError as exc:
                return exc.response()

        return endpoint

"""The per-request context of handlers (auth, profile lookup, envelopes) and the route wrapper."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulators.profiles.auth import authenticate, require_read, require_write
from emulators.profiles.entities import Profile, Token
from emulators.profiles.envelope import (
    SUCCESS,
    ApiError,
    Breakable,
    envelope,
    error_envelope,
    not_found,
    overall,
    sub_responses,
)
from emulators.profiles.paging import Page, paging_block, read_page
from emulators.profiles.store import Store

B = TypeVar("B", bound=Breakable)


class Host(Protocol):
    """What the routes need from the emulator: the current store (reset replaces it) and ids."""

    @property
    def store(self) -> Store: ...

    def next_request_id(self) -> str: ...


class Ctx:
    """One request: the store, the clock reading, the origin for absolute URLs, the caller."""

    __slots__ = ("_token", "config", "now", "origin", "request", "request_id", "store")

    def __init__(self, request: Request, store: Store, request_id: str) -> None:
        self.request = request
        self.store = store
        self.config = store.config
        self.request_id = request_id
        self.now = store.now()
        # Absolute URLs (next_link, media, CDN) are built from the request's own origin.
        self.origin = str(request.base_url).rstrip("/")
        self._token: Token | None = None

    def token(self) -> Token:
        if self._token is None:
            self._token = authenticate(self.store, self.request.headers.get("authorization"))
        return self._token

    def param(self, name: str) -> str:
        return str(self.request.path_params[name])

    def profile(self, *, write: bool = False) -> Profile:
        """The ``{profile_id}`` of the path, after auth: 404 when unknown, 403 without rights."""
        token = self.token()
        profile = self.store.profiles.get(self.param("profile_id"))
        if profile is None:
            raise not_found(f"Public profile {self.param('profile_id')} was not found")
        if write:
            require_write(token, profile)
        else:
            require_read(token, profile)
        return profile

    def url(self, path: str) -> str:
        return self.origin + path

    def ok(self, **payload: Any) -> dict[str, Any]:
        body = envelope(self.config, self.request_id, SUCCESS)
        body.update(payload)
        return body

    def page(self) -> Page:
        return read_page(self.request, max_size=self.config.max_page_size)

    def listing(
        self,
        key: str,
        entity_key: str,
        items: Sequence[B],
        render: Callable[[B], dict[str, Any]],
        *,
        page: Page | None = None,
        page_id: bool = False,
    ) -> dict[str, Any]:
        """Envelope + ``key: [sub-responses]`` (+ ``paging`` when ``page`` is given)."""
        window = page.of(items) if page is not None else items
        subs, failures = sub_responses(self.config, entity_key, window, render)
        status = overall(len(subs), failures)
        message = None
        if failures:
            message = f"{failures} of {len(subs)} {key} could not be retrieved"
        body = envelope(self.config, self.request_id, status, message=message)
        body[key] = subs
        if page is not None:
            body["paging"] = paging_block(self.request, page, len(items), page_id=page_id)
        return body


Handler = Callable[[Ctx], Awaitable[dict[str, Any]]]


def api_route(path: str, handler: Handler, *, host: Host, methods: Sequence[str]) -> Route:
    """A Starlette route whose handler returns the success body or raises ``ApiError``."""

    async def endpoint(request: Request) -> Response:
        ctx = Ctx(request, host.store, host.next_request_id())
        try:
            body = await handler(ctx)
        except ApiError as exc:
            status = 200 if ctx.config.errors_as_200 else exc.status
            return JSONResponse(error_envelope(ctx.config, ctx.request_id, exc), status_code=status)
        return JSONResponse(body)

    return Route(path, endpoint, methods=list(methods), name=handler.__name__)

"""The per-request context: upstream clients for this caller, fresh loaders, extra errors, and
the caller's write side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.websockets import WebSocket

from gateway.settings import Settings
from gateway.upstreams._http import CallTracker
from gateway.upstreams.albums import AlbumsClient
from gateway.upstreams.profiles import ProfilesClient
from schema.loaders import Loaders

if TYPE_CHECKING:
    from schema.writing import Writes


@dataclass
class Context:
    """Everything a resolver may use; built once per GraphQL request."""

    request: Request | WebSocket
    settings: Settings
    request_id: str
    albums: AlbumsClient
    profiles: ProfilesClient
    loaders: Loaders
    #: The upstream calls of this request still in flight.
    tracker: CallTracker
    #: Errors that do not fail a field (e.g. one failed item of a PARTIAL list).
    extra_errors: list[GraphQLError] = field(default_factory=list)
    #: Writers, background jobs, uploads and idempotency for this caller (mutations).
    writes: Writes | None = None
    #: The ``connection_init`` payload of a websocket (Strawberry sets it).
    connection_params: dict[str, Any] | None = None
    #: Loaders replaced after a write. Their batch functions refer to them weakly (so that a
    #: request leaves no reference cycles): the context keeps them for loads still queued.
    retired_loaders: list[Loaders] = field(default_factory=list, repr=False)

    def report(self, error: GraphQLError) -> None:
        self.extra_errors.append(error)

    def after_write(self) -> None:
        """Forget what this request has read: after a write, memoized reads and loaded
        entities may be stale, so later fields read again."""
        if self.writes is not None:
            self.retired_loaders.append(self.loaders)
            self.albums, self.profiles, self.loaders = self.writes.readers(self.tracker)


Info = strawberry.Info[Context, None]

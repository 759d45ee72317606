"""The per-request context: upstream clients for this caller, fresh loaders, extra errors."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.websockets import WebSocket

from gateway.settings import Settings
from gateway.upstreams._http import CallTracker
from gateway.upstreams.albums import AlbumsClient
from gateway.upstreams.profiles import ProfilesClient
from schema.loaders import Loaders


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

    def report(self, error: GraphQLError) -> None:
        self.extra_errors.append(error)


Info = strawberry.Info[Context, None]

"""The Strawberry ASGI view: builds the per-request context from lifespan state and headers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from gateway.credentials import albums_auth, profiles_token, request_id
from gateway.lifespan import Upstreams
from gateway.settings import Settings
from gateway.upstreams._http import CallTracker
from gateway.upstreams.albums import AlbumsClient
from gateway.upstreams.profiles import ProfilesClient
from schema.context import Context
from schema.limits.http import StrictGraphQLHTTP
from schema.loaders import Loaders


class GraphQLView(StrictGraphQLHTTP, GraphQL[Context, None]):
    """``/graphql``: queries over GET and POST, GraphiQL when enabled; malformed requests
    are JSON 4xx answers and batches are limited (``StrictGraphQLHTTP``)."""

    def __init__(self, schema: object, *, settings: Settings) -> None:
        super().__init__(
            schema,  # type: ignore[arg-type]
            graphql_ide="graphiql" if settings.graphiql else None,
            multipart_uploads_enabled=True,
        )
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        upstreams: Upstreams = request.state.upstreams
        headers = request.headers
        rid = request_id(headers)
        forwarded = {"X-Request-Id": rid}
        tracker = CallTracker()
        albums = AlbumsClient(
            upstreams.albums,
            auth=albums_auth(headers, upstreams.album_sessions),
            extra_headers=forwarded,
            tracker=tracker,
        )
        profiles = ProfilesClient(
            upstreams.profiles,
            token=profiles_token(headers, self.settings),
            extra_headers=forwarded,
            tracker=tracker,
        )
        return Context(
            request=request,
            settings=self.settings,
            request_id=rid,
            albums=albums,
            profiles=profiles,
            loaders=Loaders(albums=albums, profiles=profiles, metrics=upstreams.observer.metrics),
            tracker=tracker,
        )

"""The Strawberry ASGI view: builds the per-request context from lifespan state and headers;
serves queries and mutations over HTTP and subscriptions over websockets and SSE."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.http.streaming import HTTPStreamTransport
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
)
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from gateway.credentials import (
    ALBUMS_HEADER,
    PROFILES_HEADER,
    albums_auth,
    header_map,
    profiles_token,
    request_id,
)
from gateway.graphiql.assets import local_assets_present
from gateway.graphiql.examples import EXAMPLES
from gateway.graphiql.page import render_page
from gateway.lifespan import Upstreams
from gateway.settings import Settings
from gateway.upstreams._http import CallTracker
from gateway.upstreams.albums import AlbumsClient
from gateway.upstreams.profiles import ProfilesClient
from schema.caching import VARY, cache_control
from schema.context import Context
from schema.limits.http import RequestRejected, StrictGraphQLHTTP, check_request_object
from schema.loaders import Loaders
from schema.negotiation import GRAPHQL_RESPONSE, JSON, is_request_error, negotiate, without_data
from schema.persisted import PersistedOperations, Refusal
from schema.writing import Writes


class TextFrames(ASGIWebSocketAdapter):
    """graphql-transport-ws messages go as text frames: browser clients parse ``event.data``
    as a string, and ``encode_json`` gives bytes (for HTTP bodies)."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def _wants_event_stream(accept: str) -> bool:
    """``text/event-stream`` first in ``Accept``, as graphql-sse clients send it."""
    return accept.split(",")[0].split(";")[0].strip().lower() == "text/event-stream"


def _single_json_post(request: Request) -> bool:
    """A POST of ``application/json`` that asks for no stream."""
    if request.method != "POST":
        return False
    headers = request.headers
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    return content_type == "application/json" and not _wants_event_stream(headers.get("accept", ""))


class GraphQLView(StrictGraphQLHTTP, GraphQL[Context, None]):
    """``/graphql``: queries over GET and POST, GraphiQL when enabled; malformed requests
    are JSON 4xx answers and batches are limited (``StrictGraphQLHTTP``); documents may be
    persisted (APQ, trusted documents); GET answers carry fitting cache headers."""

    websocket_adapter_class = TextFrames

    def __init__(
        self, schema: object, *, settings: Settings, persisted: PersistedOperations
    ) -> None:
        super().__init__(
            schema,  # type: ignore[arg-type]
            graphql_ide="graphiql" if settings.graphiql else None,
            multipart_uploads_enabled=True,
            # Subscriptions (upload progress) over websockets, and over SSE for clients that
            # ask for `text/event-stream` first.
            subscription_protocols=(
                GRAPHQL_TRANSPORT_WS_PROTOCOL,
                GRAPHQL_WS_PROTOCOL,
                GRAPHQL_SSE_PROTOCOL,
            ),
            # Browsers open websockets without CORS: only the CORS origins may.
            allowed_origins=settings.http.cors_origins,
        )
        self.settings = settings
        self.persisted = persisted

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        resolved = await self.persisted.resolve(request_data)
        if isinstance(resolved, Refusal):
            if resolved.status != 200:
                raise RequestRejected(resolved.status, resolved.message, code=resolved.code)
            # Apollo clients read PersistedQueryNotFound from a 200 and resend with the text.
            sub_response.headers["cache-control"] = "no-store"
            return ExecutionResult(data=None, errors=[resolved.error()])
        result: ExecutionResult = await super().execute_single(
            request, request_adapter, sub_response, context, root_value, resolved
        )
        sub_response.headers["cache-control"] = cache_control(
            method=request_adapter.method,
            scopes=context.tracker.scopes,
            has_errors=bool(result.errors),
        )
        sub_response.headers["vary"] = VARY
        return result

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on large result trees.
        return orjson.dumps(data)

    def _get_stream_transport_from_headers(
        self, headers: Mapping[str, str]
    ) -> HTTPStreamTransport | None:
        # Strawberry streams SSE whenever `Accept` names text/event-stream, but clients such
        # as urql list it after JSON for every request: SSE only when it comes first (as
        # graphql-sse clients send it); everyone else gets JSON as before.
        accept = next((v for k, v in headers.items() if k.lower() == "accept"), "")
        if not _wants_event_stream(accept):
            return None
        return super()._get_stream_transport_from_headers(headers)

    async def run(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            if isinstance(request, Request) and _single_json_post(request):
                data = self.parse_json(await request.body())
                if isinstance(data, dict):
                    return await self._run_json(request, data)
            # Everything else (GET, batches, uploads, streams, the IDE): Strawberry's way. A
            # body already read is kept by the request and read again from there.
            return await super().run(request, *args, **kwargs)
        finally:
            if isinstance(request, Request):
                # Uploaded files are spooled to disk: they go as soon as the answer is ready
                # (the mutations that read them have finished by then).
                await request.close()

    async def _run_json(self, request: Request, data: dict[str, Any]) -> Response:
        """One operation POSTed as JSON, the request most clients send: the steps of
        Strawberry's ``run`` that apply to it, without those that do not (content-type
        parsing, method and IDE checks, stream transports, batching)."""
        check_request_object(data)
        request_data = GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
            protocol="http",
        )
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, sub_response)
        result = await self.execute_single(
            request, self.request_adapter_class(request), sub_response, context, None, request_data
        )
        response_data = await self.process_result(request, result)
        return self.create_response(response_data, sub_response)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a persisted document carries no ``query`` yet is an operation, not a
        # browser asking for the IDE.
        if request.query_params.get("extensions") is not None:
            return False
        return bool(super().should_render_graphql_ide(request))

    async def render_graphql_ide(self, request: Request) -> Response:
        tabs = EXAMPLES if self.settings.mode == "demo" else []
        return HTMLResponse(render_page(local=local_assets_present(), tabs=tabs))

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # Negotiated once per request: Starlette responses carry a media type, and the request
        # state keeps it for process_result, which sees the request but not the sub-response.
        media_type = negotiate(request.headers.get("accept"))
        sub_response.media_type = request.state.media_type = media_type
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        response = await super().process_result(request, result)
        media_type = getattr(request.state, "media_type", None)
        if media_type == GRAPHQL_RESPONSE and is_request_error(result.errors, result.data):
            return without_data(response)
        return response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or JSON
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        request_error = isinstance(response_data, dict) and "data" not in response_data
        if media_type == GRAPHQL_RESPONSE and request_error and not sub_response.status_code:
            response.status_code = 400
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        upstreams: Upstreams = request.state.upstreams
        # A plain dict, read several times below: Starlette's Headers scans the whole list
        # (and raises inside) on every lookup of a header the request lacks.
        headers = header_map(request.headers.raw)
        rid = request_id(headers)
        forwarded = {"X-Request-Id": rid}
        tracker = CallTracker()
        albums = AlbumsClient(
            upstreams.albums,
            auth=albums_auth(headers, upstreams.album_sessions),
            extra_headers=forwarded,
            tracker=tracker,
            shared=upstreams.shared_reads,
        )
        profiles = ProfilesClient(
            upstreams.profiles,
            token=profiles_token(headers, self.settings),
            extra_headers=forwarded,
            tracker=tracker,
            shared=upstreams.shared_reads,
        )
        return Context(
            request=request,
            settings=self.settings,
            request_id=rid,
            albums=albums,
            profiles=profiles,
            loaders=Loaders(albums=albums, profiles=profiles, metrics=upstreams.observer.metrics),
            tracker=tracker,
            writes=Writes.of(upstreams, self.settings, headers, rid),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on a websocket: the credential headers may come in the
        ``connection_init`` payload instead, under the same names."""
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        sent = {
            str(name).lower(): value
            for name, value in params.items()
            if str(name).lower() in (ALBUMS_HEADER, PROFILES_HEADER) and isinstance(value, str)
        }
        if sent and context.writes is not None:
            headers = {**{k.lower(): v for k, v in context.request.headers.items()}, **sent}
            upstreams: Upstreams = context.request.state.upstreams
            context.writes = Writes.of(upstreams, self.settings, headers, context.request_id)
            context.albums, context.profiles, context.loaders = context.writes.readers(
                context.tracker
            )
        return UnsetType()

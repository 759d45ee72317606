"""Request body size limits: one for GraphQL JSON bodies, a larger one for multipart uploads."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.middleware.errors import error_response


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Answers 413 before reading a body whose ``Content-Length`` is over the limit, and stops
    reading a streamed (chunked) body as soon as it passes the limit."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").lower().startswith("multipart/")
        limit = self.max_upload_bytes if multipart else self.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._reject(scope, receive, send, limit, multipart)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._reject(scope, receive, send, limit, multipart)

    @staticmethod
    async def _reject(
        scope: Scope, receive: Receive, send: Send, limit: int, multipart: bool
    ) -> None:
        what = "upload" if multipart else "request body"
        response = error_response(
            413,
            f"The {what} is larger than the limit of {limit} bytes.",
            code="PAYLOAD_TOO_LARGE",
            limit=limit,
        )
        await response(scope, receive, send)

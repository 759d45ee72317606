"""Request ids and security headers on every HTTP response."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.credentials import REQUEST_ID_HEADER, request_id

_HTML_CSP = "frame-ancestors 'none'"
# JSON answers never need to load anything; GraphiQL's page (HTML) loads its scripts from a
# CDN, so it only gets the framing rule.
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    """Settles the request id before anything else runs (the client's when it is safe, else a
    new one, written back into the request headers so every later reader agrees), echoes it
    on the response, and adds the security headers."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = [(k, v) for k, v in scope["headers"] if k != REQUEST_ID_HEADER.encode()]
        given = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope["headers"]
            if k == REQUEST_ID_HEADER.encode()
        }
        rid = request_id(given)
        scope = {**scope, "headers": [*raw, (REQUEST_ID_HEADER.encode(), rid.encode())]}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = rid
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("referrer-policy", "no-referrer")
                headers.setdefault("x-frame-options", "DENY")
                headers.setdefault("cross-origin-resource-policy", "same-origin")
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("content-security-policy", _HTML_CSP if html else _API_CSP)
                # Answers carry one caller's data: no shared cache may keep them.
                headers.setdefault("cache-control", "no-store")
                if self.hsts:
                    headers.setdefault("strict-transport-security", "max-age=31536000")
            await send(message)

        await self.app(scope, receive, send_with_headers)

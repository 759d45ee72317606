"""Request ids and security headers on every HTTP response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.credentials import REQUEST_ID_HEADER, request_id

_HTML_CSP = "frame-ancestors 'none'"
# JSON answers never need to load anything; GraphiQL's page (HTML) loads its scripts from a
# CDN, so it only gets the framing rule.
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


def _defaults(*, html: bool, hsts: bool) -> tuple[tuple[bytes, bytes], ...]:
    """The security headers an answer gets unless it set them itself."""
    headers = {
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cross-origin-resource-policy": "same-origin",
        "content-security-policy": _HTML_CSP if html else _API_CSP,
        # Answers carry one caller's data: no shared cache may keep them.
        "cache-control": "no-store",
    }
    if hsts:
        headers["strict-transport-security"] = "max-age=31536000"
    return tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items())


_REQUEST_ID = REQUEST_ID_HEADER.encode()


class SecurityHeadersMiddleware:
    """Settles the request id before anything else runs (the client's when it is safe, else a
    new one, written back into the request headers so every later reader agrees), echoes it
    on the response, and adds the security headers."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.api_headers = _defaults(html=False, hsts=hsts)
        self.html_headers = _defaults(html=True, hsts=hsts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = [(k, v) for k, v in scope["headers"] if k != _REQUEST_ID]
        given = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope["headers"]
            if k == _REQUEST_ID
        }
        rid = request_id(given).encode("latin-1")
        scope = {**scope, "headers": [*raw, (_REQUEST_ID, rid)]}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # One pass over the answer's headers (a header map would scan them per name).
                headers = [(k.lower(), v) for k, v in message.get("headers", ())]
                present = {k for k, _ in headers}
                content_type = next((v for k, v in headers if k == b"content-type"), b"")
                defaults = (
                    self.html_headers if content_type.startswith(b"text/html") else self.api_headers
                )
                headers = [item for item in headers if item[0] != _REQUEST_ID]
                headers.append((_REQUEST_ID, rid))
                headers.extend(item for item in defaults if item[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

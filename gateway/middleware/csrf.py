"""CSRF prevention: requests a browser could send cross-site without a preflight must carry a
header that forces one (as Apollo Server and GraphQL Yoga require)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.middleware.errors import error_response

#: Content types a cross-site form or ``fetch`` may send without a CORS preflight.
SIMPLE_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain", ""}
)
#: Any one of these (non-empty) proves the request passed a preflight: browsers never send a
#: non-safelisted header cross-site without asking first.
PREFLIGHT_HEADERS = (
    "x-requested-with",
    "apollo-require-preflight",
    "graphql-preflight",
    "x-apollo-operation-name",
    "x-albums-authorization",
    "x-profiles-authorization",
)
MESSAGE = (
    "This request was blocked as a possible cross-site request forgery. Send it with "
    "`Content-Type: application/json`, or add a non-empty `GraphQL-Preflight` (or "
    "`Apollo-Require-Preflight`, `X-Requested-With`) header."
)


class CSRFMiddleware:
    """Rejects GET operations and simple-content-type POSTs (forms, multipart, text) that carry
    no preflight-forcing header. GraphiQL's own page (a GET without parameters) stays open."""

    def __init__(self, app: ASGIApp, *, path: str = "/graphql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.path and self._needs_preflight(scope):
            headers = Headers(scope=scope)
            if not any(headers.get(name, "").strip() for name in PREFLIGHT_HEADERS):
                response = error_response(400, MESSAGE, code="CSRF_PREFLIGHT_REQUIRED")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _needs_preflight(scope: Scope) -> bool:
        method = scope["method"]
        if method in ("GET", "HEAD"):
            # Any parameter may name an operation (``query``, or a persisted one through
            # ``extensions`` or a document id); only GraphiQL's bare page needs none.
            query = scope.get("query_string", b"").decode("latin-1")
            return bool(parse_qsl(query, keep_blank_values=True))
        if method == "POST":
            content_type = Headers(scope=scope).get("content-type", "")
            return content_type.split(";")[0].strip().lower() in SIMPLE_CONTENT_TYPES
        return False

"""GraphQL errors with a stable ``extensions.code`` (plus ``service`` for upstream ones)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from gateway.upstreams._http import UpstreamError


class GatewayError(GraphQLError):
    """An expected error whose message is safe for clients; never masked."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, code: str | None = None, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code or self.code, **extensions})


class BadUserInput(GatewayError):
    """The operation's arguments are invalid (bad id, bad cursor, page too large...)."""

    code = "BAD_USER_INPUT"


class UpstreamFieldError(GatewayError):
    """An upstream failure reported on the field that needed it."""


def upstream_error(exc: UpstreamError) -> UpstreamFieldError:
    """The GraphQL face of an ``UpstreamError``: same message, stable code, the service name."""
    extensions: dict[str, Any] = {"service": exc.service}
    if exc.status is not None:
        extensions["upstreamStatus"] = exc.status
    if exc.retry_after is not None:
        extensions["retryAfter"] = exc.retry_after
    return UpstreamFieldError(exc.message, code=exc.code, **extensions)


def partial_item_error(
    *, service: str, reason: str, index: int, path: list[str | int]
) -> GraphQLError:
    """One failed sub-request of a PARTIAL list, reported on the list field while the good
    items are still returned."""
    return GraphQLError(
        f"{service}: item {index} of the list could not be read: {reason}",
        path=path,
        extensions={"code": "UPSTREAM_PARTIAL", "service": service, "index": index},
    )

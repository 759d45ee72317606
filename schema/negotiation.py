"""GraphQL over HTTP media types: ``application/graphql-response+json`` when the client
accepts it (request errors are then 400 and carry no ``data``), else ``application/json``
(always 200 for a well-formed request, as older clients expect)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import GraphQLError

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _quality(part: str) -> float:
    for param in part.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str | None) -> str:
    """The media type to answer with: the preferred of the two that the client accepts."""
    best, best_q = JSON, -1.0
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media not in (GRAPHQL_RESPONSE, JSON):
            continue
        q = _quality(part)
        # On a tie the newer, more precise media type wins.
        if q > best_q or (q == best_q and media == GRAPHQL_RESPONSE):
            best, best_q = media, q
    return best if best_q > 0 else JSON


def is_request_error(errors: Sequence[GraphQLError] | None, data: Any) -> bool:
    """Errors raised before execution (parse, validation, variables, limits) have no path
    and leave no data: the spec calls the request itself invalid."""
    return bool(errors) and data is None and all(e.path is None for e in errors or ())


def without_data(response: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "data"}

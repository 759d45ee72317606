"""What one HTTP request did, filled in as it runs and read by the access log and metrics.

It travels in a context variable: the upstream boundary is shared by every request, but
each request's tasks see their own record.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class RequestRecord:
    request_id: str
    operation: str | None = None
    #: "ok", "errors" (GraphQL errors in the result) or "rejected" (a 4xx/5xx answer).
    outcome: str = "ok"
    upstream_calls: int = 0


CURRENT: ContextVar[RequestRecord | None] = ContextVar("mediagraph_request", default=None)


def current() -> RequestRecord | None:
    return CURRENT.get()

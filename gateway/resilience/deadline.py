"""The overall request deadline, carried in a context variable through one request's tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A context variable, not global state: each request's task (and the tasks it spawns) sees
# its own value, set by ``DeadlineMiddleware`` and reset when the request ends.
_DEADLINE: ContextVar[float | None] = ContextVar("mediagraph_deadline", default=None)


@contextmanager
def deadline_after(seconds: float, *, monotonic: Callable[[], float]) -> Iterator[float]:
    """Upstream calls made inside this block must finish within ``seconds`` from now."""
    at = monotonic() + seconds
    token = _DEADLINE.set(at)
    try:
        yield at
    finally:
        _DEADLINE.reset(token)


def remaining(monotonic: Callable[[], float]) -> float | None:
    """Seconds left before the current request's deadline; ``None`` outside a request."""
    at = _DEADLINE.get()
    return None if at is None else at - monotonic()

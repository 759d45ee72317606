"""Retry policy: which calls may be retried, and how long to wait before the next attempt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Methods that are safe to send twice; side-effecting calls opt in explicitly (upload parts).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Statuses that say "try again later" rather than "this request is wrong".
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Full-jitter exponential backoff, honouring ``Retry-After`` up to ``max_delay``."""

    retries: int
    base: float
    max_delay: float
    random: Callable[[], float]

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1`` (attempts count from 0), or ``None``
        when the call must not be retried (out of attempts, or told to wait too long)."""
        if attempt >= self.retries:
            return None
        if retry_after is not None:
            # The upstream said when; waiting less would only be refused again.
            return retry_after if retry_after <= self.max_delay else None
        return self.random() * min(self.max_delay, self.base * 2.0**attempt)

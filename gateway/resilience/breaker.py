"""A per-upstream circuit breaker: closed, open (fail fast), half-open (one probe)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

State = Literal["closed", "open", "half_open"]
logger = logging.getLogger("gateway.resilience")


class CircuitBreaker:
    """Opens after ``failures`` consecutive failures; after ``reset`` seconds lets one probe
    through, and closes again when it succeeds.

    Lifespan-owned: one per upstream, shared by every request. Only timeouts, refused
    connections and 5xx count as failures: a 4xx proves the upstream is up.
    """

    def __init__(
        self,
        *,
        service: str,
        failures: int,
        reset: float,
        monotonic: Callable[[], float],
    ) -> None:
        self.service = service
        self._threshold = failures
        self._reset = reset
        self._monotonic = monotonic
        self._failures = 0
        self._opened_at = 0.0
        self._state: State = "closed"
        self._probing = False

    @property
    def state(self) -> State:
        if self._state == "open" and self._monotonic() - self._opened_at >= self._reset:
            return "half_open"
        return self._state

    def retry_after(self) -> float:
        """Seconds until the circuit lets a probe through (0 when it would now)."""
        if self._state != "open":
            return 0.0
        return max(0.0, self._opened_at + self._reset - self._monotonic())

    def allow(self) -> bool:
        """Whether a call may go out now; a ``True`` in half-open makes that call the probe."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._probing:
            self._probing = True
            return True
        return False

    def success(self) -> None:
        if self._state != "closed":
            logger.info("%s circuit closed: the upstream answered again", self.service)
        self._state = "closed"
        self._failures = 0
        self._probing = False

    def failure(self) -> None:
        probe, self._probing = self._probing, False
        self._failures += 1
        if probe or (self._state == "closed" and self._failures >= self._threshold):
            logger.warning(
                "%s circuit open after %d failures: failing fast for %.0f s",
                self.service,
                self._failures,
                self._reset,
            )
            self._state = "open"
            self._opened_at = self._monotonic()

    def release(self) -> None:
        """The probe ended without a verdict (cancelled): let another call probe."""
        self._probing = False

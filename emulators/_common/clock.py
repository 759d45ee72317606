"""The injectable emulator clock: every time-based quirk reads it, tests move it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

#: Seed data is laid out relative to this instant, so it is the same on every run.
SEED_EPOCH = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)


class Clock:
    """Emulator time: starts at ``start`` and, unless frozen, flows with real time.

    Flowing time keeps the demo natural (processing windows end by themselves);
    frozen time makes tests deterministic. ``advance`` and ``set`` work in both modes.
    """

    def __init__(
        self,
        start: datetime | None = None,
        *,
        frozen: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._monotonic = monotonic
        self._start = start or SEED_EPOCH
        self._base = self._start
        self._t0 = monotonic()
        self._frozen = frozen

    @property
    def frozen(self) -> bool:
        return self._frozen

    def now(self) -> datetime:
        """Current emulator time (aware, UTC)."""
        if self._frozen:
            return self._base
        return self._base + timedelta(seconds=self._monotonic() - self._t0)

    def now_ms(self) -> int:
        """Current emulator time in unix milliseconds."""
        return int(self.now().timestamp() * 1000)

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, with a negative value)."""
        self._base = self.now() + timedelta(seconds=seconds)
        self._t0 = self._monotonic()
        return self._base

    def set(self, when: datetime) -> datetime:
        """Jump to ``when`` (a naive value is read as UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        self._base = when.astimezone(UTC)
        self._t0 = self._monotonic()
        return self._base

    def freeze(self, frozen: bool = True) -> None:
        """Stop (or restart) the flow of real time, keeping the current reading."""
        self._base = self.now()
        self._t0 = self._monotonic()
        self._frozen = frozen

    def reset(self) -> None:
        """Back to the start instant, keeping the frozen/flowing mode."""
        self._base = self._start
        self._t0 = self._monotonic()


def iso_local(value: datetime) -> str:
    """Albums style: UTC wall-clock time to the second, no zone."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def iso_millis(value: datetime) -> str:
    """Public Profile style: ISO-8601 UTC with milliseconds and a ``Z``."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    """Parse an ISO-8601 timestamp (``Z`` or offset; naive is read as UTC)."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)

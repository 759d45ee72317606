"""Token-bucket state behind a small protocol: in memory by default, Redis-backed later."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol


class RateStore(Protocol):
    """Where token buckets live; shared state must make ``take`` atomic per key."""

    async def take(self, key: str, *, rate: float, burst: int, now: float) -> float:
        """Take one token from ``key``'s bucket; ``0.0`` if taken, else the seconds until one
        is available."""
        ...


class MemoryRateStore:
    """Buckets in this process, at most ``max_keys`` of them (least recently used go first).

    Lifespan-sized: one per app. Each worker process limits on its own; a shared store
    (Redis) makes the limit global.
    """

    def __init__(self, *, max_keys: int = 100_000) -> None:
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def take(self, key: str, *, rate: float, burst: int, now: float) -> float:
        tokens, updated = self._buckets.pop(key, (float(burst), now))
        tokens = min(float(burst), tokens + (now - updated) * rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        return wait

"""Reads shared across concurrent GraphQL requests (lifespan-owned).

Identical reads with the same credentials that are in flight at the same moment share one
upstream call (single flight), and reads of public data (the Public Profile API's
``/public/`` endpoint: the same for every caller) are kept for a few seconds. Keys include a
hash of the credentials, so no caller ever sees what another caller's token reads.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from gateway.upstreams._http import Reply


def credential_key(authorization: str) -> str:
    return hashlib.blake2b(authorization.encode(), digest_size=16).hexdigest()


class SharedReads:
    def __init__(
        self,
        *,
        public_ttl: float,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = public_ttl
        self._max = max_entries
        self._monotonic = monotonic
        self._in_flight: dict[Hashable, asyncio.Future[Reply]] = {}
        self._kept: OrderedDict[Hashable, tuple[float, Reply]] = OrderedDict()
        self.hits = 0
        self.shared = 0

    def kept(self, key: Hashable) -> Reply | None:
        """A fresh kept public read, without waiting (the common case under load)."""
        if self._ttl <= 0:
            return None
        kept = self._kept.get(key)
        if kept is None:
            return None
        if kept[0] <= self._monotonic():
            del self._kept[key]
            return None
        self.hits += 1
        return kept[1]

    async def read(
        self, key: Hashable, send: Callable[[], Awaitable[Reply]], *, public: bool
    ) -> Reply:
        if public:
            kept = self.kept(key)
            if kept is not None:
                return kept
        future = self._in_flight.get(key)
        if future is None:
            future = asyncio.ensure_future(send())
            self._in_flight[key] = future
            future.add_done_callback(lambda done: self._settle(key, done, public))
        else:
            self.shared += 1
        # Shielded: a caller that goes away does not cancel the call the others wait for.
        return await asyncio.shield(future)

    def _settle(self, key: Hashable, future: asyncio.Future[Reply], public: bool) -> None:
        self._in_flight.pop(key, None)
        if not public or self._ttl <= 0 or future.cancelled() or future.exception():
            return
        self._kept[key] = (self._monotonic() + self._ttl, future.result())
        while len(self._kept) > self._max:
            self._kept.popitem(last=False)

"""Idempotency keys: a retried write with the same key, from the same caller, with the same input
gets the first write's result instead of writing again.

A key is scoped by a hash of the caller's credentials and the operation (``scope``), so two
callers never share a key, and remembers a fingerprint of its input, so reusing it for another
input is refused. Only successes are remembered: a write that failed created nothing the caller
can see, so a retry with the same key runs again. A duplicate that arrives while the first is
still running waits for it. Results are small JSON-able mappings (ids, not objects), so a shared
store (Redis) can hold them; the entities are read again when a result is replayed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

#: What a remembered success holds: ids and small values, never upstream objects.
Outcome = Mapping[str, Any]
MAX_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class Started:
    """This call owns the key: run, then ``complete`` or ``abandon`` it."""


@dataclass(frozen=True, slots=True)
class Replay:
    """The key already succeeded: this is its result."""

    outcome: Outcome


@dataclass(frozen=True, slots=True)
class InFlight:
    """Another call with this key is running; ``wait`` returns once it ends either way."""

    done: asyncio.Event = field(repr=False)

    async def wait(self) -> None:
        await self.done.wait()


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The key was used with different input."""


Claim = Started | Replay | InFlight | Mismatch


class IdempotencyStore(Protocol):
    """Where keys and their first successes live; lifespan-owned."""

    async def claim(self, scope: str, fingerprint: str) -> Claim: ...

    async def complete(self, scope: str, outcome: Outcome) -> None: ...

    async def abandon(self, scope: str) -> None: ...


def scope_of(caller: str, operation: str, key: str) -> str:
    """The store key: the caller's identity, the operation and the client's key, hashed (the
    store never holds a credential or the raw key)."""
    digest = hashlib.blake2b(person=b"mediagraph-idem", digest_size=24)
    for part in (caller, operation, key):
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def fingerprint_of(values: Mapping[str, Any]) -> str:
    """A stable hash of an operation's input (canonical JSON; files by their digest)."""
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str) -> str | None:
    """Why ``key`` cannot be used, or ``None``."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return f"must be 1 to {MAX_KEY_LENGTH} characters"
    if not key.isprintable():
        return "must be printable text"
    return None


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    done: asyncio.Event
    expires_at: float
    outcome: Outcome | None = None


class MemoryIdempotencyStore:
    """Keys in this process, for ``ttl`` seconds after their success, at most ``max_keys`` of
    them (the oldest successes go first; keys in flight are never dropped)."""

    def __init__(
        self,
        *,
        ttl: float,
        max_keys: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max_keys = max_keys
        self._monotonic = monotonic
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def claim(self, scope: str, fingerprint: str) -> Claim:
        self._purge()
        entry = self._entries.get(scope)
        if entry is None:
            self._entries[scope] = _Entry(fingerprint, asyncio.Event(), expires_at=float("inf"))
            return Started()
        if entry.fingerprint != fingerprint:
            return Mismatch()
        if entry.outcome is not None:
            return Replay(entry.outcome)
        return InFlight(entry.done)

    async def complete(self, scope: str, outcome: Outcome) -> None:
        entry = self._entries.get(scope)
        if entry is None:
            return
        entry.outcome = dict(outcome)
        entry.expires_at = self._monotonic() + self._ttl
        self._entries.move_to_end(scope)
        entry.done.set()

    async def abandon(self, scope: str) -> None:
        entry = self._entries.pop(scope, None)
        if entry is not None:
            entry.done.set()

    def _purge(self) -> None:
        now = self._monotonic()
        for scope, entry in list(self._entries.items()):
            if entry.expires_at <= now:
                del self._entries[scope]
        finished = [s for s, e in self._entries.items() if e.outcome is not None]
        # Successes are in completion order (``complete`` moves them to the end).
        while len(self._entries) >= self._max_keys and finished:
            del self._entries[finished.pop(0)]

"""Redis-backed shared state (redis-py asyncio): documents and token buckets that hold
across every replica of the gateway."""

from __future__ import annotations

import logging
from typing import Any

import redis.asyncio as redis

logger = logging.getLogger("gateway.shared")
#: One token bucket, updated atomically in Redis with Redis's own clock, so replicas with
#: different clocks still agree. Returns the wait in microseconds (0: a token was taken).
_TAKE = """
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', key, 'tokens', 'updated')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', key, math.ceil(burst / rate) + 1)
return math.floor(wait * 1000000)
"""


class RedisStore:
    """Documents under ``<prefix>doc:<sha256>`` (with a TTL), buckets under ``<prefix>rate:``."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "mediagraph:",
        document_ttl_seconds: int = 7 * 24 * 3600,
        client: Any = None,
    ) -> None:
        self._redis: Any = client or redis.from_url(url, decode_responses=True)
        self._prefix = prefix
        self._ttl = document_ttl_seconds
        self._take = self._redis.register_script(_TAKE)

    # A Redis outage must not take the gateway down: documents read as unknown (clients then
    # send the full text) and rate limits let requests through, each with a warning.

    async def get(self, sha256: str) -> str | None:
        try:
            value = await self._redis.get(f"{self._prefix}doc:{sha256}")
        except redis.RedisError as exc:
            logger.warning("shared document store unavailable: %s", type(exc).__name__)
            return None
        return value if isinstance(value, str) else None

    async def put(self, sha256: str, document: str) -> None:
        try:
            await self._redis.set(f"{self._prefix}doc:{sha256}", document, ex=self._ttl)
        except redis.RedisError as exc:
            logger.warning("shared document store unavailable: %s", type(exc).__name__)

    async def take(self, key: str, *, rate: float, burst: int, now: float) -> float:
        """The ``RateStore`` protocol; ``now`` is ignored in favour of Redis's clock."""
        try:
            waited = await self._take(keys=[f"{self._prefix}rate:{key}"], args=[rate, burst])
        except redis.RedisError as exc:
            logger.warning("shared rate store unavailable: %s", type(exc).__name__)
            return 0.0
        return int(waited) / 1_000_000

    async def ping(self) -> bool:
        return bool(await self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()

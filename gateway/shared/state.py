"""Builds the shared-state backends from settings: Redis when configured, else memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gateway.middleware.rate_store import MemoryRateStore, RateStore
from gateway.settings import Settings
from gateway.shared.documents import DocumentStore, MemoryDocumentStore

if TYPE_CHECKING:
    from gateway.shared.redis_store import RedisStore


@dataclass(frozen=True, slots=True)
class SharedState:
    documents: DocumentStore
    rates: RateStore
    redis: RedisStore | None = None

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.close()


def build_shared(settings: Settings) -> SharedState:
    if settings.redis_url:
        # Imported only when configured: redis-py costs a tenth of a second at start.
        from gateway.shared.redis_store import RedisStore

        store = RedisStore(settings.redis_url)
        return SharedState(documents=store, rates=store, redis=store)
    return SharedState(documents=MemoryDocumentStore(), rates=MemoryRateStore())

"""The Redis store against a real redis-server: documents and token buckets."""

from __future__ import annotations

import pytest

from gateway.shared.redis_store import RedisStore

pytestmark = pytest.mark.anyio


async def test_documents_round_trip(redis_url: str) -> None:
    store = RedisStore(redis_url, prefix="t1:")
    try:
        assert await store.get("a" * 64) is None
        await store.put("a" * 64, "{ __typename }")
        assert await store.get("a" * 64) == "{ __typename }"
    finally:
        await store.close()


async def test_token_buckets_are_shared_by_every_store_instance(redis_url: str) -> None:
    first, second = RedisStore(redis_url, prefix="t2:"), RedisStore(redis_url, prefix="t2:")
    try:
        waits = [
            await (first if i % 2 else second).take("client", rate=0.01, burst=3, now=0.0)
            for i in range(4)
        ]
        assert waits[:3] == [0.0, 0.0, 0.0]
        assert waits[3] > 1.0  # the bucket is empty on both
        assert await first.take("someone-else", rate=0.01, burst=3, now=0.0) == 0.0
    finally:
        await first.close()
        await second.close()


async def test_an_unreachable_redis_degrades_instead_of_failing() -> None:
    store = RedisStore("redis://127.0.0.1:1/0")
    try:
        assert await store.get("b" * 64) is None
        await store.put("b" * 64, "{ x }")
        assert await store.take("k", rate=1.0, burst=1, now=0.0) == 0.0
    finally:
        await store.close()

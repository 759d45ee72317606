"""Background work of writes that outlive a request's limits: uploads, posts that wait for media
processing, cross-posts. Lifespan-owned.

Each job runs in its own task started with a fresh ``contextvars.Context()``: it sees no request
deadline (a 1 GB upload takes longer than any request may spend upstream) and is not cancelled
when the client goes away, so a retry with the same idempotency key finds its result. Its calls
are bounded by their own timeouts instead. Media uploads also take one of ``max_media`` slots,
because each holds a few ciphertext parts on scratch disk.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from gateway.observability.metrics import Metrics
from gateway.resilience import Timing

logger = logging.getLogger("gateway.jobs")
T = TypeVar("T")


class Jobs:
    """Starts, tracks and, at shutdown, cancels background jobs."""

    def __init__(
        self, *, max_media: int, metrics: Metrics | None = None, timing: Timing | None = None
    ) -> None:
        #: The clock and sleep of jobs' own waits (part backoff, posting retries).
        self.timing = timing or Timing()
        self._tasks: set[asyncio.Task[object]] = set()
        self._media = asyncio.Semaphore(max_media)
        self._metrics = metrics
        self._closed = False

    @property
    def running(self) -> int:
        return len(self._tasks)

    def start(self, make: Callable[[], Awaitable[T]]) -> asyncio.Task[T]:
        """Run ``make()`` in a new task outside every request's context."""
        if self._closed:
            raise RuntimeError("the gateway is shutting down")

        async def body() -> T:
            return await make()

        task = asyncio.get_running_loop().create_task(body(), context=contextvars.Context())
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    async def run(self, make: Callable[[], Awaitable[T]]) -> T:
        """Start a job and wait for it; if the caller is cancelled (the client went away),
        the job still runs to its end."""
        return await asyncio.shield(self.start(make))

    @asynccontextmanager
    async def media_slot(self, on_wait: Callable[[], None] | None = None) -> AsyncIterator[None]:
        """Hold one of the media upload slots while the pipeline runs."""
        if self._media.locked() and on_wait is not None:
            on_wait()
        async with self._media:
            if self._metrics is not None:
                self._metrics.uploads_in_flight.inc()
            try:
                yield
            finally:
                if self._metrics is not None:
                    self._metrics.uploads_in_flight.dec()

    def sent(self, upstream: str, count: int) -> None:
        """``count`` bytes of media reached ``upstream`` (the upload bytes metric)."""
        if self._metrics is not None and count > 0:
            self._metrics.upload_bytes.labels(upstream).inc(count)

    def _finished(self, task: asyncio.Task[object]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # The awaiting request may be gone; the error is reported to it when it is not.
            logger.info("background job ended with %s", type(task.exception()).__name__)

    async def aclose(self) -> None:
        """Cancel what is still running (its clients are about to close) and wait for it."""
        self._closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

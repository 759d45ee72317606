"""Posting retry (contract §4.4): a post of freshly finalized media is refused with
``MEDIA_PROCESSING`` (or ``MEDIA_POSTING_ALREADY_IN_PROGRESS``) for a while, so it is sent again
with exponential backoff until it succeeds, fails otherwise, or the time budget runs out."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from gateway.media.progress import UploadTracker
from gateway.settings import UploadSettings
from gateway.upstreams._http import UpstreamError

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
#: The only refusals that say "the same post will work later".
RETRYABLE_CODES = frozenset({"MEDIA_PROCESSING", "MEDIA_POSTING_ALREADY_IN_PROGRESS"})


class PostingGaveUp(Exception):
    """The media was still processing when the posting budget ran out; nothing was posted."""

    code = "MEDIA_STILL_PROCESSING"

    def __init__(self, *, attempts: int, waited: float, last: UpstreamError) -> None:
        super().__init__(
            f"The media was still processing after {attempts} attempts over {waited:.0f} s"
        )
        self.attempts = attempts
        self.waited = waited
        self.last = last


async def post_when_processed(
    post: Callable[[], Awaitable[T]],
    *,
    settings: UploadSettings,
    sleep: Sleep = asyncio.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    progress: UploadTracker | None = None,
) -> T:
    """Call ``post`` until the upstream stops answering that the media is still processing.

    Waits ``posting_backoff`` seconds first, doubling, each wait capped at
    ``posting_backoff_max``; gives up with ``PostingGaveUp`` once ``posting_give_up`` seconds
    have passed since the first attempt. Any other failure is raised at once. While waiting,
    ``progress`` (if given) shows the ``processing`` phase.
    """
    started = monotonic()
    wait = settings.posting_backoff
    attempts = 0
    while True:
        attempts += 1
        try:
            return await post()
        except UpstreamError as exc:
            if exc.upstream_code not in RETRYABLE_CODES:
                raise
            left = started + settings.posting_give_up - monotonic()
            if left <= 0:
                raise PostingGaveUp(
                    attempts=attempts, waited=monotonic() - started, last=exc
                ) from exc
            if progress is not None:
                progress.set_phase("processing")
            # The last wait is cut short so that the final attempt lands on the budget.
            await sleep(min(wait, settings.posting_backoff_max, left))
            wait = min(wait * 2, settings.posting_backoff_max)

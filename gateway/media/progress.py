"""Observable progress of media uploads: immutable snapshots, a tracker per upload that callbacks
and async watchers follow, and a lifespan-owned registry to find an upload by id."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Literal

Phase = Literal[
    "preflight", "encrypting", "uploading", "finalizing", "processing", "done", "failed"
]
FINAL_PHASES: frozenset[Phase] = frozenset({"done", "failed"})
#: Byte counters publish a snapshot at most once per this many bytes (phases always publish).
PUBLISH_STEP = 1 << 20


@dataclass(frozen=True, slots=True)
class UploadProgress:
    """One upload at one moment.

    ``encrypting`` lasts while plaintext is still being read, although parts already go up
    meanwhile; ``uploading`` is the wait for the last parts. ``bytes_uploaded`` counts ciphertext
    handed to the upstream, so it steps back when a part is sent again after a failure.
    """

    upload_id: str
    phase: Phase = "preflight"
    #: The plaintext size, once pre-flight has measured it.
    bytes_total: int | None = None
    bytes_encrypted: int = 0
    ciphertext_total: int | None = None
    bytes_uploaded: int = 0
    parts_done: int = 0
    parts_total: int | None = None
    media_id: str | None = None
    #: Why the upload failed; safe to show to the client.
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.phase in FINAL_PHASES


class UploadTracker:
    """The progress of one upload: the pipeline reports, observers and watchers follow."""

    def __init__(
        self,
        upload_id: str | None = None,
        *,
        on_change: Callable[[UploadProgress], None] | None = None,
    ) -> None:
        self._current = UploadProgress(upload_id=upload_id or secrets.token_urlsafe(16))
        self._observers: list[Callable[[UploadProgress], None]] = []
        if on_change is not None:
            self._observers.append(on_change)
        self._changed = asyncio.Event()
        self._version = 0
        self._unpublished = 0

    @property
    def upload_id(self) -> str:
        return self._current.upload_id

    @property
    def current(self) -> UploadProgress:
        return self._current

    def subscribe(self, observer: Callable[[UploadProgress], None]) -> Callable[[], None]:
        """Call ``observer`` with every published snapshot; returns the unsubscribe function."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer)

    async def watch(self) -> AsyncIterator[UploadProgress]:
        """The current snapshot, then each newer one, until a final phase. A slow watcher skips
        intermediate snapshots but always gets the latest, and the last."""
        seen = -1
        while True:
            if self._version != seen:
                seen = self._version
                snapshot = self._current
                yield snapshot
                if snapshot.finished:
                    return
                continue
            await self._changed.wait()

    def _publish(self, snapshot: UploadProgress) -> None:
        if self._current.finished:
            return  # a finished upload stays finished
        self._current = snapshot
        self._unpublished = 0
        self._version += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        for observer in list(self._observers):
            observer(snapshot)

    def _update(self, **changes: Any) -> None:
        self._publish(dataclasses.replace(self._current, **changes))

    def _count(self, steps: int, **changes: Any) -> None:
        """Byte counters: always kept exact, published in ``PUBLISH_STEP`` steps."""
        self._unpublished += abs(steps)
        if self._unpublished >= PUBLISH_STEP:
            self._update(**changes)
        else:
            self._current = dataclasses.replace(self._current, **changes)

    def start(
        self, phase: Phase, *, bytes_total: int, ciphertext_total: int, parts_total: int
    ) -> None:
        self._update(
            phase=phase,
            bytes_total=bytes_total,
            ciphertext_total=ciphertext_total,
            parts_total=parts_total,
        )

    def set_phase(self, phase: Phase) -> None:
        if self._current.phase != phase:
            self._update(phase=phase)

    def encrypted(self, count: int) -> None:
        self._count(count, bytes_encrypted=self._current.bytes_encrypted + count)

    def uploaded(self, count: int) -> None:
        """``count`` ciphertext bytes handed to the upstream; negative when a part restarts."""
        self._count(count, bytes_uploaded=self._current.bytes_uploaded + count)

    def part_done(self) -> None:
        self._update(parts_done=self._current.parts_done + 1)

    def media_created(self, media_id: str) -> None:
        self._update(media_id=media_id)

    def finish(self) -> None:
        self._update(phase="done")

    def fail(self, message: str) -> None:
        self._update(phase="failed", error=message)


class UploadRegistry:
    """Uploads by id, for ``upload(id:)`` and subscriptions. Lifespan-owned, never global;
    finished uploads are forgotten ``keep_seconds`` after they finish."""

    def __init__(
        self, *, keep_seconds: float = 3600.0, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._keep = keep_seconds
        self._monotonic = monotonic
        self._trackers: dict[str, UploadTracker] = {}
        self._finished_at: dict[str, float] = {}

    def create(self) -> UploadTracker:
        self._purge()
        tracker = UploadTracker()
        upload_id = tracker.upload_id
        self._trackers[upload_id] = tracker

        def on_change(progress: UploadProgress) -> None:
            if progress.finished:
                self._finished_at[upload_id] = self._monotonic()

        tracker.subscribe(on_change)
        return tracker

    def get(self, upload_id: str) -> UploadTracker | None:
        self._purge()
        return self._trackers.get(upload_id)

    def _purge(self) -> None:
        horizon = self._monotonic() - self._keep
        for upload_id, at in list(self._finished_at.items()):
            if at <= horizon:
                del self._finished_at[upload_id]
                self._trackers.pop(upload_id, None)

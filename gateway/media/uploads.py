"""Uploads by id, each visible only to the caller who started it: the ``UploadRegistry`` plus an
owner, a kind and a status per upload. Lifespan-owned.

An upload may be prepared before the request that carries its file (so a client can follow its
progress from the first byte), then claimed by that request. A prepared upload nobody claims
fails after ``unclaimed_seconds`` and is forgotten like any finished one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Literal

from gateway.media.progress import UploadProgress, UploadRegistry, UploadTracker

UploadKind = Literal["media", "album_content"]
#: ``prepared``: waiting for the request with the file; ``queued``: waiting for a media slot.
Status = Literal["prepared", "queued", "running"]


@dataclass(frozen=True, slots=True)
class UploadState:
    """One upload at one moment, as its owner sees it."""

    kind: UploadKind
    status: Status
    progress: UploadProgress


@dataclass(eq=False)
class OwnedUpload:
    """One upload: its tracker, whose it is, and whether a request has taken it up."""

    tracker: UploadTracker
    owner: str
    kind: UploadKind
    created_at: float
    claimed: bool = False
    queued: bool = False
    _version: int = 0
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def __post_init__(self) -> None:
        self.tracker.subscribe(lambda _: self._bump())

    @property
    def id(self) -> str:
        return self.tracker.upload_id

    def state(self) -> UploadState:
        status: Status = "prepared" if not self.claimed else "queued" if self.queued else "running"
        return UploadState(kind=self.kind, status=status, progress=self.tracker.current)

    def set_queued(self, queued: bool) -> None:
        if self.queued != queued:
            self.queued = queued
            self._bump()

    def claim(self) -> None:
        self.claimed = True
        self._bump()

    async def watch(self) -> AsyncIterator[UploadState]:
        """The current state, then each newer one, until the upload finishes (a slow watcher
        skips intermediate states, never the last)."""
        seen = -1
        while True:
            if self._version != seen:
                seen = self._version
                state = self.state()
                yield state
                if state.progress.finished:
                    return
                continue
            await self._changed.wait()

    def _bump(self) -> None:
        self._version += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()


class OwnedUploads:
    """Creates uploads with unguessable ids and finds them for their owner only."""

    def __init__(
        self,
        *,
        keep_seconds: float,
        unclaimed_seconds: float = 900.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._registry = UploadRegistry(keep_seconds=keep_seconds, monotonic=monotonic)
        self._unclaimed = unclaimed_seconds
        self._monotonic = monotonic
        self._uploads: dict[str, OwnedUpload] = {}

    def create(self, owner: str, kind: UploadKind, *, claimed: bool = True) -> OwnedUpload:
        self._purge()
        upload = OwnedUpload(
            tracker=self._registry.create(),
            owner=owner,
            kind=kind,
            created_at=self._monotonic(),
            claimed=claimed,
        )
        self._uploads[upload.id] = upload
        return upload

    def get(self, upload_id: str, owner: str) -> OwnedUpload | None:
        """The upload, or ``None`` when it is unknown, forgotten or someone else's (the caller
        cannot tell which)."""
        upload = self._uploads.get(upload_id)
        if upload is None or upload.owner != owner:
            return None
        if self._registry.get(upload_id) is None:
            del self._uploads[upload_id]
            return None
        return upload

    def claim(self, upload_id: str, owner: str, kind: UploadKind) -> OwnedUpload | None:
        """Take up a prepared upload of this kind; ``None`` if there is none to take."""
        upload = self.get(upload_id, owner)
        if upload is None or upload.claimed or upload.kind != kind:
            return None
        upload.claim()
        return upload

    def _purge(self) -> None:
        horizon = self._monotonic() - self._unclaimed
        for upload_id, upload in list(self._uploads.items()):
            if not upload.claimed and upload.created_at <= horizon:
                upload.tracker.fail("No file arrived for this upload")
            if self._registry.get(upload_id) is None:
                del self._uploads[upload_id]

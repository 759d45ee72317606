"""The media upload pipeline (contract §4): pre-flight, S1 with a fresh key and IV, the file read
and encrypted as a stream, ciphertext parts ADDed in parallel with per-part retries, and FINALIZE
once every part is in.

Memory stays flat whatever the file size: a part is only built once one of ``part_concurrency``
slots is free, and it keeps its slot (and its bytes, needed to send it again after a failure)
until the upstream has acknowledged it. Parts are written to unlinked temporary files as they
are encrypted (``crypto.py``), so the bytes in flight sit in the page cache, not in the process;
httpx reads each part in 64 KiB slices. Scratch disk per upload is bounded by the same few parts
(4 x 31 MiB with the defaults). ``bench/upload_gateway.py`` measures the RSS growth of a 1 GB
upload through the gateway.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass
from typing import IO, Literal

from gateway.media.crypto import (
    PART_SIZE,
    MediaKey,
    Part,
    ciphertext_size,
    encrypt_parts,
    part_count,
)
from gateway.media.posting import Sleep
from gateway.media.preflight import MediaCheck, MediaRejected, Purpose, SnapRules, check_snap_media
from gateway.media.progress import UploadTracker
from gateway.settings import UploadSettings
from gateway.upstreams._http import UpstreamError, UpstreamTimeout, UpstreamUnavailable
from gateway.upstreams.profiles_upload import CreatedMedia, ProfilesWriter
from gateway.upstreams.streams import CHUNK_SIZE, Readable, SourceSizeMismatch, read_chunks

logger = logging.getLogger("gateway.media")
Stage = Literal["source", "create", "parts", "finalize"]
#: The upstream numbers parts 1 to 35.
MAX_PARTS = 35


class UploadFailed(Exception):
    """The upload did not complete; ``message`` is safe to show to clients.

    ``stage`` says where: reading the file, creating the media (S1), a part that kept failing
    (nothing was finalized) or FINALIZE. ``error`` is the last upstream error, if any.
    """

    code = "UPLOAD_FAILED"

    def __init__(
        self,
        message: str,
        *,
        stage: Stage,
        media_id: str | None = None,
        part_number: int | None = None,
        error: UpstreamError | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.stage = stage
        self.media_id = media_id
        self.part_number = part_number
        self.error = error


@dataclass(frozen=True, slots=True)
class UploadedMedia:
    """A finalized media: its id (valid for 24 h) and what pre-flight read from the file."""

    media_id: str
    check: MediaCheck


def _transient(exc: UpstreamError) -> bool:
    """Timeouts, unreachable upstreams and 5xx: a part (or FINALIZE) is safe to send again."""
    return isinstance(exc, UpstreamTimeout | UpstreamUnavailable) or (exc.status or 0) >= 500


def _first_failure(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The error to report from a task group: a typed upload failure if there is one."""
    flat: list[BaseException] = []
    pending: list[BaseException] = [group]
    while pending:
        error = pending.pop(0)
        if isinstance(error, BaseExceptionGroup):
            pending[:0] = list(error.exceptions)
        else:
            flat.append(error)
    return next((e for e in flat if isinstance(e, UploadFailed)), flat[0])


class MediaUploader:
    """Uploads media to one profile through a ``ProfilesWriter``; one instance serves any number
    of uploads (it keeps no per-upload state)."""

    def __init__(
        self,
        writer: ProfilesWriter,
        *,
        settings: UploadSettings | None = None,
        rules: SnapRules | None = None,
        part_size: int = PART_SIZE,
        chunk_size: int = CHUNK_SIZE,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._writer = writer
        self._settings = settings or UploadSettings()
        self._rules = rules or SnapRules()
        self._part_size = part_size
        self._chunk_size = chunk_size
        self._sleep = sleep
        self._jitter = jitter

    async def upload_file(
        self,
        profile_id: str,
        file: IO[bytes],
        *,
        name: str,
        purpose: Purpose | None,
        size: int | None = None,
        progress: UploadTracker | None = None,
        finish: bool = True,
    ) -> UploadedMedia:
        """Pre-flight a seekable file (``MediaRejected`` before any upstream call), then upload
        it from its current position."""
        progress = progress or UploadTracker()
        progress.set_phase("preflight")
        try:
            check = check_snap_media(file, purpose=purpose, size=size, rules=self._rules)
        except MediaRejected as exc:
            progress.fail(str(exc))
            raise
        media_id = await self.upload(
            profile_id, file, name=name, check=check, progress=progress, finish=finish
        )
        return UploadedMedia(media_id=media_id, check=check)

    async def upload(
        self,
        profile_id: str,
        source: Readable,
        *,
        name: str,
        check: MediaCheck,
        progress: UploadTracker | None = None,
        finish: bool = True,
    ) -> str:
        """Upload ``check.size`` bytes of already checked media from a sync or async source and
        return the finalized media id. ``finish=False`` leaves the progress open for a post."""
        progress = progress or UploadTracker()
        total = ciphertext_size(check.size)
        parts = part_count(total, self._part_size)
        if parts > MAX_PARTS:
            raise ValueError(f"{parts} parts of {self._part_size} bytes; the upstream takes 35")
        progress.start(
            "encrypting", bytes_total=check.size, ciphertext_total=total, parts_total=parts
        )
        try:
            media_id = await self._run(profile_id, source, name, check, progress)
        except UploadFailed as exc:
            progress.fail(exc.message)
            raise
        except BaseException:
            progress.fail("The upload was interrupted")
            raise
        if finish:
            progress.finish()
        return media_id

    async def _run(
        self,
        profile_id: str,
        source: Readable,
        name: str,
        check: MediaCheck,
        progress: UploadTracker,
    ) -> str:
        key = MediaKey.generate()
        try:
            created = await self._writer.create_media(
                profile_id, media_type=check.kind, name=name, key=key.key, iv=key.iv
            )
        except UpstreamError as exc:
            raise UploadFailed(
                f"The media could not be created: {exc.message}", stage="create", error=exc
            ) from exc
        progress.media_created(created.media_id)
        try:
            await self._send_parts(created, source, key, check.size, progress)
        except (OSError, SourceSizeMismatch) as exc:
            raise UploadFailed(
                "The file could not be read", stage="source", media_id=created.media_id
            ) from exc
        progress.set_phase("finalizing")
        await self._retrying(
            lambda: self._writer.finalize(created.finalize_path),
            stage="finalize",
            media_id=created.media_id,
        )
        return created.media_id

    async def _send_parts(
        self,
        created: CreatedMedia,
        source: Readable,
        key: MediaKey,
        size: int,
        progress: UploadTracker,
    ) -> None:
        """Build parts only as slots free up, and send each in its own task; the first part
        that fails for good cancels the rest, so FINALIZE never runs."""
        slots = asyncio.Semaphore(self._settings.part_concurrency)
        chunks = read_chunks(source, chunk_size=self._chunk_size, size=size)
        encrypted = encrypt_parts(
            chunks, key, part_size=self._part_size, size_hint=size, on_encrypted=progress.encrypted
        )
        try:
            async with aclosing(chunks), aclosing(encrypted), asyncio.TaskGroup() as group:
                while True:
                    await slots.acquire()
                    part = await anext(encrypted, None)
                    if part is None:
                        slots.release()
                        break
                    group.create_task(self._send_part(created, part, slots, progress))
                    # Forget the part here: its task alone decides when its bytes go.
                    del part
                progress.set_phase("uploading")
        except BaseExceptionGroup as failures:
            raise _first_failure(failures) from None

    async def _send_part(
        self,
        created: CreatedMedia,
        part: Part,
        slots: asyncio.Semaphore,
        progress: UploadTracker,
    ) -> None:
        sent = 0

        def counted(count: int) -> None:
            nonlocal sent
            sent += count
            progress.uploaded(count)

        async def attempt() -> None:
            nonlocal sent
            if sent:  # a new attempt sends the part from its start
                progress.uploaded(-sent)
                sent = 0
            await self._writer.add_part(
                created.add_path, part_number=part.number, part=part.reader(counted)
            )

        try:
            await self._retrying(
                attempt, stage="parts", media_id=created.media_id, part_number=part.number
            )
            progress.part_done()
        finally:
            part.release()
            slots.release()

    async def _retrying(
        self,
        send: Callable[[], Awaitable[None]],
        *,
        stage: Stage,
        media_id: str,
        part_number: int | None = None,
    ) -> None:
        """Parts are idempotent (a repeated part number replaces the part) and so is FINALIZE
        (a repeat after success is a no-op), so both are sent again after transient failures."""
        attempts = self._settings.part_attempts
        what = f"Part {part_number}" if part_number is not None else "FINALIZE"
        for attempt in range(1, attempts + 1):
            try:
                await send()
                return
            except UpstreamError as exc:
                wait = self._backoff(exc, attempt) if attempt < attempts else None
                if wait is None:
                    tries = f" after {attempt} attempts" if attempt > 1 else ""
                    raise UploadFailed(
                        f"{what} failed{tries}: {exc.message}",
                        stage=stage,
                        media_id=media_id,
                        part_number=part_number,
                        error=exc,
                    ) from exc
                logger.info(
                    "media %s: %s failed with %s; attempt %d in %.2f s",
                    media_id,
                    what,
                    exc.code,
                    attempt + 1,
                    wait,
                )
                await self._sleep(wait)

    def _backoff(self, exc: UpstreamError, attempt: int) -> float | None:
        """Seconds before the next attempt, or ``None`` when the failure is not transient or the
        upstream asks for a longer wait than ``part_backoff_max`` (an open circuit)."""
        if not _transient(exc):
            return None
        longest = self._settings.part_backoff_max
        if exc.retry_after is not None:
            return exc.retry_after if exc.retry_after <= longest else None
        wait = min(longest, self._settings.part_backoff * 2.0 ** (attempt - 1))
        # Equal jitter: parts failing together do not come back together.
        return wait * (0.5 + self._jitter() / 2)

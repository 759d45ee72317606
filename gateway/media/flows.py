"""The bodies of long writes, run as background jobs: a media upload in a slot, posts that wait
for processing and then read what they created, an album content upload with progress, and
the download that starts a cross-post. No GraphQL here; the schema wires these in."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from typing import IO, Any, TypeVar

from gateway.jobs import Jobs
from gateway.media.posting import PostingGaveUp, post_when_processed
from gateway.media.preflight import MediaCheck
from gateway.media.upload import MediaUploader
from gateway.media.uploads import OwnedUpload
from gateway.settings import UploadSettings
from gateway.upstreams._http import UpstreamNotFound
from gateway.upstreams.albums_download import download_to
from gateway.upstreams.albums_upload import AlbumsWriter, UploadedContent
from gateway.upstreams.profiles import ProfilesClient
from gateway.upstreams.profiles_stories import SavedStory, Story
from gateway.upstreams.profiles_types import Page, SubRequestFailure

T = TypeVar("T")
#: Pages read to find what a post just created (it is the newest, so the first page has it).
FIND_PAGES = 3


class StillProcessing(Exception):
    """The post of ``media_id`` gave up while the media was still processing."""

    def __init__(self, media_id: str, *, attempts: int, waited: float) -> None:
        super().__init__(f"The media {media_id} was still processing; post it again later")
        self.media_id = media_id
        self.attempts = attempts
        self.waited = waited


async def upload_media(
    jobs: Jobs,
    uploader: MediaUploader,
    *,
    profile_id: str,
    file: IO[bytes],
    name: str,
    check: MediaCheck,
    upload: OwnedUpload,
    finish: bool,
) -> str:
    """Upload checked media through the pipeline once a media slot is free; the media id."""
    async with jobs.media_slot(on_wait=lambda: upload.set_queued(True)):
        upload.set_queued(False)
        media_id = await uploader.upload(
            profile_id, file, name=name, check=check, progress=upload.tracker, finish=finish
        )
    jobs.sent("profiles", upload.tracker.current.ciphertext_total or 0)
    return media_id


async def post_media(
    post: Callable[[], Awaitable[T]],
    *,
    media_id: str,
    settings: UploadSettings,
    jobs: Jobs,
    upload: OwnedUpload | None = None,
) -> T:
    """Post freshly uploaded media, retrying while it is processing (contract §4.4)."""
    progress = upload.tracker if upload is not None else None
    try:
        return await post_when_processed(
            post,
            settings=settings,
            sleep=jobs.timing.sleep,
            monotonic=jobs.timing.monotonic,
            progress=progress,
        )
    except PostingGaveUp as exc:
        failure = StillProcessing(media_id, attempts=exc.attempts, waited=exc.waited)
        if progress is not None:
            progress.fail(str(failure))
        raise failure from exc


async def _newest(
    fetch: Callable[[str | None], Awaitable[Page[T]]], matches: Callable[[T], bool]
) -> T | None:
    cursor: str | None = None
    for _ in range(FIND_PAGES):
        page = await fetch(cursor)
        for item in page.items:
            if not isinstance(item, SubRequestFailure) and matches(item):
                return item
        if page.next_cursor is None:
            return None
        cursor = page.next_cursor
    return None


async def posted_story(reader: ProfilesClient, profile_id: str, story_id: str | None) -> Story:
    """The story a post went to: the one S6 named, else the live (newest) one."""
    found = await _newest(
        lambda cursor: reader.stories(profile_id, limit=10, cursor=cursor),
        lambda story: story_id is None or story.id == story_id,
    )
    if found is None:
        raise UpstreamNotFound("profiles: the posted story was not found", service="profiles")
    return found


async def created_saved_story(reader: ProfilesClient, profile_id: str, saved_id: str) -> SavedStory:
    found = await _newest(
        lambda cursor: reader.saved_stories(profile_id, visibility="ALL", limit=10, cursor=cursor),
        lambda story: story.id == saved_id,
    )
    if found is None:
        raise UpstreamNotFound("profiles: the saved story was not found", service="profiles")
    return found


class _Counted:
    """An async view of a seekable file whose reads report progress (sending again from the
    start resets it). Reads run in a worker thread; progress is reported on the loop."""

    def __init__(self, file: IO[bytes], upload: OwnedUpload) -> None:
        self._file = file
        self._upload = upload
        self._sent = 0

    async def read(self, size: int = -1) -> bytes:
        data = await asyncio.to_thread(self._file.read, size)
        self._sent += len(data)
        self._upload.tracker.uploaded(len(data))
        return data

    def seek(self, offset: int, whence: int = 0, /) -> int:
        self._upload.tracker.uploaded(-self._sent)
        self._sent = 0
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()


async def upload_album_content(
    jobs: Jobs,
    writer: AlbumsWriter,
    album_id: int,
    file: IO[bytes],
    *,
    check: MediaCheck,
    filename: str,
    upload: OwnedUpload,
) -> UploadedContent:
    """G11, streamed from the spooled file, with its progress."""
    tracker = upload.tracker
    tracker.start("uploading", bytes_total=check.size, ciphertext_total=check.size, parts_total=1)
    try:
        source: Any = _Counted(file, upload)
        done = await writer.upload_content(
            album_id, source, size=check.size, filename=filename, content_type=check.mime
        )
    except BaseException as exc:
        tracker.fail(getattr(exc, "message", None) or "The upload was interrupted")
        raise
    tracker.part_done()
    tracker.finish()
    jobs.sent("albums", check.size)
    return done


async def download(
    fetch: Callable[[IO[bytes]], Awaitable[int]],
) -> IO[bytes]:
    """Run ``fetch`` into a fresh temporary file (on disk: it may be large); rewound."""
    sink: IO[bytes] = await asyncio.to_thread(tempfile.TemporaryFile)
    try:
        await fetch(sink)
        await asyncio.to_thread(sink.seek, 0)
    except BaseException:
        sink.close()
        raise
    return sink


__all__ = [
    "StillProcessing",
    "created_saved_story",
    "download",
    "download_to",
    "post_media",
    "posted_story",
    "upload_album_content",
    "upload_media",
]

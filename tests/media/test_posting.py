"""Posting after FINALIZE (S6, S12, S9): ``MEDIA_PROCESSING`` is waited out with backoff."""

from __future__ import annotations

import io

import pytest

from emulators._common.media import make_mp4, make_png
from emulators.profiles import DEMO_TOKEN
from gateway.media.posting import PostingGaveUp, post_when_processed
from gateway.media.progress import UploadProgress, UploadTracker
from gateway.upstreams._http import UpstreamRejected
from gateway.upstreams.profiles import ProfilesClient
from gateway.upstreams.profiles_upload import SnapSource
from tests.media.conftest import FAST, Profiles

pytestmark = pytest.mark.anyio


async def upload(profiles: Profiles, data: bytes, **options: object) -> str:
    uploaded = await profiles.uploader().upload_file(
        profiles.profile_id, io.BytesIO(data), name="clip", purpose="story", **options
    )
    return uploaded.media_id


def reader(profiles: Profiles) -> ProfilesClient:
    return ProfilesClient(profiles.http, token=DEMO_TOKEN)


async def test_a_story_is_posted_once_processing_is_over(profiles: Profiles) -> None:
    media_id = await upload(profiles, make_mp4(duration_ms=8_000, salt=b"story"))
    writer, time = profiles.writer, profiles.time
    story_id = await post_when_processed(
        lambda: writer.post_story(profiles.profile_id, media_id),
        settings=FAST,
        sleep=time.sleep,
        monotonic=time.monotonic,
    )
    # Processing lasts 3 s of emulator time after FINALIZE: 1 s, then 2 s later it is ready.
    assert time.waits == [1.0, 2.0]
    assert story_id is None  # S6 answers with the envelope only
    stories = await reader(profiles).stories(profiles.profile_id, limit=1, cursor=None)
    latest = stories.items[0]
    snaps = await reader(profiles).story_snaps(
        profiles.profile_id, latest.id, limit=50, cursor=None
    )
    assert any(media_id in (snap.media.media_url or "") for snap in snaps.items)


async def test_a_spotlight_with_progress_through_processing(profiles: Profiles) -> None:
    snapshots: list[UploadProgress] = []
    tracker = UploadTracker(on_change=snapshots.append)
    media_id = await upload(
        profiles, make_mp4(duration_ms=15_000, salt=b"spot"), progress=tracker, finish=False
    )
    assert tracker.current.phase == "finalizing"
    writer, time = profiles.writer, profiles.time
    spotlight_id = await post_when_processed(
        lambda: writer.post_spotlight(
            profiles.profile_id, media_id, locale="en_US", description="hello #world"
        ),
        settings=FAST,
        sleep=time.sleep,
        monotonic=time.monotonic,
        progress=tracker,
    )
    tracker.finish()
    phases = list(dict.fromkeys(s.phase for s in snapshots))
    assert phases == ["encrypting", "uploading", "finalizing", "processing", "done"]
    spotlight = await reader(profiles).spotlight(profiles.profile_id, spotlight_id)
    assert (spotlight.title, spotlight.hashtags, spotlight.status) == (
        "hello #world",
        ("world",),
        "SUBMITTED",
    )
    assert spotlight.duration == 15.0


async def test_a_saved_story_keeps_its_source_order(profiles: Profiles) -> None:
    image = await upload(profiles, make_png(salt=b"saved"))
    clip = await upload(profiles, make_mp4(duration_ms=6_000, salt=b"saved"))
    profiles.emulator.clock.advance(5)
    sources = [SnapSource("media_id", clip), SnapSource("media_id", image)]
    saved_id = await profiles.writer.create_saved_story(
        profiles.profile_id, sources, title="Best of"
    )
    snaps = await reader(profiles).saved_story_snaps(
        profiles.profile_id, saved_id, limit=10, cursor=None
    )
    urls = [snap.media.media_url or "" for snap in snaps.items]
    assert clip in urls[0]
    assert image in urls[1]


async def test_already_in_progress_is_retried_too(profiles: Profiles) -> None:
    media_id = await upload(profiles, make_mp4(duration_ms=8_000, salt=b"busy"))
    profiles.emulator.clock.advance(10)
    profiles.emulator.control.add_fault(
        path_regex=r"/stories$",
        method="POST",
        status=409,
        body={"request_status": "ERROR", "error_code": "MEDIA_POSTING_ALREADY_IN_PROGRESS"},
    )
    writer, time = profiles.writer, profiles.time
    await post_when_processed(
        lambda: writer.post_story(profiles.profile_id, media_id),
        settings=FAST,
        sleep=time.sleep,
        monotonic=time.monotonic,
    )
    assert time.waits == [1.0]


async def test_processing_reported_with_http_200_is_retried(profiles: Profiles) -> None:
    profiles.emulator.control.configure(errors_as_200=True)
    media_id = await upload(profiles, make_mp4(duration_ms=8_000, salt=b"ok"))
    writer, time = profiles.writer, profiles.time
    await post_when_processed(
        lambda: writer.post_story(profiles.profile_id, media_id),
        settings=FAST,
        sleep=time.sleep,
        monotonic=time.monotonic,
    )
    assert time.waits == [1.0, 2.0]


async def test_gives_up_after_the_budget(profiles: Profiles) -> None:
    profiles.emulator.control.configure(media_processing_seconds=10_000)
    media_id = await upload(profiles, make_mp4(duration_ms=8_000, salt=b"slow"))
    writer, time = profiles.writer, profiles.time
    with pytest.raises(PostingGaveUp) as error:
        await post_when_processed(
            lambda: writer.post_story(profiles.profile_id, media_id),
            settings=FAST,
            sleep=time.sleep,
            monotonic=time.monotonic,
        )
    # 1 s doubling, each wait capped at 15 s, 120 s in all.
    assert time.waits == [1.0, 2.0, 4.0, 8.0] + [15.0] * 7
    assert sum(time.waits) == 120.0
    assert error.value.attempts == 12
    assert error.value.last.upstream_code == "MEDIA_PROCESSING"


async def test_other_refusals_are_not_retried(profiles: Profiles) -> None:
    writer, time = profiles.writer, profiles.time
    with pytest.raises(UpstreamRejected) as error:
        await post_when_processed(
            lambda: writer.post_story(profiles.profile_id, "00000000-0000-4000-8000-000000000000"),
            settings=FAST,
            sleep=time.sleep,
            monotonic=time.monotonic,
        )
    assert error.value.upstream_code == "INVALID_REQUEST"
    assert time.waits == []

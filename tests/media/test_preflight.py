"""Pre-flight: bad media is refused from its header, with every reason, before any upstream call."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from emulators._common.media import make_jpeg, make_mp4, make_png
from gateway.media.preflight import (
    MediaRejected,
    Purpose,
    check_album_content,
    check_snap_media,
)
from gateway.media.progress import UploadTracker
from gateway.upstreams.albums_feed import StorageLimits
from tests.media.conftest import Profiles, write_mp4

WEBM = b"\x1a\x45\xdf\xa3" + b"\0" * 64


def codes(error: pytest.ExceptionInfo[MediaRejected]) -> list[str]:
    return [reason.code for reason in error.value.reasons]


@pytest.mark.parametrize("purpose", ["story", "spotlight", "saved_story", None])
def test_a_good_video_passes(purpose: Purpose | None) -> None:
    check = check_snap_media(io.BytesIO(make_mp4(duration_ms=10_000)), purpose=purpose)
    assert (check.kind, check.mime, check.duration_ms) == ("VIDEO", "video/mp4", 10_000)
    assert (check.width, check.height) == (1080, 1920)


def test_the_limits_themselves_pass() -> None:
    for duration in (5_000, 60_000):
        data = make_mp4(duration_ms=duration, width=540, height=960)
        check_snap_media(io.BytesIO(data), purpose="spotlight")


@pytest.mark.parametrize(
    ("data", "purpose", "expected"),
    [
        (make_mp4(duration_ms=4_999), "story", ["TOO_SHORT"]),
        (make_mp4(duration_ms=60_001), "spotlight", ["TOO_LONG"]),
        (make_mp4(duration_ms=10_000, width=539), "story", ["RESOLUTION_TOO_LOW"]),
        (make_mp4(duration_ms=10_000, height=959), "saved_story", ["RESOLUTION_TOO_LOW"]),
        (
            make_mp4(duration_ms=3_000, width=480, height=854),
            "spotlight",
            ["TOO_SHORT", "RESOLUTION_TOO_LOW"],
        ),
        (make_mp4(duration_ms=10_000).replace(b"vide", b"soun"), "story", ["NO_VIDEO_TRACK"]),
        (make_mp4(duration_ms=10_000)[:60], "story", ["UNREADABLE_MP4"]),
        (WEBM, "story", ["NOT_MP4"]),
        (b"GIF89a" + b"\0" * 100, "story", ["UNSUPPORTED_TYPE"]),
        (b"plain text, not media", None, ["UNSUPPORTED_TYPE"]),
        (make_png(), "spotlight", ["IMAGE_NOT_ALLOWED"]),
        (b"", "story", ["EMPTY"]),
    ],
    ids=[
        "too-short",
        "too-long",
        "too-narrow",
        "too-low",
        "short-and-small",
        "no-video-track",
        "truncated",
        "webm",
        "gif",
        "text",
        "image-spotlight",
        "empty",
    ],
)
def test_rejections(data: bytes, purpose: Purpose | None, expected: list[str]) -> None:
    with pytest.raises(MediaRejected) as error:
        check_snap_media(io.BytesIO(data), purpose=purpose)
    assert codes(error) == expected
    assert error.value.code == "MEDIA_REJECTED"
    assert all(reason.message for reason in error.value.reasons)


@pytest.mark.parametrize("purpose", ["story", "saved_story", None])
def test_images_for_stories_and_saved_stories(purpose: Purpose | None) -> None:
    for data, mime in ((make_jpeg(), "image/jpeg"), (make_png(), "image/png")):
        check = check_snap_media(io.BytesIO(data), purpose=purpose)
        assert (check.kind, check.mime, check.size) == ("IMAGE", mime, len(data))


def test_uploads_without_a_purpose_only_need_a_readable_mp4() -> None:
    check = check_snap_media(io.BytesIO(make_mp4(duration_ms=1_000, width=16)), purpose=None)
    assert check.duration_ms == 1_000


def test_too_large_from_a_sparse_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.mp4"
    write_mp4(path, duration_ms=10_000)
    with path.open("r+b") as file:
        file.truncate(1 << 30)  # sparse: 1 GiB long, nothing written
    with path.open("rb") as file:
        with pytest.raises(MediaRejected) as error:
            check_snap_media(file, purpose="story")
        assert codes(error) == ["TOO_LARGE"]
        assert file.tell() == 0
    with path.open("r+b") as file:
        file.truncate((1 << 30) - 1)  # the largest plaintext whose ciphertext fits 1 GiB
    with path.open("rb") as file:
        assert check_snap_media(file, purpose="story").size == (1 << 30) - 1


def test_a_declared_size_wins_over_the_file() -> None:
    data = io.BytesIO(make_mp4(duration_ms=10_000))
    with pytest.raises(MediaRejected) as error:
        check_snap_media(data, purpose="story", size=2 << 30)
    assert codes(error) == ["TOO_LARGE"]


@pytest.mark.parametrize(
    ("data", "purpose", "code"),
    [
        (make_mp4(duration_ms=2_000), "story", "TOO_SHORT"),
        (make_mp4(duration_ms=10_000, width=320, height=240), "spotlight", "RESOLUTION_TOO_LOW"),
        (WEBM, "spotlight", "NOT_MP4"),
        (b"not media at all", "story", "UNSUPPORTED_TYPE"),
    ],
    ids=["too-short", "too-small", "not-mp4", "unknown"],
)
@pytest.mark.anyio
async def test_rejected_media_makes_no_upstream_call(
    profiles: Profiles, data: bytes, purpose: Purpose, code: str
) -> None:
    tracker = UploadTracker()
    with pytest.raises(MediaRejected) as error:
        await profiles.uploader().upload_file(
            profiles.profile_id, io.BytesIO(data), name="clip", purpose=purpose, progress=tracker
        )
    assert codes(error)[0] == code
    assert profiles.total_calls() == 0
    assert tracker.current.phase == "failed"
    assert tracker.current.error == str(error.value)


@pytest.mark.anyio
async def test_too_large_makes_no_upstream_call(profiles: Profiles, tmp_path: Path) -> None:
    path = tmp_path / "huge.mp4"
    write_mp4(path, duration_ms=10_000)
    with path.open("r+b") as file:
        file.truncate(3 << 29)
    with path.open("rb") as file, pytest.raises(MediaRejected) as error:
        await profiles.uploader().upload_file(
            profiles.profile_id, file, name="clip", purpose="spotlight"
        )
    assert codes(error) == ["TOO_LARGE"]
    assert profiles.total_calls() == 0


LIMITS = StorageLimits(
    subscription_type="FreeAlbums",
    max_albums=3,
    max_content_items_per_album=30,
    max_shares=100,
    max_viewable_albums=50,
    max_viewable_videos=50,
    max_content_size=1000,
    max_video_length_ms=15_000,
    min_video_length_ms=1,
    max_shareable_albums=3,
    max_videos_per_album=10,
)


def test_album_content_checks() -> None:
    assert check_album_content(io.BytesIO(make_png()), limits=LIMITS).mime == "image/png"
    assert check_album_content(io.BytesIO(WEBM), limits=LIMITS).kind == "VIDEO"
    video = check_album_content(io.BytesIO(make_mp4(duration_ms=15_000)), limits=LIMITS)
    assert video.duration_ms == 15_000
    cases = [
        (make_mp4(duration_ms=15_001), ["TOO_LONG"]),
        (b"GIF89a", ["UNSUPPORTED_TYPE"]),
        (make_png() + b"\0" * 1000, ["TOO_LARGE"]),
        (make_mp4(duration_ms=20_000) + b"\0" * 1000, ["TOO_LARGE", "TOO_LONG"]),
        (b"", ["EMPTY"]),
    ]
    for data, expected in cases:
        with pytest.raises(MediaRejected) as error:
            check_album_content(io.BytesIO(data), limits=LIMITS)
        assert codes(error) == expected

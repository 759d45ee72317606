"""The upload pipeline against the Public Profile emulator: S1, parallel ADDs with retries,
FINALIZE only after every part, bounded memory, progress, and typed failures."""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from emulators._common.media import make_jpeg, make_mp4
from gateway.media.crypto import PART_SIZE, ciphertext_size, part_count
from gateway.media.preflight import MediaCheck
from gateway.media.progress import UploadProgress, UploadTracker
from gateway.media.upload import UploadFailed
from gateway.settings import UploadSettings
from gateway.upstreams.streams import CHUNK_SIZE, AsyncReadable
from tests.media.conftest import SMALL_CHUNK, SMALL_PART, Profiles, failure, write_mp4

pytestmark = pytest.mark.anyio

MULTIPART = r"/multipart-upload$"


def sha(data: bytes | None) -> str:
    assert data is not None
    return hashlib.sha256(data).hexdigest()


def video(size: int, *, seed: int = 0) -> bytes:
    """A valid 10 s MP4 padded with pseudo-random mdat bytes to about ``size`` bytes."""
    import random

    header = make_mp4(duration_ms=10_000)
    body = random.Random(seed).randbytes(size)
    return header + len(body + b"12345678").to_bytes(4, "big") + b"mdat" + body


async def upload_bytes(profiles: Profiles, data: bytes, **options: Any) -> str:
    uploaded = await profiles.uploader(**options).upload_file(
        profiles.profile_id, io.BytesIO(data), name="clip", purpose="story"
    )
    return uploaded.media_id


async def test_a_100_mb_video_arrives_intact(profiles: Profiles, tmp_path: Path) -> None:
    path = tmp_path / "big.mp4"
    digest = write_mp4(path, duration_ms=20_000, mdat_bytes=100 * 1000 * 1000, seed=7)
    uploader = profiles.uploader(part_size=PART_SIZE, chunk_size=CHUNK_SIZE)
    with path.open("rb") as file:
        uploaded = await uploader.upload_file(
            profiles.profile_id, file, name="big", purpose="spotlight"
        )
    assert sha(profiles.emulator.media_plaintext(uploaded.media_id)) == digest
    assert uploaded.check.duration_ms == 20_000
    parts = part_count(ciphertext_size(path.stat().st_size))
    assert parts == 4
    assert profiles.spy.actions == ["ADD"] * parts + ["FINALIZE"]
    assert profiles.calls() == {
        "POST /v1/public_profiles/{profile_id}/media": 1,
        "POST /{region}/v1/public_profiles/{profile_id}/media/{media_id}/multipart-upload": 5,
    }


async def test_s1_gets_a_fresh_key_and_iv_as_standard_base64(profiles: Profiles) -> None:
    data = video(10_000)
    first, second = await upload_bytes(profiles, data), await upload_bytes(profiles, data)
    created = [json.loads(body) for body in profiles.spy.bodies]
    assert [(c["type"], c["name"]) for c in created] == [("VIDEO", "clip"), ("VIDEO", "clip")]
    assert created[0]["key"] != created[1]["key"]
    assert created[0]["iv"] != created[1]["iv"]
    assert profiles.media(first).key != profiles.media(second).key
    assert profiles.emulator.media_plaintext(first) == data


async def test_images_upload_as_image_media(profiles: Profiles) -> None:
    data = make_jpeg(salt=b"x" * 60_000)
    media_id = await upload_bytes(profiles, data)
    assert profiles.media(media_id).type == "IMAGE"
    assert profiles.emulator.media_plaintext(media_id) == data


async def parallel_upload(profiles: Profiles, data: bytes, slots: int, **options: Any) -> str:
    """Upload while ADDs are held upstream until ``slots`` of them wait at once; then give the
    pipeline many loop turns to send more (it must not), and let them all through."""
    gate = profiles.spy.hold_adds(until=slots)
    task = asyncio.create_task(upload_bytes(profiles, data, **options))
    await profiles.spy.arrivals.wait()
    for _ in range(200):
        await asyncio.sleep(0)
    assert profiles.spy.in_flight == slots
    gate.set()
    return await task


async def test_parts_go_up_in_parallel_four_at_a_time(profiles: Profiles) -> None:
    data = video(12 * SMALL_PART)
    media_id = await parallel_upload(profiles, data, 4)
    assert profiles.spy.max_in_flight == 4
    assert profiles.spy.actions.count("ADD") == part_count(ciphertext_size(len(data)), SMALL_PART)
    assert profiles.spy.actions[-1] == "FINALIZE"
    assert profiles.emulator.media_plaintext(media_id) == data


async def test_the_concurrency_setting_bounds_parallel_parts(profiles: Profiles) -> None:
    data = video(8 * SMALL_PART)
    settings = UploadSettings(part_concurrency=2)
    media_id = await parallel_upload(profiles, data, 2, settings=settings)
    assert profiles.spy.max_in_flight == 2
    assert profiles.emulator.media_plaintext(media_id) == data


class CountingFile(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


async def test_reading_stops_while_every_part_slot_is_busy(profiles: Profiles) -> None:
    """The memory bound, observed from outside: with four ADDs held upstream, the pipeline
    reads no more than four parts (plus one chunk) of the file, whatever its size."""
    data = video(30 * SMALL_PART)
    source = CountingFile(data)
    gate = profiles.spy.hold_adds(until=4)
    tracker = UploadTracker()
    task = asyncio.create_task(
        profiles.uploader().upload_file(
            profiles.profile_id, source, name="clip", purpose=None, progress=tracker
        )
    )
    await profiles.spy.arrivals.wait()
    for _ in range(200):
        await asyncio.sleep(0)
    bound = 4 * SMALL_PART + SMALL_CHUNK
    assert source.bytes_read <= bound
    assert tracker.current.bytes_encrypted <= bound
    assert profiles.spy.in_flight == 4
    gate.set()
    media_id = (await task).media_id
    assert profiles.emulator.media_plaintext(media_id) == data


@pytest.mark.parametrize(
    "fault",
    [
        failure(500),
        failure(502),
        failure(503),
        failure(504),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
    ],
    ids=["500", "502", "503", "504", "connect", "timeout"],
)
async def test_a_failed_part_is_sent_again(profiles: Profiles, fault: Any) -> None:
    profiles.spy.failures["ADD"].append(fault)
    data = video(5 * SMALL_PART)
    tracker = UploadTracker()
    uploaded = await profiles.uploader().upload_file(
        profiles.profile_id, io.BytesIO(data), name="clip", purpose="story", progress=tracker
    )
    parts = part_count(ciphertext_size(len(data)), SMALL_PART)
    assert profiles.spy.actions.count("ADD") == parts + 1
    assert len(profiles.time.waits) == 1
    assert profiles.emulator.media_plaintext(uploaded.media_id) == data
    assert tracker.current.bytes_uploaded == tracker.current.ciphertext_total


async def test_a_fault_injected_upstream_is_retried(profiles: Profiles) -> None:
    profiles.emulator.control.add_fault(path_regex=MULTIPART, method="POST", status=500, times=1)
    data = video(3 * SMALL_PART)
    media_id = await upload_bytes(profiles, data)
    assert profiles.emulator.media_plaintext(media_id) == data
    route = "POST /{region}/v1/public_profiles/{profile_id}/media/{media_id}/multipart-upload"
    assert profiles.calls()[route] == part_count(ciphertext_size(len(data)), SMALL_PART) + 2


async def test_a_permanent_part_failure_finalizes_nothing(profiles: Profiles) -> None:
    profiles.emulator.control.add_fault(path_regex=MULTIPART, method="POST", status=500, times=1000)
    tracker = UploadTracker()
    with pytest.raises(UploadFailed) as error:
        await profiles.uploader().upload_file(
            profiles.profile_id,
            io.BytesIO(video(6 * SMALL_PART)),
            name="clip",
            purpose="story",
            progress=tracker,
        )
    failed = error.value
    assert (failed.code, failed.stage) == ("UPLOAD_FAILED", "parts")
    assert failed.part_number is not None
    assert failed.media_id is not None
    assert failed.error is not None
    assert failed.error.status == 500
    assert "after 4 attempts" in failed.message
    assert "FINALIZE" not in profiles.spy.actions
    media = profiles.media(failed.media_id)
    assert media.finalized_at is None
    assert media.plaintext is None
    assert tracker.current.phase == "failed"
    assert tracker.current.error == failed.message


async def test_a_refused_part_is_not_sent_again(profiles: Profiles) -> None:
    profiles.spy.failures["ADD"].append(failure(400, "MEDIA_EXPIRED"))
    with pytest.raises(UploadFailed) as error:
        await upload_bytes(profiles, video(3 * SMALL_PART))
    assert error.value.error is not None
    assert error.value.error.upstream_code == "MEDIA_EXPIRED"
    assert profiles.time.waits == []
    assert "FINALIZE" not in profiles.spy.actions


async def test_finalize_is_retried_after_a_transient_failure(profiles: Profiles) -> None:
    profiles.spy.failures["FINALIZE"].append(failure(503))
    data = video(2 * SMALL_PART)
    media_id = await upload_bytes(profiles, data)
    assert profiles.spy.actions[-2:] == ["FINALIZE", "FINALIZE"]
    assert profiles.emulator.media_plaintext(media_id) == data


async def test_a_failed_create_is_typed_and_shows_no_key(
    profiles: Profiles, caplog: pytest.LogCaptureFixture
) -> None:
    profiles.emulator.control.add_fault(
        path_regex=r"/media$",
        method="POST",
        status=400,
        body={"request_status": "ERROR", "error_code": "INVALID_REQUEST", "display_message": "no"},
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UploadFailed) as error:
        await upload_bytes(profiles, video(1000))
    assert error.value.stage == "create"
    sent = json.loads(profiles.spy.bodies[0])
    shown = str(error.value) + repr(error.value) + repr(error.value.error) + caplog.text
    assert sent["key"] not in shown
    assert sent["iv"] not in shown
    assert profiles.spy.actions == []


async def test_retries_log_no_key(profiles: Profiles, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    profiles.spy.failures["ADD"].append(failure(500))
    await upload_bytes(profiles, video(SMALL_PART))
    sent = json.loads(profiles.spy.bodies[0])
    assert "attempt 2" in caplog.text
    assert sent["key"] not in caplog.text
    assert sent["iv"] not in caplog.text


class AsyncFile:
    """An async source, like Starlette's ``UploadFile``."""

    def __init__(self, data: bytes) -> None:
        self._file = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        await asyncio.sleep(0)
        return self._file.read(size)


async def test_an_async_source(profiles: Profiles) -> None:
    data = video(3 * SMALL_PART + 5)
    source = AsyncFile(data)
    assert isinstance(source, AsyncReadable)
    check = MediaCheck(kind="VIDEO", mime="video/mp4", size=len(data))
    media_id = await profiles.uploader().upload(
        profiles.profile_id, source, name="clip", check=check
    )
    assert profiles.emulator.media_plaintext(media_id) == data


async def test_a_source_shorter_than_declared(profiles: Profiles) -> None:
    data = video(3 * SMALL_PART)
    check = MediaCheck(kind="VIDEO", mime="video/mp4", size=len(data) + 1)
    with pytest.raises(UploadFailed) as error:
        await profiles.uploader().upload(
            profiles.profile_id, io.BytesIO(data), name="clip", check=check
        )
    assert error.value.stage == "source"
    assert "FINALIZE" not in profiles.spy.actions


async def test_progress_from_start_to_finalize(profiles: Profiles) -> None:
    data = video(7 * SMALL_PART)
    snapshots: list[UploadProgress] = []
    tracker = UploadTracker(on_change=snapshots.append)
    watched: list[UploadProgress] = []

    async def watch() -> None:
        async for snapshot in tracker.watch():
            watched.append(snapshot)

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(0)
    await profiles.uploader().upload_file(
        profiles.profile_id, io.BytesIO(data), name="clip", purpose="story", progress=tracker
    )
    await watcher
    phases = [s.phase for s in snapshots]
    assert list(dict.fromkeys(phases)) == ["encrypting", "uploading", "finalizing", "done"]
    assert watched[0].phase == "preflight"
    assert watched[-1].phase == "done"
    total = ciphertext_size(len(data))
    parts = part_count(total, SMALL_PART)
    start = snapshots[0]
    assert (start.bytes_total, start.ciphertext_total, start.parts_total) == (
        len(data),
        total,
        parts,
    )
    finalizing = next(s for s in snapshots if s.phase == "finalizing")
    assert finalizing.parts_done == parts
    assert finalizing.bytes_uploaded == total
    assert finalizing.bytes_encrypted == len(data)
    assert finalizing.media_id is not None
    for earlier, later in itertools.pairwise(snapshots):
        assert later.bytes_encrypted >= earlier.bytes_encrypted
        assert later.parts_done >= earlier.parts_done
    assert [s.parts_done for s in snapshots if s.phase != "done"][-1] == parts
    assert snapshots[-1].finished
    assert snapshots[-1].error is None

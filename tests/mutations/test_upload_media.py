"""``uploadMedia`` through the GraphQL multipart spec: a ~100 MB video arrives intact, a failed
part is retried, a permanent failure finalizes nothing, and bad media costs no upstream call."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest

from emulators._common.media import make_mp4, make_png
from emulators.profiles import DEMO_PROFILE_ID
from tests.media.conftest import write_mp4
from tests.mutations.conftest import WriteStack, video, write_stack

pytestmark = pytest.mark.anyio

UPLOAD = """
mutation ($input: UploadMediaInput!) {
  uploadMedia(input: $input) {
    __typename
    ... on MediaUploaded {
      mediaId mediaKind profileId
      upload { id kind phase bytesTotal ciphertextTotal bytesUploaded partsDone partsTotal mediaId }
    }
    ... on MutationError { message code }
    ... on MediaRejected { reasons { code message } }
    ... on UploadFailed { stage partNumber mediaId }
    ... on InvalidInput { field }
  }
}
"""
MULTIPART = r"/multipart-upload$"
ADDS = "POST /{region}/v1/public_profiles/{profile_id}/media/{media_id}/multipart-upload"


async def upload_media(
    stack: WriteStack, name: str, data: Any, mime: str = "video/mp4", **extra: Any
) -> dict[str, Any]:
    body = await stack.upload(
        UPLOAD, {"input": {"file": None, **extra}}, {"input.file": (name, data, mime)}
    )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["uploadMedia"]
    return result


async def test_a_100_mb_video_arrives_intact(tmp_path: Path) -> None:
    path = tmp_path / "big.mp4"
    digest = write_mp4(path, duration_ms=20_000, mdat_bytes=100 * 1000 * 1000, seed=3)
    async with write_stack() as stack:
        started = time.perf_counter()
        with path.open("rb") as file:
            result = await upload_media(stack, "big.mp4", file, purpose="SPOTLIGHT")
        elapsed = time.perf_counter() - started
        assert result["__typename"] == "MediaUploaded", result
        media_id = result["mediaId"]
        plaintext = stack.profiles.media_plaintext(media_id)
        assert hashlib.sha256(plaintext).hexdigest() == digest
        size = path.stat().st_size
        assert result["upload"] == {
            "id": result["upload"]["id"],
            "kind": "MEDIA",
            "phase": "DONE",
            "bytesTotal": float(size),
            "ciphertextTotal": float(size + 16 - size % 16),
            "bytesUploaded": float(size + 16 - size % 16),
            "partsDone": 4,
            "partsTotal": 4,
            "mediaId": media_id,
        }
        assert stack.gate is not None
        assert stack.gate.actions == ["ADD"] * 4 + ["FINALIZE"]
        print(f"\n100 MB uploadMedia: {elapsed:.2f} s wall time")


async def test_an_image_with_the_file_name_as_the_media_name(stack: WriteStack) -> None:
    data = make_png(salt=b"picture" * 100)
    result = await upload_media(stack, "My picture!.png", data, "image/png")
    assert result["__typename"] == "MediaUploaded"
    assert result["mediaKind"] == "IMAGE"
    assert result["profileId"] == DEMO_PROFILE_ID
    media = stack.profiles.store.media[result["mediaId"]]
    assert media.name == "My picture_.png"
    assert stack.profiles.media_plaintext(result["mediaId"]) == data
    metrics = (await stack.client.get("/metrics")).text
    sent = len(data) + 16 - len(data) % 16  # the ciphertext
    assert f'mediagraph_upload_bytes_total{{upstream="profiles"}} {float(sent)}' in metrics


async def test_a_failed_part_is_retried_and_the_upload_succeeds(
    stack: WriteStack, tmp_path: Path
) -> None:
    stack.profiles.control.add_fault(path_regex=MULTIPART, method="POST", status=503, times=1)
    path = video(tmp_path / "clip.mp4", mdat_bytes=300_000)
    with path.open("rb") as file:
        result = await upload_media(stack, "clip.mp4", file)
    assert result["__typename"] == "MediaUploaded"
    assert stack.profiles.media_plaintext(result["mediaId"]) == path.read_bytes()
    # One part, sent twice, then FINALIZE; the backoff was waited on the fake clock.
    assert stack.calls()[ADDS] == 3
    assert len(stack.time.waits) == 1


async def test_a_permanent_part_failure_finalizes_nothing(
    stack: WriteStack, tmp_path: Path
) -> None:
    stack.profiles.control.add_fault(path_regex=MULTIPART, method="POST", status=500, times=100)
    path = video(tmp_path / "clip.mp4", mdat_bytes=300_000)
    with path.open("rb") as file:
        result = await upload_media(stack, "clip.mp4", file)
    assert result["__typename"] == "UploadFailed"
    assert result["stage"] == "PARTS"
    assert result["partNumber"] == 1
    assert result["code"] == "UPLOAD_FAILED"
    media = stack.profiles.store.media[result["mediaId"]]
    assert media.finalized_at is None  # never finalized
    assert stack.gate is not None
    assert "FINALIZE" not in stack.gate.actions
    assert stack.calls()[ADDS] == 4  # the part's four attempts


@pytest.mark.parametrize(
    ("name", "data", "purpose", "codes"),
    [
        ("short.mp4", make_mp4(duration_ms=3_000), "STORY", ["TOO_SHORT"]),
        (
            "small.mp4",
            make_mp4(duration_ms=10_000, width=320, height=480),
            "SPOTLIGHT",
            ["RESOLUTION_TOO_LOW"],
        ),
        ("clip.webm", b"\x1a\x45\xdf\xa3" + bytes(100), None, ["NOT_MP4"]),
        ("notes.txt", b"hello", None, ["UNSUPPORTED_TYPE"]),
        ("photo.png", make_png(), "SPOTLIGHT", ["IMAGE_NOT_ALLOWED"]),
    ],
)
async def test_invalid_media_is_rejected_with_zero_upstream_calls(
    stack: WriteStack, name: str, data: bytes, purpose: str | None, codes: list[str]
) -> None:
    stack.reset_calls()
    result = await upload_media(stack, name, data, purpose=purpose)
    assert result["__typename"] == "MediaRejected"
    assert [reason["code"] for reason in result["reasons"]] == codes
    assert stack.total_calls() == 0


async def test_too_large_media_is_rejected_with_zero_upstream_calls(tmp_path: Path) -> None:
    # A sparse file over 1 GiB: its header says MP4, its size says too large.
    path = tmp_path / "huge.mp4"
    header = make_mp4(duration_ms=10_000)
    with path.open("wb") as out:
        out.write(header)
        out.truncate((1 << 30) + 1)
    async with write_stack() as stack:
        stack.reset_calls()
        with path.open("rb") as file:
            result = await upload_media(stack, "huge.mp4", file)
        assert result["__typename"] == "MediaRejected"
        assert [reason["code"] for reason in result["reasons"]] == ["TOO_LARGE"]
        assert stack.total_calls() == 0


async def test_an_upload_over_the_multipart_limit_is_413() -> None:
    from gateway.settings import HTTPSafety

    async with write_stack(http=HTTPSafety(rate_per_second=0, max_upload_bytes=10_000)) as stack:
        response = await stack.multipart(
            UPLOAD, {"input": {"file": None}}, {"input.file": ("a.png", bytes(20_000), "image/png")}
        )
        assert response.status_code == 413
        assert stack.total_calls() == 0


async def test_a_bad_profile_id_is_invalid_input(stack: WriteStack) -> None:
    stack.reset_calls()
    result = await upload_media(stack, "a.png", make_png(), "image/png", profileId="nope")
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == ["input", "profileId"]
    assert stack.total_calls() == 0


async def test_another_organizations_profile_is_forbidden(stack: WriteStack) -> None:
    from emulators.profiles import OTHER_PROFILE_ID

    result = await upload_media(stack, "a.png", make_png(), "image/png", profileId=OTHER_PROFILE_ID)
    assert result["__typename"] == "Forbidden"
    assert result["code"] == "FORBIDDEN"

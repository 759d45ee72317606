"""Contract tests for S1-S3 and the upload pipeline of §4 (encrypt, split, ADD, FINALIZE)."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest

from emulators.profiles import DEMO_PROFILE_ID, OTHER_PROFILE_ID, OTHER_TOKEN

pytestmark = pytest.mark.anyio


def sha(data: bytes | None) -> str:
    assert data is not None
    return hashlib.sha256(data).hexdigest()


async def test_s01_create_media(api: Any) -> None:
    key, iv = os.urandom(32), os.urandom(16)
    response = await api.create_media("VIDEO", key=key, iv=iv)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"request_id", "request_status", "media_id", "add_path", "finalize_path"}
    assert body["request_status"] == "SUCCESS"
    uuid.UUID(body["media_id"])
    uuid.UUID(body["request_id"])
    expected = f"/us/v1/public_profiles/{DEMO_PROFILE_ID}/media/{body['media_id']}/multipart-upload"
    assert body["add_path"] == body["finalize_path"] == expected
    image = await api.create_media("IMAGE", key=key, iv=iv)
    assert image.status_code == 200


async def test_s01_parses_json_without_content_type(api: Any) -> None:
    import base64

    raw = json.dumps(
        {
            "type": "IMAGE",
            "name": "n",
            "key": base64.b64encode(os.urandom(32)).decode(),
            "iv": base64.b64encode(os.urandom(16)).decode(),
        }
    ).encode()
    response = await api.post(f"{api.prefix()}/media", content=raw)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "patch",
    [
        {"type": "AUDIO"},
        {"type": None},
        {"name": ""},
        {"name": 5},
        {"key": "c2hvcnQ="},
        {"key": "not base64!"},
        {"iv": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
        {"iv": 16},
    ],
)
async def test_s01_validation(api: Any, patch: dict[str, Any]) -> None:
    import base64

    body = {
        "type": "VIDEO",
        "name": "clip",
        "key": base64.b64encode(os.urandom(32)).decode(),
        "iv": base64.b64encode(os.urandom(16)).decode(),
        **patch,
    }
    response = await api.post(f"{api.prefix()}/media", json=body)
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_REQUEST"


async def test_s01_access(api: Any) -> None:
    key, iv = os.urandom(32), os.urandom(16)
    assert (await api.create_media(key=key, iv=iv, token=OTHER_TOKEN)).status_code == 403
    unknown = str(uuid.UUID(int=7))
    assert (await api.create_media(key=key, iv=iv, profile_id=unknown)).status_code == 404
    response = await api.post(f"{api.prefix()}/media", json={}, token=None)
    assert response.status_code == 401
    assert response.json()["error_code"] == "UNAUTHORIZED"


async def test_s02_add_part(api: Any) -> None:
    media_id, path, _, _ = await api.start_upload()
    response = await api.add(path, 1, b"\0" * 32)
    assert response.status_code == 200
    assert set(response.json()) == {"request_id", "request_status"}
    media = api.emulator.store.media[media_id]
    assert set(media.parts) == {1}
    assert media.part_bytes == 32
    for bad in (0, 36, "x", "", "1.5", "-1"):
        response = await api.add(path, bad, b"\0" * 16)
        assert response.status_code == 400, bad
        assert "part_number" in response.json()["debug_message"]
    fields = {"action": (None, "ADD"), "part_number": (None, "2")}
    missing_file = await api.post(path, files=fields)
    assert missing_file.status_code == 400
    assert "file" in missing_file.json()["debug_message"]
    assert (await api.add(path, 2, b"")).status_code == 400
    no_action = await api.post(path, data={"part_number": "2"}, files={"file": ("f", b"x")})
    assert no_action.status_code == 400


async def test_s02_unknown_media_and_foreign_profile(api: Any) -> None:
    _, path, _, _ = await api.start_upload()
    unknown = path.replace(path.split("/")[-2], str(uuid.UUID(int=1)))
    assert (await api.add(unknown, 1, b"\0" * 16)).status_code == 404
    foreign = path.replace(DEMO_PROFILE_ID, OTHER_PROFILE_ID)
    response = await api.add(foreign, 1, b"\0" * 16, token=OTHER_TOKEN)
    assert response.status_code == 404
    assert (await api.add(path, 1, b"\0" * 16, token=OTHER_TOKEN)).status_code == 403


async def test_s03_finalize(api: Any) -> None:
    plain = api.video()
    media_id, path, key, iv = await api.start_upload()
    cipher = api_encrypt(plain, key, iv)
    assert (await api.add(path, 1, cipher)).status_code == 200
    response = await api.finalize(path)
    assert response.status_code == 200
    assert set(response.json()) == {"request_id", "request_status"}
    assert sha(api.emulator.media_plaintext(media_id)) == sha(plain)
    # A repeat FINALIZE is a no-op; an ADD after it is refused.
    assert (await api.finalize(path)).status_code == 200
    late = await api.add(path, 2, b"\0" * 16)
    assert late.status_code == 400
    assert "finalized" in late.json()["debug_message"]


def api_encrypt(plain: bytes, key: bytes, iv: bytes) -> bytes:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()


async def test_pipeline_any_order_round_trip(api: Any) -> None:
    plain = api.video(extra=2 * 1024 * 1024 + 123)
    media_id = await api.upload(plain, part_size=500_000, order=[3, 0, 4, 1, 2])
    assert sha(api.emulator.media_plaintext(media_id)) == sha(plain)
    served = await api.get(f"/cdn/media/{media_id}", token=None)
    assert served.status_code == 200
    assert served.headers["content-type"] == "video/mp4"
    assert sha(served.content) == sha(plain)


async def test_pipeline_parallel_adds(api: Any) -> None:
    plain = api.video(extra=1_000_000)
    media_id, path, key, iv = await api.start_upload()
    cipher = api_encrypt(plain, key, iv)
    size = 262_144
    parts = [cipher[i : i + size] for i in range(0, len(cipher), size)]
    statuses: list[int] = []

    async def send(number: int, chunk: bytes) -> None:
        statuses.append((await api.add(path, number, chunk)).status_code)

    async with anyio.create_task_group() as group:
        for number, chunk in reversed(list(enumerate(parts, 1))):
            group.start_soon(send, number, chunk)
    assert statuses == [200] * len(parts)
    assert (await api.finalize(path)).status_code == 200
    assert sha(api.emulator.media_plaintext(media_id)) == sha(plain)


async def test_pipeline_repeated_part_replaces(api: Any) -> None:
    plain = api.png()
    media_id, path, key, iv = await api.start_upload("IMAGE")
    cipher = api_encrypt(plain, key, iv)
    assert (await api.add(path, 1, b"\1" * 48)).status_code == 200
    assert (await api.add(path, 1, cipher)).status_code == 200
    assert api.emulator.store.media[media_id].part_bytes == len(cipher)
    assert (await api.finalize(path)).status_code == 200
    assert api.emulator.media_plaintext(media_id) == plain


async def test_pipeline_missing_part(api: Any) -> None:
    media_id, path, key, iv = await api.start_upload()
    cipher = api_encrypt(api.video(extra=100_000), key, iv)
    third = len(cipher) // 3 // 16 * 16
    assert (await api.add(path, 1, cipher[:third])).status_code == 200
    assert (await api.add(path, 3, cipher[2 * third :])).status_code == 200
    response = await api.finalize(path)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Missing part 2"
    # Not a failure: the part can still come, then FINALIZE succeeds.
    assert (await api.add(path, 2, cipher[third : 2 * third])).status_code == 200
    assert (await api.finalize(path)).status_code == 200
    empty_id, empty_path, _, _ = await api.start_upload()
    response = await api.finalize(empty_path)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Missing part 1"
    assert media_id != empty_id


async def test_pipeline_bad_padding_fails_the_media(api: Any) -> None:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    media_id, path, key, iv = await api.start_upload()
    # Block-aligned plaintext encrypted without padding: its last byte (0) is no valid pad.
    raw = api.video()
    raw += b"\0" * (-len(raw) % 16 or 16)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    cipher = encryptor.update(raw) + encryptor.finalize()
    assert (await api.add(path, 1, cipher)).status_code == 200
    response = await api.finalize(path)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Media decryption failed"
    store = api.emulator.store
    assert store.media_state(store.media[media_id]).value == "FAILED"
    assert (await api.add(path, 1, cipher)).status_code == 400
    assert (await api.finalize(path)).status_code == 400
    post = await api.post(f"{api.prefix()}/stories", json={"media_id": media_id})
    assert post.status_code == 400


async def test_pipeline_ciphertext_not_block_aligned(api: Any) -> None:
    _, path, key, iv = await api.start_upload()
    cipher = api_encrypt(api.video(), key, iv)
    assert (await api.add(path, 1, cipher[:-1])).status_code == 200
    response = await api.finalize(path)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Media decryption failed"


@pytest.mark.parametrize(("declared", "kind"), [("VIDEO", "png"), ("IMAGE", "video")])
async def test_pipeline_type_mismatch(api: Any, declared: str, kind: str) -> None:
    plain = api.png() if kind == "png" else api.video()
    media_id, path, key, iv = await api.start_upload(declared)
    assert (await api.add(path, 1, api_encrypt(plain, key, iv))).status_code == 200
    response = await api.finalize(path)
    assert response.status_code == 400
    assert response.json()["debug_message"].startswith("Media type mismatch")
    assert api.emulator.store.media[media_id].failed


async def test_pipeline_jpeg_image(api: Any) -> None:
    plain = api.jpeg()
    media_id = await api.upload(plain, "IMAGE")
    served = await api.get(f"/cdn/media/{media_id}", token=None)
    assert served.headers["content-type"] == "image/jpeg"
    assert served.content == plain


async def test_pipeline_oversize_part(api: Any) -> None:
    api.emulator.control.configure(max_add_request_bytes=64 * 1024)
    _, path, _, _ = await api.start_upload()
    response = await api.add(path, 1, b"\0" * (64 * 1024))
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Media size is too large"
    assert (await api.add(path, 1, b"\0" * (60 * 1024))).status_code == 200


async def test_pipeline_cap_checked_before_reading_the_body(api: Any) -> None:
    _, path, _, _ = await api.start_upload()
    read = False

    async def body() -> AsyncIterator[bytes]:
        nonlocal read
        read = True
        yield b"x" * 16

    headers = {
        "content-type": "multipart/form-data; boundary=abc",
        "content-length": str(33_554_433),
    }
    response = await api.post(path, content=body(), headers=headers)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Media size is too large"
    assert read is False


async def test_pipeline_cap_on_a_streamed_body(api: Any) -> None:
    api.emulator.control.configure(max_add_request_bytes=100_000)
    _, path, _, _ = await api.start_upload()
    request = httpx.Request(
        "POST",
        "http://profiles.test" + path,
        data={"action": "ADD", "part_number": "1"},
        files={"file": ("f", b"\0" * 150_000)},
    )
    payload = request.read()
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        for start in range(0, len(payload), 10_000):
            sent += 1
            yield payload[start : start + 10_000]

    # No Content-Length: the emulator must count the streamed bytes itself.
    headers = {"content-type": request.headers["content-type"]}
    response = await api.post(path, content=chunks(), headers=headers)
    assert response.status_code == 400
    assert response.json()["debug_message"] == "Media size is too large"
    assert sent < len(payload) // 10_000


async def test_pipeline_total_cap(api: Any) -> None:
    api.emulator.control.configure(max_total_ciphertext_bytes=1_000)
    _, path, _, _ = await api.start_upload()
    assert (await api.add(path, 1, b"\0" * 608)).status_code == 200
    response = await api.add(path, 2, b"\0" * 400)
    assert response.status_code == 400
    assert "Media size is too large" in response.json()["debug_message"]
    # Replacing part 1 frees its bytes first.
    assert (await api.add(path, 1, b"\0" * 592)).status_code == 200
    assert (await api.add(path, 2, b"\0" * 400)).status_code == 200


async def test_pipeline_expired_media(api: Any) -> None:
    media_id, path, key, iv = await api.start_upload()
    cipher = api_encrypt(api.video(), key, iv)
    assert (await api.add(path, 1, cipher)).status_code == 200
    api.clock.advance(24 * 3600)
    for response in (await api.add(path, 2, cipher), await api.finalize(path)):
        assert response.status_code == 400
        assert response.json()["error_code"] == "MEDIA_EXPIRED"
    ready = await api.upload(api.video())
    api.clock.advance(24 * 3600)
    post = await api.post(f"{api.prefix()}/stories", json={"media_id": ready})
    assert post.json()["error_code"] == "MEDIA_EXPIRED"
    assert media_id != ready


async def test_pipeline_processing_window(api: Any) -> None:
    media_id = await api.upload(api.video(), ready=False)
    story = f"{api.prefix()}/stories"
    first = await api.post(story, json={"media_id": media_id})
    assert first.status_code == 400
    assert first.json()["error_code"] == "MEDIA_PROCESSING"
    api.clock.advance(2.9)
    assert (await api.post(story, json={"media_id": media_id})).status_code == 400
    api.clock.advance(0.1)
    assert (await api.post(story, json={"media_id": media_id})).status_code == 200
    api.emulator.control.configure(media_processing_seconds=0.0)
    instant = await api.upload(api.video(), ready=False)
    assert (await api.post(story, json={"media_id": instant})).status_code == 200


async def test_pipeline_unfinalized_and_unknown_media_cannot_be_posted(api: Any) -> None:
    media_id, _, _, _ = await api.start_upload()
    story = f"{api.prefix()}/stories"
    response = await api.post(story, json={"media_id": media_id})
    assert response.status_code == 400
    assert "not finalized" in response.json()["debug_message"]
    unknown = await api.post(story, json={"media_id": str(uuid.UUID(int=3))})
    assert unknown.status_code == 400
    assert unknown.json()["error_code"] == "INVALID_REQUEST"

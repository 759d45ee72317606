"""The one upload near the real caps: 31 MiB parts pass, a part of exactly 32 MiB does not."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

pytestmark = pytest.mark.anyio

MIB = 1024 * 1024


async def test_31_mib_parts_pass_and_an_exact_32_mib_part_is_refused(api: Any) -> None:
    plain = api.video(seconds=20, extra=40 * MIB)
    media_id, path, key, iv = await api.start_upload()
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    cipher = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    # Client code saw a part of exactly 32 MiB refused: with the framing it is over the cap.
    exact = await api.add(path, 1, cipher[: 32 * MIB])
    assert exact.status_code == 400
    assert exact.json()["debug_message"] == "Media size is too large"
    size = 31 * MIB
    assert (await api.add(path, 2, cipher[size:])).status_code == 200
    assert (await api.add(path, 1, cipher[:size])).status_code == 200
    assert (await api.finalize(path)).status_code == 200
    got = api.emulator.media_plaintext(media_id)
    assert got is not None
    assert hashlib.sha256(got).digest() == hashlib.sha256(plain).digest()
    api.clock.advance(3)
    assert (await api.post_spotlight(media_id)).status_code == 200

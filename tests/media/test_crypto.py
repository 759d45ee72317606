"""Streaming AES-256-CBC/PKCS#7 and the cut into fixed-size ciphertext parts."""

from __future__ import annotations

import asyncio
import base64
import os
import pickle
import random
import shutil
import subprocess
from collections.abc import AsyncIterator

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gateway.media.crypto import (
    PART_SIZE,
    MediaKey,
    Part,
    ciphertext_size,
    encrypt_parts,
    part_count,
)


def reference(plain: bytes, key: MediaKey) -> bytes:
    """The contract's own snippet (§4.1): the whole file at once."""
    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(key.key), modes.CBC(key.iv)).encryptor()
    return enc.update(padder.update(plain) + padder.finalize()) + enc.finalize()


async def chunked(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def collect(parts: AsyncIterator[Part]) -> list[tuple[int, bytes]]:
    out = []
    async for part in parts:
        out.append((part.number, part.reader().read()))
        part.release()
    return out


def test_part_size_is_31_mib() -> None:
    assert PART_SIZE == 32_505_856


def test_fresh_key_and_iv_every_time() -> None:
    keys = [MediaKey.generate() for _ in range(50)]
    assert {len(k.key) for k in keys} == {32}
    assert {len(k.iv) for k in keys} == {16}
    assert len({k.key for k in keys}) == 50
    assert len({k.iv for k in keys}) == 50
    assert base64.b64decode(keys[0].key_b64, validate=True) == keys[0].key
    assert base64.b64decode(keys[0].iv_b64, validate=True) == keys[0].iv


def test_key_material_never_shows() -> None:
    key = MediaKey.generate()
    shown = repr(key) + str(key) + f"{key}" + repr([key])
    for secret in (key.key_b64, key.iv_b64, key.key.hex(), key.iv.hex()):
        assert secret not in shown
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(ValueError, match="32 bytes") as bad:
        MediaKey(b"k" * 31, b"i" * 16)
    assert "kkkk" not in str(bad.value)


def test_sizes() -> None:
    assert ciphertext_size(0) == 16
    assert ciphertext_size(15) == 16
    assert ciphertext_size(16) == 32
    assert part_count(16) == 1
    assert part_count(PART_SIZE) == 1
    assert part_count(PART_SIZE + 1) == 2
    # The largest plaintext that fits the 1 GiB ciphertext cap takes 34 parts.
    assert part_count(ciphertext_size((1 << 30) - 1)) == 34


@pytest.mark.parametrize(
    ("size", "part_size", "chunk"),
    [
        (0, 1024, 100),
        (15, 1024, 7),
        (16, 16, 16),
        (5000, 1024, 333),
        (4096, 1024, 4096),  # parts end exactly on a chunk edge
        (10_000, 1000, 999),  # a part size that is not a whole number of blocks
        (70_000, 65_536, 65_536),
    ],
)
@pytest.mark.anyio
async def test_parts_concatenate_to_the_whole_file_ciphertext(
    size: int, part_size: int, chunk: int
) -> None:
    plain = random.Random(size).randbytes(size)
    key = MediaKey.generate()
    parts = await collect(
        encrypt_parts(chunked(plain, chunk), key, part_size=part_size, size_hint=size)
    )
    expected = reference(plain, key)
    assert b"".join(data for _, data in parts) == expected
    assert [number for number, _ in parts] == list(range(1, len(parts) + 1))
    assert all(len(data) == part_size for _, data in parts[:-1])
    assert 0 < len(parts[-1][1]) <= part_size
    assert len(parts) == part_count(len(expected), part_size)


@pytest.mark.parametrize("hint", [None, 10, 1_000_000])
@pytest.mark.anyio
async def test_a_wrong_size_hint_only_changes_allocation(hint: int | None) -> None:
    plain = os.urandom(5000)
    key = MediaKey.generate()
    parts = await collect(encrypt_parts(chunked(plain, 700), key, part_size=2048, size_hint=hint))
    assert b"".join(data for _, data in parts) == reference(plain, key)


@pytest.mark.anyio
async def test_matches_openssl_enc() -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    plain = os.urandom(100_003)
    key = MediaKey.generate()
    parts = await collect(encrypt_parts(chunked(plain, 4096), key, part_size=32 * 1024))
    # What the docs run (§4.1): openssl's default PKCS#7 padding, no salt.
    command = [openssl, "enc", "-aes-256-cbc", "-nosalt", "-K", key.key.hex(), "-iv", key.iv.hex()]
    result = await asyncio.to_thread(
        subprocess.run, command, input=plain, capture_output=True, check=True
    )
    assert b"".join(data for _, data in parts) == result.stdout


def test_part_reader_is_a_seekable_file() -> None:
    part = Part(3, bytearray(b"0123456789"), 10)
    reader = part.reader()
    assert reader.read(4) == b"0123"
    assert reader.tell() == 4
    assert reader.seek(0, 2) == 10
    assert reader.read() == b""
    reader.seek(0)
    assert reader.read() == b"0123456789"
    part.release()
    reader.seek(0)
    assert reader.read() == b""
    assert "0123" not in repr(part)

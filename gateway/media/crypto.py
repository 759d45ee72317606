"""Media encryption for the Public Profile upload (contract §4.1): a fresh AES-256 key and IV per
upload, AES-256-CBC with PKCS#7 padding over the whole file as a stream, and the ciphertext cut
into parts of exactly ``PART_SIZE`` bytes (the last one smaller).
"""

from __future__ import annotations

import asyncio
import base64
import secrets
from collections.abc import AsyncGenerator, AsyncIterable, Callable
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_BYTES = 32
IV_BYTES = 16
BLOCK_BYTES = 16
#: 31 MiB: the upstream refuses a whole ADD request body over 32 MiB, framing included (§4.2).
PART_SIZE = 31 * 1024 * 1024
#: The upstream's cap on the sum of a media's ciphertext parts.
MAX_CIPHERTEXT_BYTES = 1 << 30


class MediaKey:
    """The AES-256 key and CBC IV of one upload. Never shown by ``repr``/``str``, never pickled."""

    __slots__ = ("_iv", "_key")

    def __init__(self, key: bytes, iv: bytes) -> None:
        # The messages name the lengths only: an error must never carry key material.
        if len(key) != KEY_BYTES:
            raise ValueError(f"an AES-256 key is {KEY_BYTES} bytes")
        if len(iv) != IV_BYTES:
            raise ValueError(f"a CBC IV is {IV_BYTES} bytes")
        self._key = bytes(key)
        self._iv = bytes(iv)

    @classmethod
    def generate(cls) -> MediaKey:
        """A fresh key and IV from the operating system's CSPRNG."""
        return cls(secrets.token_bytes(KEY_BYTES), secrets.token_bytes(IV_BYTES))

    @property
    def key(self) -> bytes:
        return self._key

    @property
    def iv(self) -> bytes:
        return self._iv

    @property
    def key_b64(self) -> str:
        """Standard base64, as S1 takes it."""
        return base64.b64encode(self._key).decode("ascii")

    @property
    def iv_b64(self) -> str:
        return base64.b64encode(self._iv).decode("ascii")

    def __repr__(self) -> str:
        return "MediaKey(<redacted>)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("MediaKey is not picklable")


def ciphertext_size(plaintext_size: int) -> int:
    """PKCS#7 always pads, by 1 to 16 bytes, to a whole number of blocks."""
    return (plaintext_size // BLOCK_BYTES + 1) * BLOCK_BYTES


def part_count(ciphertext_bytes: int, part_size: int = PART_SIZE) -> int:
    return max(1, -(-ciphertext_bytes // part_size))


class StreamEncryptor:
    """AES-256-CBC with PKCS#7 over a stream: ``update`` per chunk, then ``finalize`` once."""

    def __init__(self, key: MediaKey) -> None:
        self._cipher = Cipher(algorithms.AES(key.key), modes.CBC(key.iv)).encryptor()
        self._padder = padding.PKCS7(BLOCK_BYTES * 8).padder()

    def update(self, plaintext: bytes) -> bytes:
        return self._cipher.update(self._padder.update(plaintext))

    def finalize(self) -> bytes:
        return self._cipher.update(self._padder.finalize()) + self._cipher.finalize()


class Part:
    """One ciphertext part: its 1-based number and its bytes, until ``release``."""

    __slots__ = ("_data", "number", "size")

    def __init__(self, number: int, data: bytearray, size: int) -> None:
        self.number = number
        self.size = size
        self._data = data

    def reader(self, on_read: Callable[[int], None] | None = None) -> PartReader:
        """A fresh file-like view for one attempt to send the part."""
        return PartReader(self, on_read)

    def view(self, start: int, stop: int) -> bytes:
        with memoryview(self._data) as whole:
            return whole[start:stop].tobytes()

    def release(self) -> None:
        """Drop the bytes now, even if a finished request or an exception still refers to us."""
        self._data = bytearray()
        self.size = 0

    def __repr__(self) -> str:
        return f"Part(number={self.number}, size={self.size})"


class PartReader:
    """A seekable, read-only file over a part, read in small slices.

    httpx streams a file part in 64 KiB reads, so nothing below ever holds a second copy of a
    whole part (a 31 MiB ``bytes`` handed to the socket would be copied into the transport's
    write buffer when the peer is slower than we are).
    """

    def __init__(self, part: Part, on_read: Callable[[int], None] | None) -> None:
        self._part = part
        self._pos = 0
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        stop = self._part.size if size < 0 else min(self._part.size, self._pos + size)
        data = self._part.view(self._pos, stop)
        self._pos += len(data)
        if self._on_read is not None and data:
            self._on_read(len(data))
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._part.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True


async def encrypt_parts(
    chunks: AsyncIterable[bytes],
    key: MediaKey,
    *,
    part_size: int = PART_SIZE,
    size_hint: int | None = None,
    on_encrypted: Callable[[int], None] | None = None,
) -> AsyncGenerator[Part, None]:
    """Encrypt plaintext chunks and yield the ciphertext in parts of exactly ``part_size``.

    Lazy: a part is only built when the consumer asks for the next one, so the generator holds
    at most one part being filled plus one chunk. ``size_hint`` (the plaintext size) only sizes
    the last part's buffer. Encryption runs in a worker thread (OpenSSL releases the GIL), so
    the event loop keeps sending the parts already built.
    """
    encryptor = StreamEncryptor(key)
    remaining = ciphertext_size(size_hint) if size_hint is not None else None
    number = 1
    buffer: bytearray | None = None
    filled = 0
    async for chunk in chunks:
        ciphertext = await asyncio.to_thread(encryptor.update, chunk)
        if on_encrypted is not None:
            on_encrypted(len(chunk))
        view = memoryview(ciphertext)
        while view:
            if buffer is None:
                capacity = part_size if remaining is None else max(1, min(part_size, remaining))
                buffer, filled = bytearray(capacity), 0
            take = min(len(view), part_size - filled)
            # Slice assignment grows the buffer if the hint was short; it never shrinks it.
            buffer[filled : filled + take] = view[:take]
            filled += take
            view = view[take:]
            if filled == part_size:
                yield Part(number, buffer, filled)
                number += 1
                buffer = None
                if remaining is not None:
                    remaining -= part_size
    tail = encryptor.finalize()
    if buffer is None:
        buffer, filled = bytearray(len(tail)), 0
    buffer[filled : filled + len(tail)] = tail
    filled += len(tail)
    # The tail is one block; with a part size that is not a whole number of blocks it can
    # spill over the part boundary.
    while filled > part_size:
        yield Part(number, buffer[:part_size], part_size)
        number += 1
        buffer, filled = buffer[part_size:], filled - part_size
    yield Part(number, buffer, filled)

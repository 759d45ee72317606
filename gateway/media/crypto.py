"""Media encryption for the Public Profile upload (contract §4.1): a fresh AES-256 key and IV per
upload, AES-256-CBC with PKCS#7 padding over the whole file as a stream, and the ciphertext cut
into parts of exactly ``PART_SIZE`` bytes (the last one smaller).
"""

from __future__ import annotations

import asyncio
import base64
import mmap
import os
import secrets
import tempfile
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Iterator
from typing import IO, Any

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
        # Imported here: cryptography is several MiB that only uploads need.
        from cryptography.hazmat.primitives import padding
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        self._cipher = Cipher(algorithms.AES(key.key), modes.CBC(key.iv)).encryptor()
        self._padder = padding.PKCS7(BLOCK_BYTES * 8).padder()

    def update(self, plaintext: bytes) -> bytes:
        return self._cipher.update(self._padder.update(plaintext))

    def finalize(self) -> bytes:
        return self._cipher.update(self._padder.finalize()) + self._cipher.finalize()


class Part:
    """One ciphertext part: its 1-based number and its bytes (in memory, or in an unlinked
    temporary file), until ``release``."""

    __slots__ = ("_data", "number", "size")

    def __init__(
        self, number: int, data: mmap.mmap | bytes | bytearray | IO[bytes], size: int
    ) -> None:
        self.number = number
        self.size = size
        self._data = data

    def reader(self, on_read: Callable[[int], None] | None = None) -> PartReader:
        """A fresh file-like view for one attempt to send the part."""
        return PartReader(self, on_read)

    def view(self, start: int, stop: int) -> bytes:
        data = self._data
        if isinstance(data, bytes | bytearray | mmap.mmap):
            with memoryview(data) as whole:
                return whole[start:stop].tobytes()
        return os.pread(data.fileno(), stop - start, start)

    def release(self) -> None:
        """Return the bytes to the system now, even if a finished request or an exception
        still refers to the part."""
        data, self._data, self.size = self._data, b"", 0
        if isinstance(data, mmap.mmap) or not isinstance(data, bytes | bytearray):
            data.close()

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


class _PartFiller:
    """Cuts a stream of ciphertext into parts of ``part_size``, each written to an unlinked
    temporary file.

    Written, not held: the parts in flight live in the page cache, which the kernel may
    write back and reclaim, not in the process's memory. So memory stays flat whatever the
    number of parts sent at once, and disk use is bounded by the same few parts.
    """

    def __init__(self, part_size: int, remaining: int | None) -> None:
        self._part_size = part_size
        self._remaining = remaining
        self._number = 1
        self._file: IO[bytes] | None = None
        self._filled = 0

    def add(self, ciphertext: bytes) -> Iterator[Part]:
        """Yield each part this ciphertext completes."""
        view = memoryview(ciphertext)
        while view:
            take = min(len(view), self._part_size - self._filled)
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="mediagraph-part-")  # noqa: SIM115
            self._file.write(view[:take])
            self._filled += take
            view = view[take:]
            if self._filled == self._part_size:
                yield self._cut()

    def rest(self) -> Part | None:
        """The last, partly filled part, if any."""
        return self._cut() if self._filled else None

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file, self._filled = None, 0

    def _cut(self) -> Part:
        assert self._file is not None
        self._file.flush()
        part = Part(self._number, self._file, self._filled)
        if self._remaining is not None:
            self._remaining = max(0, self._remaining - self._filled)
        self._number += 1
        self._file, self._filled = None, 0
        return part


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
    the buffers. Encryption runs in a worker thread (OpenSSL releases the GIL), so the event
    loop keeps sending the parts already built.
    """
    encryptor = StreamEncryptor(key)
    filler = _PartFiller(part_size, None if size_hint is None else ciphertext_size(size_hint))
    try:
        async for chunk in chunks:
            ciphertext = await asyncio.to_thread(encryptor.update, chunk)
            if on_encrypted is not None:
                on_encrypted(len(chunk))
            for part in filler.add(ciphertext):
                yield part
        for part in filler.add(encryptor.finalize()):
            yield part
        last = filler.rest()
        if last is not None:
            yield last
    finally:
        # Stopped early (a failed part, a cancelled upload): drop the part being filled.
        filler.discard()

"""Media helpers shared by both emulators: type sniffing, placeholder images, MP4 probe and builder.

The MP4 probe reads boxes without decoding (albums contract §5.5): the first box must be
``ftyp``; ``moov/mvhd`` gives timescale and duration; the first ``trak`` whose
``mdia/hdlr`` handler is ``vide`` gives width and height from its ``tkhd`` (16.16 fixed point).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

#: A complete, tiny (1x1) JPEG. Served for covers, posters and thumbnails of videos.
PLACEHOLDER_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300030202020203020202030303030406040404"
    "04040806060506090809090a0a09080909090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210"
    "130f101010ffc9000b080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9"
)


def sniff_mime(data: bytes) -> str | None:
    """MIME type from the first bytes: JPEG, PNG, MP4 or WebM; ``None`` for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:4] == b"\x89PNG":
        return "image/png"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    return None


class Mp4Error(ValueError):
    """The bytes are not an MP4 this probe can read."""


@dataclass(frozen=True, slots=True)
class Mp4Info:
    """What the probe reads from an MP4 header."""

    timescale: int
    duration_units: int
    width: int | None
    height: int | None

    @property
    def duration_ms(self) -> int:
        return self.duration_units * 1000 // self.timescale

    @property
    def duration_seconds(self) -> float:
        return self.duration_units / self.timescale


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """Yield (type, payload start, payload end) for each box in ``data[start:end]``."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise Mp4Error("truncated box header")
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise Mp4Error(f"box {kind!r} overruns its container")
        yield kind, pos + header, pos + size
        pos += size


def _child(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    for found, payload_start, payload_end in _boxes(data, start, end):
        if found == kind:
            return payload_start, payload_end
    return None


def probe_mp4(data: bytes) -> Mp4Info:
    """Read duration and video size from an MP4's boxes; raise ``Mp4Error`` when unreadable."""
    try:
        first = next(_boxes(data, 0, len(data)), None)
        if first is None or first[0] != b"ftyp":
            raise Mp4Error("the first box is not ftyp")
        moov = _child(data, 0, len(data), b"moov")
        if moov is None:
            raise Mp4Error("no moov box")
        mvhd = _child(data, moov[0], moov[1], b"mvhd")
        if mvhd is None:
            raise Mp4Error("no mvhd box")
        version = data[mvhd[0]]
        if version == 1:
            timescale, duration = struct.unpack_from(">IQ", data, mvhd[0] + 20)
        else:
            timescale, duration = struct.unpack_from(">II", data, mvhd[0] + 12)
        if timescale == 0:
            raise Mp4Error("mvhd timescale is zero")
        width = height = None
        for kind, trak_start, trak_end in _boxes(data, moov[0], moov[1]):
            if kind != b"trak":
                continue
            mdia = _child(data, trak_start, trak_end, b"mdia")
            hdlr = mdia and _child(data, mdia[0], mdia[1], b"hdlr")
            if not hdlr or data[hdlr[0] + 8 : hdlr[0] + 12] != b"vide":
                continue
            tkhd = _child(data, trak_start, trak_end, b"tkhd")
            if tkhd is None:
                raise Mp4Error("video trak without tkhd")
            offset = tkhd[0] + (88 if data[tkhd[0]] == 1 else 76)
            raw_w, raw_h = struct.unpack_from(">II", data, offset)
            width, height = raw_w >> 16, raw_h >> 16
            break
        return Mp4Info(timescale=timescale, duration_units=duration, width=width, height=height)
    except struct.error as exc:
        raise Mp4Error("truncated MP4 header") from exc


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def make_mp4(
    *,
    duration_ms: int,
    width: int = 1080,
    height: int = 1920,
    timescale: int = 1000,
    salt: bytes = b"",
    mdat_bytes: int = 0,
) -> bytes:
    """Build a synthetic MP4: ``ftyp``, ``moov`` (mvhd + one video trak), optional ``mdat``.

    ``salt`` lands in a ``free`` box so distinct files can share the same header values.
    """
    duration = duration_ms * timescale // 1000
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = _box(
        b"mvhd",
        struct.pack(">I", 0)
        + struct.pack(">IIII", 0, 0, timescale, duration)
        + struct.pack(">IH", 0x10000, 0x100)
        + b"\0" * 10
        + matrix
        + b"\0" * 24
        + struct.pack(">I", 2),
    )
    tkhd = _box(
        b"tkhd",
        struct.pack(">I", 3)
        + struct.pack(">IIIII", 0, 0, 1, 0, duration)
        + b"\0" * 8
        + struct.pack(">HHHH", 0, 0, 0, 0)
        + matrix
        + struct.pack(">II", width << 16, height << 16),
    )
    hdlr = _box(b"hdlr", struct.pack(">II4s", 0, 0, b"vide") + b"\0" * 12 + b"VideoHandler\0")
    trak = _box(b"trak", tkhd + _box(b"mdia", hdlr))
    moov = _box(b"moov", mvhd + trak)
    extra = _box(b"free", salt) if salt else b""
    mdat = _box(b"mdat", b"\0" * mdat_bytes) if mdat_bytes else b""
    return ftyp + moov + extra + mdat


def make_png(*, salt: bytes = b"") -> bytes:
    """A tiny valid 1x1 PNG; ``salt`` goes into a private ancillary chunk to vary the bytes."""
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr)
    if salt:
        body += chunk(b"slTe", salt)
    body += chunk(b"IDAT", zlib.compress(b"\0\xff\x80\x40")) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def make_jpeg(*, salt: bytes = b"") -> bytes:
    """The placeholder JPEG, varied by a COM segment holding ``salt``."""
    if not salt:
        return PLACEHOLDER_JPEG
    comment = b"\xff\xfe" + struct.pack(">H", len(salt) + 2) + salt
    return PLACEHOLDER_JPEG[:2] + comment + PLACEHOLDER_JPEG[2:]

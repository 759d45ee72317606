"""The pre-flight MP4 probe: duration and video size from the header boxes of a seekable file.

It follows the upstreams' own probe (albums contract §5.5): the first box must be ``ftyp``;
``moov/mvhd`` gives timescale and duration; the first ``trak`` whose ``mdia/hdlr`` handler is
``vide`` gives width and height from its ``tkhd`` (16.16 fixed point). Unlike the upstreams it
never holds the file: it walks the top-level boxes by seeking, so an ``mdat`` of any size before
``moov`` costs one 16-byte read, and only ``moov`` itself is read into memory.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

#: A ``moov`` larger than this is refused rather than read (real ones are a few MB at most).
MAX_MOOV_BYTES = 64 << 20
#: Top-level boxes walked before giving up; real files have a handful.
MAX_TOP_LEVEL_BOXES = 4096


class Mp4Error(ValueError):
    """The file is not an MP4 whose header this probe can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Mp4Header:
    """What the probe reads from an MP4 header."""

    timescale: int
    duration_units: int
    #: ``None`` when the file has no video track.
    width: int | None
    height: int | None

    @property
    def duration_seconds(self) -> float:
        return self.duration_units / self.timescale

    @property
    def duration_ms(self) -> int:
        return self.duration_units * 1000 // self.timescale


def probe_mp4(file: IO[bytes]) -> Mp4Header:
    """Probe the MP4 that starts at the file's current position; the position is restored."""
    start = file.tell()
    try:
        end = file.seek(0, os.SEEK_END)
        moov = _find_moov(file, start, end)
        file.seek(moov[0])
        payload = _read_exactly(file, moov[1] - moov[0])
        return _parse_moov(payload)
    except (struct.error, IndexError) as exc:
        raise Mp4Error("truncated MP4 header") from exc
    finally:
        file.seek(start)


def _read_exactly(file: IO[bytes], size: int) -> bytes:
    data = file.read(size)
    if len(data) != size:
        raise Mp4Error("truncated MP4 header")
    return data


def _top_level(file: IO[bytes], start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """Yield (type, payload start, payload end) per top-level box, seeking past each payload."""
    pos = start
    for _ in range(MAX_TOP_LEVEL_BOXES):
        if pos >= end:
            return
        if pos + 8 > end:
            raise Mp4Error("truncated box header")
        file.seek(pos)
        size, kind = struct.unpack(">I4s", _read_exactly(file, 8))
        header = 8
        if size == 1:  # a 64-bit size follows the type (large mdat boxes)
            if pos + 16 > end:
                raise Mp4Error("truncated box header")
            (size,) = struct.unpack(">Q", _read_exactly(file, 8))
            header = 16
        elif size == 0:  # the box runs to the end of the file
            size = end - pos
        if size < header or pos + size > end:
            raise Mp4Error(f"box {_name(kind)} overruns the file (truncated?)")
        yield kind, pos + header, pos + size
        pos += size
    raise Mp4Error("too many top-level boxes")


def _find_moov(file: IO[bytes], start: int, end: int) -> tuple[int, int]:
    file.seek(start)
    if file.read(8)[4:8] != b"ftyp":
        raise Mp4Error("not an MP4: the first box is not ftyp")
    for kind, payload_start, payload_end in _top_level(file, start, end):
        if kind == b"moov":
            if payload_end - payload_start > MAX_MOOV_BYTES:
                raise Mp4Error("the moov box is implausibly large")
            return payload_start, payload_end
    raise Mp4Error("no moov box")


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """Yield (type, payload start, payload end) for each box inside ``data[start:end]``."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise Mp4Error(f"box {_name(kind)} overruns its container")
        yield kind, pos + header, pos + size
        pos += size


def _child(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    for found, payload_start, payload_end in _children(data, start, end):
        if found == kind:
            return payload_start, payload_end
    return None


def _parse_moov(moov: bytes) -> Mp4Header:
    mvhd = _child(moov, 0, len(moov), b"mvhd")
    if mvhd is None:
        raise Mp4Error("no mvhd box")
    if moov[mvhd[0]] == 1:
        timescale, duration = struct.unpack_from(">IQ", moov, mvhd[0] + 20)
    else:
        timescale, duration = struct.unpack_from(">II", moov, mvhd[0] + 12)
    if timescale == 0:
        raise Mp4Error("mvhd timescale is zero")
    width = height = None
    for kind, trak_start, trak_end in _children(moov, 0, len(moov)):
        if kind != b"trak":
            continue
        mdia = _child(moov, trak_start, trak_end, b"mdia")
        hdlr = _child(moov, mdia[0], mdia[1], b"hdlr") if mdia else None
        if hdlr is None or moov[hdlr[0] + 8 : hdlr[0] + 12] != b"vide":
            continue
        tkhd = _child(moov, trak_start, trak_end, b"tkhd")
        if tkhd is None:
            raise Mp4Error("video trak without tkhd")
        offset = tkhd[0] + (88 if moov[tkhd[0]] == 1 else 76)
        if offset + 8 > tkhd[1]:
            raise Mp4Error("tkhd box is too short")
        raw_width, raw_height = struct.unpack_from(">II", moov, offset)
        width, height = raw_width >> 16, raw_height >> 16
        break
    return Mp4Header(timescale=timescale, duration_units=duration, width=width, height=height)


def _name(kind: bytes) -> str:
    return repr(kind.decode("latin-1"))

"""The pre-flight MP4 probe: header boxes only, by seeking, never reading mdat."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest

from emulators._common.media import make_mp4
from emulators._common.media import probe_mp4 as emulator_probe
from gateway.media.mp4 import Mp4Error, probe_mp4
from tests.media.conftest import write_mp4


class CountingFile(io.BytesIO):
    """Counts the bytes the probe reads, to prove it never reads ``mdat``."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def test_reads_duration_and_video_size() -> None:
    header = probe_mp4(io.BytesIO(make_mp4(duration_ms=12_500, width=720, height=1280)))
    assert header.duration_ms == 12_500
    assert header.duration_seconds == 12.5
    assert (header.width, header.height) == (720, 1280)


def test_agrees_with_the_upstreams_probe() -> None:
    data = make_mp4(duration_ms=7_321, width=1080, height=1920, timescale=90_000)
    ours, theirs = probe_mp4(io.BytesIO(data)), emulator_probe(data)
    assert (ours.timescale, ours.duration_units, ours.width, ours.height) == (
        theirs.timescale,
        theirs.duration_units,
        theirs.width,
        theirs.height,
    )


def test_moov_after_a_large_mdat_is_found_by_seeking(tmp_path: Path) -> None:
    path = tmp_path / "moov-last.mp4"
    write_mp4(path, duration_ms=30_000, mdat_bytes=8 << 20, moov_last=True)
    with path.open("rb") as raw:
        file = CountingFile(raw.read())
    header = probe_mp4(file)
    assert header.duration_ms == 30_000
    assert file.bytes_read < 4096, "the probe read mdat"


def test_64_bit_box_sizes(tmp_path: Path) -> None:
    path = tmp_path / "large.mp4"
    write_mp4(path, duration_ms=6_000, mdat_bytes=1 << 20, moov_last=True, large_mdat=True)
    with path.open("rb") as file:
        assert probe_mp4(file).duration_ms == 6_000


def test_position_is_restored_and_used_as_the_start() -> None:
    data = b"prefix" + make_mp4(duration_ms=5_000)
    file = io.BytesIO(data)
    file.seek(6)
    assert probe_mp4(file).duration_ms == 5_000
    assert file.tell() == 6


def test_version_1_mvhd() -> None:
    data = bytearray(make_mp4(duration_ms=1_000))
    ftyp_size = struct.unpack(">I", data[:4])[0]
    mvhd_at = data.index(b"mvhd") - 4
    mvhd_size = struct.unpack(">I", data[mvhd_at : mvhd_at + 4])[0]
    # Version 1: 64-bit creation/modification times and duration.
    payload = (
        struct.pack(">I", 1 << 24)
        + struct.pack(">QQIQ", 0, 0, 1000, 61_000)
        + bytes(data[mvhd_at + 8 + 20 : mvhd_at + mvhd_size])
    )
    mvhd = struct.pack(">I4s", 8 + len(payload), b"mvhd") + payload
    moov_rest = bytes(data[mvhd_at + mvhd_size :])
    moov = struct.pack(">I4s", 8 + len(mvhd) + len(moov_rest), b"moov") + mvhd + moov_rest
    header = probe_mp4(io.BytesIO(bytes(data[:ftyp_size]) + moov))
    assert header.duration_ms == 61_000
    assert (header.width, header.height) == (1080, 1920)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda mp4: b"", "not an MP4"),
        (lambda mp4: b"\x89PNG\r\n\x1a\n" + mp4, "ftyp"),
        (lambda mp4: mp4[:40], "truncated"),
        (lambda mp4: mp4[:-10], "truncated"),
        (lambda mp4: mp4[:36], "truncated"),
        (lambda mp4: mp4[:32], "no moov"),
    ],
    ids=["empty", "not-ftyp", "cut-in-moov", "cut-at-the-end", "cut-in-a-header", "no-moov"],
)
def test_unreadable_files(build: Any, message: str) -> None:
    with pytest.raises(Mp4Error, match=message):
        probe_mp4(io.BytesIO(build(make_mp4(duration_ms=5_000))))


def test_truncated_mdat_before_moov(tmp_path: Path) -> None:
    path = tmp_path / "cut.mp4"
    write_mp4(path, duration_ms=10_000, mdat_bytes=1 << 20, moov_last=True)
    with path.open("r+b") as file:
        file.truncate(600_000)  # the upload stopped half-way through mdat
        with pytest.raises(Mp4Error, match="overruns"):
            probe_mp4(file)


def test_audio_only_file_has_no_size() -> None:
    data = make_mp4(duration_ms=5_000).replace(b"vide", b"soun")
    header = probe_mp4(io.BytesIO(data))
    assert header.width is None
    assert header.height is None


def test_zero_timescale() -> None:
    data = make_mp4(duration_ms=5_000, timescale=1000)
    data = data.replace(struct.pack(">II", 1000, 5000), struct.pack(">II", 0, 5000), 1)
    with pytest.raises(Mp4Error, match="timescale"):
        probe_mp4(io.BytesIO(data))

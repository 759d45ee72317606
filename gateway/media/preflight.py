"""Pre-flight checks before a byte goes upstream: size, the type sniffed from the bytes, and the
MP4 header constraints of Snap stories and spotlights (§4.2) or of the caller's album limits.

Everything here reads a few header bytes of a seekable file and restores its position, so bad
media fails in milliseconds with every reason at once, not after a long upload.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Literal

from gateway.media.crypto import MAX_CIPHERTEXT_BYTES, ciphertext_size
from gateway.media.mp4 import Mp4Error, Mp4Header, probe_mp4
from gateway.upstreams.albums_feed import StorageLimits

#: What a Snap media will be posted as; ``None`` means "upload only".
Purpose = Literal["story", "spotlight", "saved_story"]
#: The S1 ``type``.
MediaKind = Literal["VIDEO", "IMAGE"]
RejectionCode = Literal[
    "EMPTY",
    "TOO_LARGE",
    "UNSUPPORTED_TYPE",
    "NOT_MP4",
    "UNREADABLE_MP4",
    "NO_VIDEO_TRACK",
    "TOO_SHORT",
    "TOO_LONG",
    "RESOLUTION_TOO_LOW",
    "IMAGE_NOT_ALLOWED",
]
_SNAP_KINDS: dict[str, MediaKind] = {
    "video/mp4": "VIDEO",
    "image/jpeg": "IMAGE",
    "image/png": "IMAGE",
}
_SNIFF_BYTES = 16


@dataclass(frozen=True, slots=True)
class Rejection:
    """One reason the media cannot go upstream; ``message`` is safe to show to the client."""

    code: RejectionCode
    message: str


class MediaRejected(Exception):
    """The media failed pre-flight; ``reasons`` lists every failed check."""

    code = "MEDIA_REJECTED"

    def __init__(self, reasons: Sequence[Rejection]) -> None:
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = tuple(reasons)


@dataclass(frozen=True, slots=True)
class SnapRules:
    """The Public Profile constraints (documented, §4.2; the 5 s minimum is a decision)."""

    #: Plaintext whose padded ciphertext still fits the upstream's 1 GiB total.
    max_ciphertext_bytes: int = MAX_CIPHERTEXT_BYTES
    min_seconds: float = 5.0
    max_seconds: float = 60.0
    min_width: int = 540
    min_height: int = 960


@dataclass(frozen=True, slots=True)
class MediaCheck:
    """Media that passed pre-flight: what S1 needs and what the header said."""

    kind: MediaKind
    mime: str
    size: int
    #: From the MP4 header; ``None`` for images (and for WebM album content).
    duration_ms: int | None = None
    width: int | None = None
    height: int | None = None


def sniff_mime(head: bytes) -> str | None:
    """MIME type from the first bytes: JPEG, PNG, MP4 or WebM (the upstreams' own allowlist)."""
    if head[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if head[:4] == b"\x89PNG":
        return "image/png"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    return None


def _head_and_size(file: IO[bytes], size: int | None) -> tuple[bytes, int]:
    start = file.tell()
    try:
        head = file.read(_SNIFF_BYTES)
        measured = file.seek(0, os.SEEK_END) - start
    finally:
        file.seek(start)
    return head, measured if size is None else size


def _probe(file: IO[bytes], reasons: list[Rejection]) -> Mp4Header | None:
    try:
        return probe_mp4(file)
    except Mp4Error as exc:
        reasons.append(Rejection("UNREADABLE_MP4", f"The MP4 header cannot be read: {exc}"))
        return None


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"


def check_snap_media(
    file: IO[bytes],
    *,
    purpose: Purpose | None,
    size: int | None = None,
    rules: SnapRules = SnapRules(),
) -> MediaCheck:
    """Check media for S1 and, given a ``purpose``, for posting; raise ``MediaRejected``.

    ``size`` is the plaintext size when the caller knows it better than the file does (the
    file's own size from its current position otherwise).
    """
    head, size = _head_and_size(file, size)
    reasons: list[Rejection] = []
    if size == 0:
        raise MediaRejected([Rejection("EMPTY", "The file is empty")])
    if ciphertext_size(size) > rules.max_ciphertext_bytes:
        reasons.append(
            Rejection("TOO_LARGE", f"The file is {_mib(size)}; the limit is 1 GiB once encrypted")
        )
    mime = sniff_mime(head)
    kind = _SNAP_KINDS.get(mime or "")
    if kind is None:
        if mime is not None:  # a video in another container (WebM)
            reasons.append(Rejection("NOT_MP4", "Videos must be MP4; this file is not"))
        elif purpose == "spotlight":
            reasons.append(Rejection("UNSUPPORTED_TYPE", "Spotlight media must be an MP4 video"))
        else:
            reasons.append(
                Rejection("UNSUPPORTED_TYPE", "Only MP4 videos and JPEG or PNG images are accepted")
            )
        raise MediaRejected(reasons)
    assert mime is not None
    if kind == "IMAGE":
        if purpose == "spotlight":
            reasons.append(Rejection("IMAGE_NOT_ALLOWED", "Spotlight media must be a video"))
        if reasons:
            raise MediaRejected(reasons)
        return MediaCheck(kind=kind, mime=mime, size=size)
    header = _probe(file, reasons)
    if header is not None and purpose is not None:
        _check_video(header, rules, reasons)
    if reasons or header is None:
        raise MediaRejected(reasons)
    return MediaCheck(
        kind=kind,
        mime=mime,
        size=size,
        duration_ms=header.duration_ms,
        width=header.width,
        height=header.height,
    )


def _check_video(header: Mp4Header, rules: SnapRules, reasons: list[Rejection]) -> None:
    seconds = header.duration_seconds
    if seconds < rules.min_seconds:
        reasons.append(
            Rejection(
                "TOO_SHORT",
                f"The video lasts {seconds:.2f} s; it must last at least {rules.min_seconds:g} s",
            )
        )
    elif seconds > rules.max_seconds:
        reasons.append(
            Rejection(
                "TOO_LONG",
                f"The video lasts {seconds:.2f} s; it must last at most {rules.max_seconds:g} s",
            )
        )
    if header.width is None or header.height is None:
        reasons.append(Rejection("NO_VIDEO_TRACK", "The MP4 has no video track"))
    elif header.width < rules.min_width or header.height < rules.min_height:
        reasons.append(
            Rejection(
                "RESOLUTION_TOO_LOW",
                f"The video is {header.width}x{header.height}; "
                f"it must be at least {rules.min_width}x{rules.min_height}",
            )
        )


def check_album_content(
    file: IO[bytes], *, limits: StorageLimits, size: int | None = None
) -> MediaCheck:
    """Check a G11 upload against the caller's album limits (G24); raise ``MediaRejected``.

    Only what the bytes decide: the item and video counts depend on the album, not the file.
    """
    head, size = _head_and_size(file, size)
    if size == 0:
        raise MediaRejected([Rejection("EMPTY", "The file is empty")])
    reasons: list[Rejection] = []
    if limits.max_content_size is not None and size > limits.max_content_size:
        reasons.append(
            Rejection(
                "TOO_LARGE",
                f"The file is {_mib(size)}; albums take at most {_mib(limits.max_content_size)}",
            )
        )
    mime = sniff_mime(head)
    if mime is None:
        reasons.append(
            Rejection("UNSUPPORTED_TYPE", "Albums take JPEG, PNG, MP4 or WebM files only")
        )
        raise MediaRejected(reasons)
    kind: MediaKind = "IMAGE" if mime.startswith("image/") else "VIDEO"
    duration_ms = width = height = None
    if mime == "video/mp4":
        header = _probe(file, reasons)
        if header is not None:
            duration_ms, width, height = header.duration_ms, header.width, header.height
            low, high = limits.min_video_length_ms, limits.max_video_length_ms
            if (low is not None and duration_ms < low) or (high is not None and duration_ms > high):
                reasons.append(
                    Rejection(
                        "TOO_LONG" if high is not None and duration_ms > high else "TOO_SHORT",
                        f"The video lasts {duration_ms / 1000:.2f} s; albums take videos of "
                        f"{(low or 0) / 1000:g} to {(high or 0) / 1000:g} s",
                    )
                )
    if reasons:
        raise MediaRejected(reasons)
    return MediaCheck(
        kind=kind, mime=mime, size=size, duration_ms=duration_ms, width=width, height=height
    )

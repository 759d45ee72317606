"""G11 upload input: the multipart ``content`` part, type sniffing, size and video checks.

Validation follows the contract's order (§4, G11): type from the bytes (400) and size (413)
here, then the count limits (402) and the MP4 length (400) in the store. The part's own
Content-Type is ignored, as the real API does.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from emulators._common.media import Mp4Error, probe_mp4, sniff_mime
from emulators.albums.errors import (
    INVALID_VIDEO_LENGTH,
    UNSUPPORTED_CONTENT_TYPE,
    ApiError,
    bad_request,
)
from emulators.albums.model import Limits
from emulators.albums.store import Upload

#: Room for the multipart envelope around a file of exactly ``maxContentSize`` bytes.
_ENVELOPE_BYTES = 64 * 1024


async def read_content_part(request: Request, limits: Limits) -> bytes:
    """The bytes of the ``content`` file part; 400 when absent or the body is broken."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_content_size + _ENVELOPE_BYTES:
        # Refuse before reading: the real API would not buffer a body this large either.
        raise ApiError(413)
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise bad_request()
    try:
        # One file and a few fields are all G11 takes; more is a malformed request.
        async with request.form(max_files=1, max_fields=16) as form:
            part = form.get("content")
            if not isinstance(part, UploadFile):
                raise bad_request()
            return await part.read()
    except (HTTPException, MultiPartException) as exc:
        raise bad_request() from exc


def validate(data: bytes, limits: Limits) -> Upload:
    """Sniff and size-check the bytes and read an MP4's duration."""
    mime = sniff_mime(data)
    if mime is None:
        raise ApiError(400, UNSUPPORTED_CONTENT_TYPE)
    if len(data) > limits.max_content_size:
        raise ApiError(413)
    duration_ms = None
    if mime == "video/mp4":
        try:
            duration_ms = probe_mp4(data).duration_ms
        except Mp4Error as exc:
            # An MP4 whose length cannot be read cannot be within the limits either.
            raise ApiError(400, INVALID_VIDEO_LENGTH) from exc
    return Upload(
        data=data, mime=mime, sha256=hashlib.sha256(data).hexdigest(), duration_ms=duration_ms
    )

"""Media upload, S1-S3 (§4): containers, ciphertext parts, FINALIZE (decrypt, sniff, probe)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from starlette.exceptions import HTTPException
from starlette.routing import Route

from emulators._common.media import Mp4Error, probe_mp4, sniff_mime
from emulators.profiles.context import Ctx, Host, api_route
from emulators.profiles.entities import Media, MediaState
from emulators.profiles.envelope import ApiError, invalid, not_found
from emulators.profiles.inputs import json_object, required_str
from emulators.profiles.multipart import TOO_LARGE, UploadForm, read_upload_form

MAX_PART_NUMBER = 35
_ACCEPTED_MIME = {"VIDEO": ("video/mp4",), "IMAGE": ("image/jpeg", "image/png")}


def upload_path(region: str, profile_id: str, media_id: str) -> str:
    """``add_path`` and ``finalize_path``: relative, with the region prefix (quirk 6)."""
    return f"/{region}/v1/public_profiles/{profile_id}/media/{media_id}/multipart-upload"


def _raw_bytes(body: dict[str, Any], key: str, size: int) -> bytes:
    value = body.get(key)
    try:
        if not isinstance(value, str):
            raise ValueError(key)
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid(f"{key} must be standard base64 of {size} bytes") from exc
    if len(raw) != size:
        raise invalid(f"{key} must be standard base64 of {size} bytes, got {len(raw)}")
    return raw


async def create_media(ctx: Ctx) -> dict[str, Any]:
    """S1: a container for one video or image, with the AES key and IV it is encrypted with."""
    profile = ctx.profile(write=True)
    body = await json_object(ctx.request)
    kind = body.get("type")
    if kind not in ("VIDEO", "IMAGE"):
        raise invalid("type must be VIDEO or IMAGE")
    name = required_str(body, "name")
    key, iv = _raw_bytes(body, "key", 32), _raw_bytes(body, "iv", 16)
    store = ctx.store
    media = Media(
        id=store.new_uuid(),
        profile_id=profile.id,
        type=kind,
        name=name,
        key=key,
        iv=iv,
        created_at=ctx.now,
    )
    store.media[media.id] = media
    path = upload_path(ctx.config.upload_region, profile.id, media.id)
    return ctx.ok(media_id=media.id, add_path=path, finalize_path=path)


def _expired() -> ApiError:
    return ApiError(400, "The media has expired; create a new media", code="MEDIA_EXPIRED")


async def multipart_upload(ctx: Ctx) -> dict[str, Any]:
    """S2 and S3 share the path; the ``action`` field picks ADD or FINALIZE."""
    if ctx.param("region") != ctx.config.upload_region:
        # Only the returned path exists (quirk 6): answer like the router does for any
        # unknown route, whatever the error variants say.
        raise HTTPException(404)
    profile = ctx.profile(write=True)
    media = ctx.store.media.get(ctx.param("media_id"))
    if media is None or media.profile_id != profile.id:
        raise not_found(f"Media {ctx.param('media_id')} was not found")
    # Checked before the body is read, so a late client does not upload 32 MiB for nothing.
    if ctx.store.media_state(media) is MediaState.EXPIRED:
        raise _expired()
    form = await read_upload_form(ctx.request, max_body=ctx.config.max_add_request_bytes)
    action = form.fields.get("action")
    if action == "ADD":
        _add(ctx, media, form)
    elif action == "FINALIZE":
        _finalize(ctx, media)  # other fields are ignored (quirk 9)
    else:
        raise invalid("action must be ADD or FINALIZE")
    return ctx.ok()


def _add(ctx: Ctx, media: Media, form: UploadForm) -> None:
    # No await between the checks and the update below, so parallel ADDs of one media are
    # serialised by the event loop: the totals can never be computed from a stale view.
    if media.finalized_at is not None or media.failed:
        raise invalid("The media is already finalized; no more parts can be added")
    text = form.fields.get("part_number", "")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PART_NUMBER:
        raise invalid(f"part_number must be between 1 and {MAX_PART_NUMBER}")
    number = int(text)
    if form.file is None:
        raise invalid("file is required")
    if not form.file:
        raise invalid("file is empty")
    previous = media.parts.get(number)
    total = media.part_bytes - (len(previous) if previous is not None else 0) + len(form.file)
    if total > ctx.config.max_total_ciphertext_bytes:
        raise invalid(
            f"{TOO_LARGE}: the parts exceed {ctx.config.max_total_ciphertext_bytes} bytes"
        )
    media.parts[number] = form.file  # a repeated part number replaces the part
    media.part_bytes = total


def _finalize(ctx: Ctx, media: Media) -> None:
    """§4.3: contiguous parts, decrypt + unpad, sniff against the declared type, probe."""
    if media.failed:
        raise invalid("The media upload failed; create a new media")
    if media.finalized_at is not None:
        return  # a repeat FINALIZE after success is a no-op
    count = max(media.parts, default=0)
    for number in range(1, count + 1):
        if number not in media.parts:
            raise invalid(f"Missing part {number}")
    if count == 0:
        raise invalid("Missing part 1")
    try:
        plaintext = _decrypt(media, count)
    except ValueError as exc:
        _fail(media)
        raise invalid("Media decryption failed") from exc
    mime = sniff_mime(plaintext[:16])
    if mime not in _ACCEPTED_MIME[media.type]:
        _fail(media)
        raise invalid(f"Media type mismatch: declared {media.type}, uploaded {mime or 'unknown'}")
    if media.type == "VIDEO":
        try:
            media.probe = probe_mp4(plaintext)
        except Mp4Error as exc:
            # The post checks the constraints (quirk 10); FINALIZE only records why.
            media.probe_error = str(exc)
    media.mime = mime
    media.plaintext = plaintext
    media.finalized_at = ctx.now


def _decrypt(media: Media, count: int) -> bytes:
    """AES-256-CBC over the parts in order, then PKCS#7 unpadding; ``ValueError`` on failure."""
    if media.part_bytes % 16:
        raise ValueError("ciphertext length is not a multiple of the block size")
    decryptor = Cipher(algorithms.AES(media.key), modes.CBC(media.iv)).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    chunks: list[bytes] = []
    for number in range(1, count + 1):
        # Each part is dropped as soon as it is decrypted, so the peak stays near one copy.
        part = media.parts.pop(number)
        chunks.append(unpadder.update(decryptor.update(part)))
    chunks.append(unpadder.update(decryptor.finalize()))
    chunks.append(unpadder.finalize())
    media.part_bytes = 0
    return b"".join(chunks)


def _fail(media: Media) -> None:
    media.failed = True
    media.parts.clear()
    media.part_bytes = 0


def routes(host: Host) -> list[Route]:
    return [
        api_route(
            "/v1/public_profiles/{profile_id}/media", create_media, host=host, methods=["POST"]
        ),
        api_route(
            "/{region}/v1/public_profiles/{profile_id}/media/{media_id}/multipart-upload",
            multipart_upload,
            host=host,
            methods=["POST"],
        ),
    ]

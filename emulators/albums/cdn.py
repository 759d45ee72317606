"""The emulated CloudFront CDN: signed media URLs, their validity rules, and serving bytes.

URLs look like ``{base}/{owner}/{album}/{content}/{variant}?Expires=…&Signature=…``
``&Key-Pair-Id=EMULATOR&v={viewer}`` (contract §1.2). The signature is an HMAC over
everything but itself, so neither the expiry nor the viewer can be edited. A URL issued to
a recipient also needs that recipient's share to be active, which is how covers go
``AccessDenied`` once a share expires (quirk 9).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emulators._common.media import PLACEHOLDER_JPEG
from emulators.albums.model import Album, Content
from emulators.albums.store import Store
from emulators.albums.wire import digits

KEY_PAIR_ID = "EMULATOR"
VARIANTS = frozenset({"original", "thumb", "cover", "poster", "poster-blurred", "paywall"})
ACCESS_DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>"
)


class Signer:
    """Signs and checks CDN URLs with a key derived from the emulator seed."""

    def __init__(self, *, seed: int) -> None:
        self._key = hashlib.sha256(f"albums-emulator-cdn-{seed}".encode()).digest()

    def signature(self, path: str, expires: int, viewer: int) -> str:
        message = f"{path}|{expires}|{viewer}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def check(self, path: str, expires: int, viewer: int, signature: str) -> bool:
        return hmac.compare_digest(self.signature(path, expires, viewer), signature)


class Urls:
    """Signs URLs for one viewer at one instant (built per request)."""

    def __init__(self, *, signer: Signer, base: str, viewer: int, now: datetime, ttl: int) -> None:
        self._signer = signer
        self._base = base
        self._viewer = viewer
        self._now = now
        self._ttl = ttl
        self._expires = int(now.timestamp()) + ttl

    def for_viewer(self, viewer: int) -> Urls:
        """The same signer and instant, for another viewer (chat messages to recipients)."""
        return Urls(
            signer=self._signer, base=self._base, viewer=viewer, now=self._now, ttl=self._ttl
        )

    def media(self, album: Album, content: Content, variant: str) -> str:
        path = f"/{album.owner_id}/{album.id}/{content.id}/{variant}"
        sig = self._signer.signature(path, self._expires, self._viewer)
        return (
            f"{self._base}{path}?Expires={self._expires}&Signature={sig}"
            f"&Key-Pair-Id={KEY_PAIR_ID}&v={self._viewer}"
        )

    def profile_image(self, image_hash: str | None) -> str | None:
        return None if image_hash is None else f"{self._base}/images/{image_hash}"


def cdn_base(request: Request, configured: str | None) -> str:
    """The configured CDN base, else this emulator's own origin + ``/cdn``."""
    if configured:
        return configured
    return str(request.base_url).rstrip("/") + "/cdn"


def _denied() -> Response:
    return Response(ACCESS_DENIED, status_code=403, media_type="application/xml")


def _digits(value: str | None) -> int | None:
    return None if value is None else digits(value)


def _payload(content: Content, variant: str) -> tuple[bytes, str]:
    """Originals as uploaded; derived images are the original image or a placeholder JPEG."""
    if variant == "original" or not content.is_video:
        return content.data, content.mime
    return PLACEHOLDER_JPEG, "image/jpeg"


def cdn_routes(
    *, store: Callable[[], Store], signer: Signer, now: Callable[[], datetime]
) -> list[Route]:
    """``GET /cdn/{owner}/{album}/{content}/{variant}`` and profile images."""

    def allowed(params: dict[str, Any], query: dict[str, str]) -> Content | None:
        owner, album_id, content_id = (_digits(params[k]) for k in ("owner", "album", "content"))
        expires, viewer = _digits(query.get("Expires")), _digits(query.get("v"))
        variant, signature = params["variant"], query.get("Signature")
        if owner is None or album_id is None or content_id is None:
            return None
        if expires is None or viewer is None or signature is None:
            return None
        if variant not in VARIANTS or query.get("Key-Pair-Id") != KEY_PAIR_ID:
            return None
        path = f"/{owner}/{album_id}/{content_id}/{variant}"
        if not signer.check(path, expires, viewer, signature):
            return None
        current = now()
        if current.timestamp() > expires:
            return None
        state = store()
        content = state.contents.get(content_id)
        if content is None or content.album_id != album_id or content.owner_id != owner:
            return None
        if viewer == owner:
            # Deleted media and deleted albums stay on the CDN until Expires (quirk 8).
            return content
        if state.active_share(content.album_id, viewer, current) is not None:
            return content
        if variant == "paywall" and any(
            item.album_id == content.album_id for item, _ in state.paywall_for(viewer)
        ):
            return content
        return None

    async def media(request: Request) -> Response:
        content = allowed(request.path_params, dict(request.query_params))
        if content is None:
            return _denied()
        body, mime = _payload(content, request.path_params["variant"])
        return Response(body, media_type=mime, headers={"Cache-Control": "private"})

    async def profile_image(request: Request) -> Response:
        wanted = request.path_params["image_hash"]
        for profile in store().profiles.values():
            if profile.image is not None and profile.image_hash == wanted:
                return Response(profile.image, media_type="image/png")
        return _denied()

    return [
        Route("/cdn/images/{image_hash}", profile_image, methods=["GET"]),
        Route("/cdn/{owner}/{album}/{content}/{variant}", media, methods=["GET"]),
    ]

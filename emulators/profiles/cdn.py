"""The emulator's CDN under ``/cdn/``: decrypted uploads, placeholder thumbnails, seed media.

These URLs are what ``media_url``/``thumbnail_url``/lens URLs point at, built from the
emulator's own origin (ground rule 5); like a real CDN they need no Authorization.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emulators._common.media import PLACEHOLDER_JPEG, make_jpeg, make_mp4, make_png
from emulators.profiles.store import Store

CACHE = {"cache-control": "public, max-age=86400"}
#: Seed video names end in their duration, ``<id>-<ms>.mp4``, so the file matches its metadata.
_DURATION = re.compile(r"-(\d{1,7})\.mp4$")


def _synthetic(name: str) -> tuple[bytes, str] | None:
    """Deterministic stand-in bytes for seeded media and lens assets, chosen by extension."""
    salt = name.encode()
    if name.endswith(".mp4"):
        match = _DURATION.search(name)
        duration = int(match.group(1)) if match else 10_000
        return make_mp4(duration_ms=duration, salt=salt), "video/mp4"
    if name.endswith(".png"):
        return make_png(salt=salt), "image/png"
    if name.endswith((".jpg", ".jpeg")):
        return make_jpeg(salt=salt), "image/jpeg"
    return None


def routes(store_of: Callable[[], Store]) -> list[Route]:
    async def media(request: Request) -> Response:
        found = store_of().media.get(request.path_params["media_id"])
        if found is None or found.plaintext is None:
            raise HTTPException(404)
        return Response(found.plaintext, media_type=found.mime, headers=CACHE)

    async def thumbnail(request: Request) -> Response:
        # Video thumbnails are one fixed placeholder JPEG (§4.3).
        return Response(PLACEHOLDER_JPEG, media_type="image/jpeg", headers=CACHE)

    async def asset(request: Request) -> Response:
        made = _synthetic(request.path_params["name"])
        if made is None:
            raise HTTPException(404)
        return Response(made[0], media_type=made[1], headers=CACHE)

    return [
        Route("/cdn/media/{media_id}", media, methods=["GET"]),
        Route("/cdn/thumbnails/{name}", thumbnail, methods=["GET"]),
        Route("/cdn/{folder}/{name:path}", asset, methods=["GET"]),
    ]

"""The Albums API client: Grindr3 auth, security headers, typed results and typed errors."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from gateway.upstreams._http import (
    GetMemo,
    Reply,
    UpstreamBadResponse,
    UpstreamHTTP,
    UpstreamUnauthenticated,
)
from gateway.upstreams._parse import ParseError, obj
from gateway.upstreams.albums_auth import AlbumsAuth
from gateway.upstreams.albums_types import Album, GrindrProfile

SERVICE = "albums"
#: A3 takes at most 150 ids per call.
PROFILE_BATCH = 150

#: Sent on every call, as the app does (albums contract §1).
SECURITY_HEADERS = {
    "Accept": "application/json",
    "User-Agent": "grindr3/25.20.0.147239;147239;Free;Android 13;Pixel 7;Google",
    "L-Device-Info": "mediagraph;Pixel 7;Google;Android 13;1080x2400;en_US",
    "requireRealDeviceInfo": "true",
    "L-Time-Zone": "Etc/UTC",
    "L-Locale": "en_US",
    "Accept-Language": "en-US",
}


def _malformed(what: str, exc: Exception | None = None) -> UpstreamBadResponse:
    error = UpstreamBadResponse(f"{SERVICE} sent a malformed {what}", service=SERVICE)
    if exc is not None:
        error.__cause__ = exc
    return error


class AlbumsClient:
    """Albums calls for one caller (one set of credentials); cheap to create per request."""

    def __init__(
        self,
        http: UpstreamHTTP,
        *,
        auth: AlbumsAuth | None,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self._http = http
        self._auth = auth
        self._extra_headers = extra_headers or {}
        self._memo = GetMemo()

    @property
    def authenticated(self) -> bool:
        return self._auth is not None

    async def viewer_profile_id(self) -> int | None:
        """The caller's own profile id, when the credentials tell it."""
        return await self._require_auth().profile_id()

    def _require_auth(self) -> AlbumsAuth:
        if self._auth is None:
            raise UpstreamUnauthenticated(
                "albums: no credentials (send X-Albums-Authorization)", service=SERVICE
            )
        return self._auth

    async def _get(self, path: str) -> Reply:
        return await self._memo.get(path, None, lambda: self._send("GET", path))

    async def _send(self, method: str, path: str, *, json_body: Any = None) -> Reply:
        auth = self._require_auth()
        authorization = await auth.authorization()
        try:
            return await self._http.call(
                method,
                path,
                headers={**self._extra_headers, "Authorization": authorization},
                json_body=json_body,
            )
        except UpstreamUnauthenticated:
            renewed = await auth.renew(authorization)
            if renewed is None:
                raise
            return await self._http.call(
                method,
                path,
                headers={**self._extra_headers, "Authorization": renewed},
                json_body=json_body,
            )

    async def my_albums(self) -> list[Album]:
        """G1: the caller's albums, oldest first."""
        body = (await self._get("/v1/albums")).body
        try:
            items = obj(body, "album list").get("albums")
            if not isinstance(items, list):
                raise ParseError("albums is not a list")
            return [Album.parse_mine(item) for item in items]
        except ParseError as exc:
            raise _malformed("album list", exc) from exc

    async def album(self, album_id: int) -> Album:
        """G2: one album with its content (403 for missing or foreign albums)."""
        body = (await self._get(f"/v2/albums/{album_id}")).body
        try:
            return Album.parse_view(body)
        except ParseError as exc:
            raise _malformed("album", exc) from exc

    async def profiles(self, profile_ids: Sequence[int]) -> dict[int, GrindrProfile]:
        """A3, in batches of 150 sent concurrently; unknown ids are simply missing."""
        unique = list(dict.fromkeys(profile_ids))
        batches = [unique[i : i + PROFILE_BATCH] for i in range(0, len(unique), PROFILE_BATCH)]
        replies = await asyncio.gather(*(self._profiles_batch(batch) for batch in batches))
        found: dict[int, GrindrProfile] = {}
        for reply in replies:
            found.update((p.profile_id, p) for p in reply)
        return found

    async def _profiles_batch(self, batch: Iterable[int]) -> list[GrindrProfile]:
        body = (
            await self._send(
                "POST", "/v3/profiles", json_body={"targetProfileIds": [str(i) for i in batch]}
            )
        ).body
        try:
            items = obj(body, "profile list").get("profiles")
            if not isinstance(items, list):
                raise ParseError("profiles is not a list")
            return [GrindrProfile.parse(item) for item in items]
        except ParseError as exc:
            raise _malformed("profile list", exc) from exc

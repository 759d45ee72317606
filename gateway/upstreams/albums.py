"""The Albums API client: Grindr3 auth, security headers, typed results and typed errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

import orjson

from gateway.upstreams._http import (
    CallTracker,
    GetMemo,
    Reply,
    UpstreamBadResponse,
    UpstreamHTTP,
    UpstreamNotFound,
    UpstreamUnauthenticated,
)
from gateway.upstreams._parse import ParseError, int64, obj
from gateway.upstreams.albums_auth import AlbumsAuth, authorized
from gateway.upstreams.albums_feed import (
    AlbumStatus,
    Feed,
    PaywallItem,
    Poster,
    SharedAlbum,
    StorageLimits,
)
from gateway.upstreams.albums_types import Album, GrindrProfile
from gateway.upstreams.flight import SharedReads, credential_key

SERVICE = "albums"
T = TypeVar("T")
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


def _parsed(what: str, parse: Callable[[Any], T], reply: Reply) -> T:
    """``parse(reply.body)``, kept with the reply: requests sharing one reply (single flight)
    parse it once. Entities are frozen; a list is copied, so no caller can change another's."""

    def checked(body: Any) -> T:
        try:
            return parse(body)
        except ParseError as exc:
            raise _malformed(what, exc) from exc

    value = reply.parse(what, checked)
    return list(value) if isinstance(value, list) else value  # type: ignore[return-value]


def _list(body: Any, key: str, parse: Callable[[Any], T]) -> list[T]:
    items = obj(body, "response").get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise ParseError(f"{key} is not a list")
    return [parse(item) for item in items]


class AlbumsClient:
    """Albums calls for one caller (one set of credentials); cheap to create per request."""

    def __init__(
        self,
        http: UpstreamHTTP,
        *,
        auth: AlbumsAuth | None,
        extra_headers: dict[str, str] | None = None,
        tracker: CallTracker | None = None,
        shared: SharedReads | None = None,
    ) -> None:
        self._http = http
        self._tracker = tracker or CallTracker()
        self._auth = auth
        self._extra_headers = extra_headers or {}
        self._memo = GetMemo()
        self._shared = shared

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
        return await self._memo.get(path, None, lambda: self._send("GET", path, read=True))

    async def _send(
        self, method: str, path: str, *, json_body: Any = None, read: bool = False
    ) -> Reply:
        return await self._tracker.track(
            self._send_now(method, path, json_body=json_body, read=read)
        )

    async def _send_now(
        self, method: str, path: str, *, json_body: Any = None, read: bool = False
    ) -> Reply:
        """``read``: the call only reads, so identical ones in flight for the same session
        (across requests) may share one upstream call."""

        def call(authorization: str) -> Awaitable[Reply]:
            def send() -> Awaitable[Reply]:
                return self._http.call(
                    method,
                    path,
                    headers={**self._extra_headers, "Authorization": authorization},
                    json_body=json_body,
                )

            if not read or self._shared is None:
                return send()
            body = orjson.dumps(json_body, option=orjson.OPT_SORT_KEYS) if json_body else b""
            key = (SERVICE, credential_key(authorization), method, path, body)
            return self._shared.read(key, send, public=False)

        return await authorized(self._auth, call)

    async def my_albums(self) -> list[Album]:
        """G1: the caller's albums, oldest first."""
        reply = await self._get("/v1/albums")
        return _parsed("album list", lambda b: _list(b, "albums", Album.parse_mine), reply)

    async def album(self, album_id: int) -> Album:
        """G2: one album with its content (403 for missing or foreign albums)."""
        reply = await self._get(f"/v2/albums/{album_id}")
        return _parsed("album", Album.parse_view, reply)

    async def poster(self, album_id: int, content_id: int) -> Poster:
        """G3: poster URLs of one item."""
        reply = await self._get(f"/v1/albums/{album_id}/content/{content_id}/poster")
        return _parsed("poster", Poster.parse, reply)

    async def processing(self, album_id: int, content_id: int) -> bool:
        """G14: whether a video is still processing."""
        reply = await self._get(f"/v1/albums/{album_id}/content/{content_id}/processing")
        return _parsed("processing flag", lambda b: bool(obj(b, "flag").get("processing")), reply)

    async def album_status(self, profile_id: int) -> AlbumStatus:
        """G6: whether a profile has albums and has shared any with the caller."""
        reply = await self._send("POST", "/v2/albums/shares", json_body={"profileId": profile_id})
        return _parsed("album status", AlbumStatus.parse, reply)

    async def shared_by(self, profile_id: int) -> list[SharedAlbum]:
        """G7: albums a profile shares with the caller; a 404 means none (quirk 18)."""
        try:
            reply = await self._get(f"/v2/albums/shares/{profile_id}")
        except UpstreamNotFound:
            return []
        return _parsed(
            "shared albums", lambda b: _list(b, "albums", SharedAlbum.parse_brief), reply
        )

    async def recipients(self, album_id: int) -> list[int]:
        """G19: the active recipients of one of the caller's albums."""
        reply = await self._get(f"/v1/albums/{album_id}/shares")
        return _parsed(
            "recipients", lambda b: _list(b, "profileIds", lambda v: int64(v, "id")), reply
        )

    async def limits(self) -> StorageLimits:
        """G24: the caller's album limits."""
        reply = await self._get("/v1/albums/storage")
        return _parsed("album limits", StorageLimits.parse, reply)

    async def feed(
        self, *, favorites: bool = False, online: bool = False, only_video: bool = False
    ) -> Feed:
        """G26: albums shared with the caller, newest share first, with optional filters."""
        filters = {"isFavorite": favorites, "isOnline": online, "onlyVideo": only_video}
        body = {key: True for key, wanted in filters.items() if wanted}
        reply = await self._send_memo("POST", "/v3/pressie-albums/feed", body)
        return _parsed("feed", Feed.parse, reply)

    async def paywall(self) -> list[PaywallItem]:
        """G27 (note the trailing slash): paywalled feed items."""
        reply = await self._send_memo("POST", "/v3/pressie-albums/feed/paywall/", {})
        return _parsed(
            "paywall", lambda b: _list(b, "albumPaywallContent", PaywallItem.parse), reply
        )

    async def _send_memo(self, method: str, path: str, body: dict[str, Any]) -> Reply:
        """Read-only POSTs (the feed) collapse like GETs within one request."""
        key = f"{method} {path}"
        params = {k: str(v) for k, v in sorted(body.items())}
        return await self._memo.get(
            key, params, lambda: self._send(method, path, json_body=body, read=True)
        )

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
        reply = await self._send(
            "POST", "/v3/profiles", json_body={"targetProfileIds": [str(i) for i in batch]}
        )
        return _parsed("profile list", lambda b: _list(b, "profiles", GrindrProfile.parse), reply)

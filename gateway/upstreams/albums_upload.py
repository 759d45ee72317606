"""Albums writes: create, rename and delete albums (G8-G10), the streamed content upload (G11),
reorder and delete content (G12, G13), share and unshare (G20, G21), and the view and read
markers (G4, G5, G29).

None of these is ever repeated automatically, not even G4, a GET with a side effect; the only
second attempt is after a 401, once the session is renewed (the upstream refused the first one,
so it changed nothing). G11 streams its file as the multipart part ``content`` and is sent again
after a 401 only if its source can seek back.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.upstreams._http import (
    Reply,
    UpstreamBadResponse,
    UpstreamHTTP,
)
from gateway.upstreams._parse import ParseError, int64, obj, opt_int, opt_str
from gateway.upstreams.albums_auth import AlbumsAuth, authorized
from gateway.upstreams.albums_types import EXPIRATION_TYPES, ExpirationType
from gateway.upstreams.inputs import InvalidInput
from gateway.upstreams.streams import Readable, position, read_chunks, remaining_size, rewind

SERVICE = "albums"
#: Album names are limited in UTF-8 bytes, not characters (quirk 24).
MAX_NAME_BYTES = 255
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True, slots=True)
class UploadedContent:
    """G11's answer (the same id again when these bytes were uploaded before, quirk 7)."""

    content_id: int
    content_url: str | None


def check_album_name(name: str | None) -> None:
    """Raise ``InvalidInput`` when the name is over 255 UTF-8 bytes."""
    if name is not None and len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise InvalidInput("name", f"at most {MAX_NAME_BYTES} bytes in UTF-8")


def _malformed(what: str, exc: Exception) -> UpstreamBadResponse:
    error = UpstreamBadResponse(f"{SERVICE} sent a malformed {what}", service=SERVICE)
    error.__cause__ = exc
    return error


class _StreamedPart:
    """The G11 multipart body, produced from the source as it is sent."""

    def __init__(
        self, source: Readable, *, size: int | None, filename: str, content_type: str
    ) -> None:
        self._source = source
        self._size = size
        self._boundary = secrets.token_hex(16)
        name = _UNSAFE_FILENAME.sub("_", filename)[:100] or "upload"
        self._head = (
            f"--{self._boundary}\r\n"
            f'Content-Disposition: form-data; name="content"; filename="{name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode("ascii")
        self._tail = f"\r\n--{self._boundary}--\r\n".encode("ascii")
        self._start: int | None = None

    async def prepare(self) -> None:
        self._start = await position(self._source)
        if self._size is None and self._start is not None:
            # A seekable file knows its size, so the body gets a Content-Length, not chunks.
            self._size = await remaining_size(self._source)

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": f"multipart/form-data; boundary={self._boundary}"}
        if self._size is not None:
            length = len(self._head) + self._size + len(self._tail)
            headers["Content-Length"] = str(length)
        return headers

    async def stream(self) -> AsyncIterator[bytes]:
        yield self._head
        async for chunk in read_chunks(self._source, size=self._size):
            yield chunk
        yield self._tail

    async def rewind(self) -> bool:
        if self._start is None:
            return False
        await rewind(self._source, self._start)
        return True


class AlbumsWriter:
    """Albums writes for one caller (one set of credentials); cheap to create per request."""

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

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        upload: _StreamedPart | None = None,
    ) -> Reply:
        # A streamed upload is sent again after a 401 only if its source can seek back.
        return await authorized(
            self._auth,
            lambda authorization: self._call(method, path, authorization, json_body, upload),
            may_resend=upload.rewind if upload is not None else None,
        )

    async def _call(
        self,
        method: str,
        path: str,
        authorization: str,
        json_body: Any,
        upload: _StreamedPart | None,
    ) -> Reply:
        headers = {**self._extra_headers, "Authorization": authorization}
        if upload is None:
            return await self._http.call(
                method, path, headers=headers, json_body=json_body, idempotent=False
            )
        return await self._http.call(
            method,
            path,
            headers={**headers, **upload.headers()},
            content=upload.stream(),
            idempotent=False,
        )

    async def create_album(self, name: str | None = None) -> int:
        """G8: a new album (``null`` name when none is given); returns its id. 402 once the
        caller owns ``maxAlbums`` albums."""
        check_album_name(name)
        reply = await self._send("POST", "/v2/albums", json_body={"albumName": name})
        try:
            return int64(obj(reply.body, "album").get("albumId"), "albumId")
        except ParseError as exc:
            raise _malformed("album", exc) from exc

    async def rename_album(self, album_id: int, name: str | None) -> str | None:
        """G9: returns the name the upstream stored."""
        check_album_name(name)
        reply = await self._send("PUT", f"/v2/albums/{album_id}", json_body={"albumName": name})
        return opt_str(reply.body.get("albumName")) if isinstance(reply.body, dict) else name

    async def delete_album(self, album_id: int) -> None:
        """G10. A repeat answers 403, like an album that never existed (quirk 2)."""
        await self._send("DELETE", f"/v1/albums/{album_id}")

    async def upload_content(
        self,
        album_id: int,
        source: Readable,
        *,
        size: int | None = None,
        filename: str = "upload",
        content_type: str = "application/octet-stream",
    ) -> UploadedContent:
        """G11: stream ``source`` (sync or async, from its current position; ``size`` bytes when
        given) as the multipart part ``content``. Only a chunk is in memory at a time."""
        upload = _StreamedPart(source, size=size, filename=filename, content_type=content_type)
        await upload.prepare()
        reply = await self._send("POST", f"/v1/albums/{album_id}/content", upload=upload)
        try:
            data = obj(reply.body, "upload")
            return UploadedContent(
                content_id=int64(data.get("contentId"), "contentId"),
                content_url=opt_str(data.get("contentUrl")) or None,
            )
        except ParseError as exc:
            raise _malformed("upload", exc) from exc

    async def reorder_content(
        self, album_id: int, content_ids: Sequence[int], *, current: Sequence[int] | None = None
    ) -> None:
        """G12: the full new order. Given the album's ``current`` ids, the order is checked to
        be a permutation of them first (the upstream refuses anything else)."""
        if len(set(content_ids)) != len(content_ids):
            raise InvalidInput("contentIds", "lists an item more than once")
        if current is not None and sorted(current) != sorted(content_ids):
            raise InvalidInput("contentIds", "must list every item of the album exactly once")
        await self._send(
            "POST",
            f"/v1/albums/{album_id}/content/order",
            json_body={"contentIds": list(content_ids)},
        )

    async def delete_content(self, album_id: int, content_id: int) -> None:
        """G13. The CDN keeps serving URLs already issued until they expire (quirk 8)."""
        await self._send("DELETE", f"/v1/albums/{album_id}/content/{content_id}")

    async def share_album(self, album_id: int, shares: Mapping[int, ExpirationType]) -> None:
        """G20: share with each profile for its expiration type. Side effects: the album is
        posted into each chat, and every earlier recipient takes the new type (quirk 13)."""
        if not shares:
            raise InvalidInput("profiles", "needs at least one profile")
        for profile_id, kind in shares.items():
            if kind not in EXPIRATION_TYPES:
                raise InvalidInput(f"profiles[{profile_id}]", "unknown expiration type")
        profiles = [{"profileId": pid, "expirationType": kind} for pid, kind in shares.items()]
        await self._send("POST", f"/v4/albums/{album_id}/shares", json_body={"profiles": profiles})

    async def unshare_album(self, album_id: int, profile_ids: Sequence[int]) -> None:
        """G21, with ``shareId: 0`` (decision); unsharing a non-recipient is a no-op."""
        if not profile_ids:
            raise InvalidInput("profiles", "needs at least one profile")
        profiles = [{"profileId": pid, "shareId": 0} for pid in dict.fromkeys(profile_ids)]
        await self._send("PUT", f"/v1/albums/{album_id}/unshares", json_body={"profiles": profiles})

    async def record_album_view(self, album_id: int) -> None:
        """G4, a GET with a side effect (it opens a view-once window): mutations only. A 403 on
        a view-once album the caller already opened means "already viewed" (quirk 3)."""
        await self._send("GET", f"/v3/albums/{album_id}/view")

    async def record_content_view(self, album_id: int, content_id: int) -> int | None:
        """G5: the views left (1 → 0 on view-once shares, -1 otherwise); 0 is not an error."""
        reply = await self._send("POST", f"/v1/albums/{album_id}/view/content/{content_id}")
        return opt_int(reply.body.get("remainingViews")) if isinstance(reply.body, dict) else None

    async def mark_feed_item_read(
        self, album_id: int, owner_profile_id: int, *, item_type: int = 0
    ) -> None:
        """G29: the album shared by ``owner_profile_id`` is no longer unseen. ``itemType``'s
        meaning is unknown; the app sends it and the emulator ignores it."""
        await self._send(
            "POST",
            "/v3/pressie-albums/feed/update/read",
            json_body={
                "itemId": album_id,
                "itemType": item_type,
                "targetProfileId": owner_profile_id,
            },
        )

"""Public Profile writes: the media upload calls (S1-S3), posts (S6 story, S12 spotlight, S9 saved
story) and sharing policies (S16 create, S17 delete).

Inputs the upstream would refuse raise ``InvalidInput`` before any call. Nothing here is retried:
the media pipeline decides which calls are safe to repeat (ADD parts, FINALIZE, posts while the
media is processing).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import quote

from gateway.upstreams._http import (
    Reply,
    UpstreamBadResponse,
    UpstreamHTTP,
    UpstreamRejected,
    UpstreamUnauthenticated,
)
from gateway.upstreams._parse import ParseError, obj, opt_str
from gateway.upstreams.inputs import InvalidInput, check_length
from gateway.upstreams.profiles_assets import ResourceRef, SharingPolicy
from gateway.upstreams.profiles_types import entity, is_failure, required_str

SERVICE = "profiles"
MediaType = Literal["VIDEO", "IMAGE"]
SourceKind = Literal["spotlight_id", "snap_id", "media_id"]
#: S12 ``description`` and S9 ``title`` limits, in characters (quirks 11, 13).
MAX_DESCRIPTION = 160
MAX_TITLE = 45
#: The emulator's locale rule (decision), e.g. ``en_US``.
LOCALE = re.compile(r"[a-z]{2}_[A-Z]{2}")
SOURCE_TYPES = ("public_profiles", "pixels", "catalogs")
TARGET_TYPES = ("adaccounts", "organizations")


class PartFile(Protocol):
    """A seekable binary file holding one part (httpx measures it, then reads it in slices)."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


@dataclass(frozen=True, slots=True)
class CreatedMedia:
    """S1's answer: the media id and the relative, region-prefixed upload paths."""

    media_id: str
    add_path: str
    finalize_path: str


@dataclass(frozen=True, slots=True)
class SnapSource:
    """One S9 snap source: exactly one of a spotlight, a public-story snap or a media."""

    kind: SourceKind
    id: str

    def as_json(self) -> dict[str, str]:
        return {self.kind: self.id}


def _seg(value: str) -> str:
    """One path segment: ids come from clients, so they must never add path levels."""
    return quote(value, safe="")


def _upload_path(path: Any, what: str) -> str:
    """``add_path``/``finalize_path`` are joined to the host exactly as returned (quirk 6), so
    they must be relative: anything that could name another host would carry our token there."""
    if (
        not isinstance(path, str)
        or not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or "://" in path
    ):
        raise UpstreamBadResponse(f"{SERVICE} sent an unusable {what}", service=SERVICE)
    return path


def _malformed(what: str, exc: Exception) -> UpstreamBadResponse:
    error = UpstreamBadResponse(f"{SERVICE} sent a malformed {what}", service=SERVICE)
    error.__cause__ = exc
    return error


class ProfilesWriter:
    """Public Profile writes for one caller (one token); cheap to create per request."""

    def __init__(
        self,
        http: UpstreamHTTP,
        *,
        token: str | None,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self._http = http
        self._token = token
        self._extra_headers = extra_headers or {}

    @property
    def authenticated(self) -> bool:
        return self._token is not None

    def _headers(self) -> dict[str, str]:
        if self._token is None:
            raise UpstreamUnauthenticated(
                "profiles: no credentials (send X-Profiles-Authorization)", service=SERVICE
            )
        return {
            **self._extra_headers,
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json",
        }

    async def _send(self, method: str, path: str, **body: Any) -> Reply:
        return await self._http.call(method, path, headers=self._headers(), **body)

    async def create_media(
        self, profile_id: str, *, media_type: MediaType, name: str, key: bytes, iv: bytes
    ) -> CreatedMedia:
        """S1: a media container for one file, with the AES-256 key and CBC IV it is encrypted
        with (sent as standard base64; never logged or echoed)."""
        if media_type not in ("VIDEO", "IMAGE"):
            raise InvalidInput("type", "must be VIDEO or IMAGE")
        if not name.strip():
            raise InvalidInput("name", "must not be empty")
        if len(key) != 32 or len(iv) != 16:
            raise ValueError("the key must be 32 bytes and the IV 16 bytes")
        reply = await self._send(
            "POST",
            f"/v1/public_profiles/{_seg(profile_id)}/media",
            json_body={
                "type": media_type,
                "name": name,
                "key": base64.b64encode(key).decode("ascii"),
                "iv": base64.b64encode(iv).decode("ascii"),
            },
        )
        try:
            data = obj(reply.body, "media")
            media_id = required_str(data, "media_id")
        except ParseError as exc:
            raise _malformed("media", exc) from exc
        add_path = _upload_path(data.get("add_path"), "add_path")
        finalize_path = _upload_path(data.get("finalize_path") or add_path, "finalize_path")
        return CreatedMedia(media_id=media_id, add_path=add_path, finalize_path=finalize_path)

    async def add_part(self, add_path: str, *, part_number: int, part: PartFile | bytes) -> None:
        """S2: one ciphertext part, as multipart ``action``, ``part_number`` (text) and
        ``file``. A file-like part is streamed in small reads, never copied whole."""
        if not 1 <= part_number <= 35:
            raise InvalidInput("part_number", "must be between 1 and 35")
        await self._send(
            "POST",
            _upload_path(add_path, "add_path"),
            data={"action": "ADD", "part_number": str(part_number)},
            files={"file": ("part", part, "application/octet-stream")},
        )

    async def finalize(self, finalize_path: str) -> None:
        """S3: ``action=FINALIZE``, as multipart like S2 (a text part, no file)."""
        await self._send(
            "POST",
            _upload_path(finalize_path, "finalize_path"),
            # A (filename, value) pair with no filename is how httpx sends a multipart text
            # field without any file; ``data`` alone would be URL-encoded.
            files={"action": (None, "FINALIZE")},
        )

    async def post_story(self, profile_id: str, media_id: str) -> str | None:
        """S6: the media becomes a snap of the live public story. The answer is an envelope,
        sometimes with a ``story_id`` (returned when present; otherwise find it through S4)."""
        reply = await self._send(
            "POST",
            f"/v1/public_profiles/{_seg(profile_id)}/stories",
            json_body={"media_id": media_id},
        )
        return opt_str(reply.body.get("story_id")) if isinstance(reply.body, dict) else None

    async def post_spotlight(
        self,
        profile_id: str,
        media_id: str,
        *,
        locale: str,
        description: str | None = None,
        skip_save_to_profile: bool = False,
    ) -> str:
        """S12: the flat body; ``locale`` is required, ``description`` at most 160 characters.
        Returns the new spotlight's id (it starts ``SUBMITTED``)."""
        if not LOCALE.fullmatch(locale):
            raise InvalidInput("locale", "must look like en_US")
        check_length("description", description, max_chars=MAX_DESCRIPTION)
        body: dict[str, Any] = {
            "media_id": media_id,
            "skip_save_to_profile": skip_save_to_profile,
            "locale": locale,
        }
        if description is not None:
            body["description"] = description
        reply = await self._send(
            "POST", f"/v1/public_profiles/{_seg(profile_id)}/spotlights", json_body=body
        )
        try:
            return required_str(obj(reply.body, "spotlight"), "spotlight_id")
        except ParseError as exc:
            raise _malformed("spotlight", exc) from exc

    async def create_saved_story(
        self, profile_id: str, sources: Sequence[SnapSource], *, title: str | None = None
    ) -> str:
        """S9: one saved story from its sources, in order; returns its id."""
        if not sources:
            raise InvalidInput("snap_sources", "needs at least one source")
        for index, source in enumerate(sources):
            if not source.id:
                raise InvalidInput(f"snap_sources[{index}]", "needs an id")
        check_length("title", title, max_chars=MAX_TITLE)
        story: dict[str, Any] = {"snap_sources": [source.as_json() for source in sources]}
        if title is not None:
            story["title"] = title
        reply = await self._send(
            "POST",
            f"/v1/public_profiles/{_seg(profile_id)}/saved_stories",
            json_body={"saved_stories": [story]},
        )
        try:
            items = obj(reply.body, "saved stories").get("saved_stories")
            if not isinstance(items, list) or not items:
                raise ParseError("saved_stories is empty")
            item = obj(items[0], "saved story")
            reason = is_failure(item)
            if reason is not None:
                raise UpstreamRejected(f"{SERVICE}: {reason}", service=SERVICE)
            return required_str(entity(item, "saved_story"), "id")
        except ParseError as exc:
            raise _malformed("saved story", exc) from exc

    async def create_sharing_policy(
        self, source: ResourceRef, target: ResourceRef, *, parent_policy_id: str | None = None
    ) -> SharingPolicy:
        """S16: the bare ``{source, target, parent_policy_id?}`` body. An ad account of an
        external organization needs the organization policy's id as ``parent_policy_id``."""
        if source.resource_type not in SOURCE_TYPES or not source.resource_id:
            raise InvalidInput("source", f"must be one of {', '.join(SOURCE_TYPES)} with an id")
        if target.resource_type not in TARGET_TYPES or not target.resource_id:
            raise InvalidInput("target", f"must be one of {', '.join(TARGET_TYPES)} with an id")
        body: dict[str, Any] = {
            "source": {"resource_id": source.resource_id, "resource_type": source.resource_type},
            "target": {"resource_id": target.resource_id, "resource_type": target.resource_type},
        }
        if parent_policy_id is not None:
            body["parent_policy_id"] = parent_policy_id
        reply = await self._send(
            "POST",
            f"/v1/{_seg(source.resource_type)}/{_seg(source.resource_id)}/sharing_policies",
            json_body=body,
        )
        try:
            items = obj(reply.body, "sharing policies").get("sharing_policies")
            if not isinstance(items, list) or not items:
                raise ParseError("sharing_policies is empty")
            item = obj(items[0], "sharing policy")
            reason = is_failure(item)
            if reason is not None and not isinstance(item.get("sharing_policy"), dict):
                raise UpstreamRejected(f"{SERVICE}: {reason}", service=SERVICE)
            return SharingPolicy.parse(item, default_target=target)
        except ParseError as exc:
            raise _malformed("sharing policy", exc) from exc

    async def delete_sharing_policy(self, policy_id: str) -> None:
        """S17: ``DELETE /v1/sharing_policies/{id}`` (decision); a repeat answers 404."""
        await self._send("DELETE", f"/v1/sharing_policies/{_seg(policy_id)}")

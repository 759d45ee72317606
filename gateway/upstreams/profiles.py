"""The Public Profile API client: Bearer auth, envelopes, sub-responses and cursor paging."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from gateway.upstreams._http import (
    CallTracker,
    GetMemo,
    Reply,
    UpstreamBadResponse,
    UpstreamHTTP,
    UpstreamUnauthenticated,
)
from gateway.upstreams._parse import ParseError, obj
from gateway.upstreams.flight import SharedReads, credential_key
from gateway.upstreams.profiles_assets import Lens, ResourceRef, SharingPolicy
from gateway.upstreams.profiles_stories import SavedStory, Snap, Story
from gateway.upstreams.profiles_types import (
    Page,
    PublicProfile,
    Spotlight,
    SubRequestFailure,
    entity,
    is_failure,
)

SERVICE = "profiles"
_P = "/v1/public_profiles"
#: The upstream clamps larger pages to 50 (decision, contract §1.2); never ask for more.
MAX_PAGE_SIZE = 50

T = TypeVar("T")


def _malformed(what: str, exc: Exception) -> UpstreamBadResponse:
    error = UpstreamBadResponse(f"{SERVICE} sent a malformed {what}", service=SERVICE)
    error.__cause__ = exc
    return error


def next_cursor(paging: Any) -> str | None:
    """The contract's cursor rule: ``next_page_id`` if present, else ``cursor`` from ``next_link``;
    ``paging`` absent, ``{}``, or an empty ``next_link`` means the end."""
    if not isinstance(paging, dict):
        return None
    page_id = paging.get("next_page_id")
    if isinstance(page_id, str) and page_id:
        return page_id
    link = paging.get("next_link")
    if not isinstance(link, str) or not link:
        return None
    values = parse_qs(urlsplit(link).query).get("cursor")
    return values[0] if values else None


def _identity(parse: Callable[[Any], Any]) -> Hashable:
    """What a parse function is, across calls: the code of a lambda (a new object per call,
    the same code), else the function or bound classmethod itself (equal across calls)."""
    return getattr(parse, "__code__", parse)


def _read_one(body: Any, *, key: str, entity_key: str, parse: Callable[[Any], T]) -> T:
    try:
        items = obj(body, "response").get(key)
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list) or not items:
            raise ParseError(f"{key} is empty")
        first = obj(items[0], key)
        reason = is_failure(first)
        if reason is not None and not isinstance(first.get(entity_key), dict):
            raise UpstreamBadResponse(f"{SERVICE}: {reason}", service=SERVICE)
        return parse(first)
    except ParseError as exc:
        raise _malformed(key, exc) from exc


def _read_page(
    body: Any,
    *,
    key: str,
    entity_key: str,
    parse: Callable[[Any], T],
    fallback_key: str | None,
) -> Page[T]:
    try:
        data = obj(body, "page")
        raw = data.get(key)
        if raw is None and fallback_key is not None:
            raw = data.get(fallback_key)
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            raise ParseError(f"{key} is not a list")
        items: list[T | SubRequestFailure] = []
        for item in raw:
            record = obj(item, key)
            reason = is_failure(record)
            if reason is not None and not isinstance(record.get(entity_key), dict):
                items.append(SubRequestFailure(reason=reason))
            else:
                items.append(parse(record))
        return Page(items=tuple(items), next_cursor=next_cursor(data.get("paging")))
    except ParseError as exc:
        raise _malformed(key, exc) from exc


class ProfilesClient:
    """Public Profile calls for one caller (one token); cheap to create per request."""

    def __init__(
        self,
        http: UpstreamHTTP,
        *,
        token: str | None,
        extra_headers: dict[str, str] | None = None,
        tracker: CallTracker | None = None,
        shared: SharedReads | None = None,
    ) -> None:
        self._http = http
        self._tracker = tracker or CallTracker()
        self._shared = shared
        self._token = token
        self._credential = credential_key(token) if token else ""
        self._extra_headers = extra_headers or {}
        self._memo = GetMemo()

    @property
    def authenticated(self) -> bool:
        return self._token is not None

    async def _get(self, path: str, params: dict[str, str] | None = None) -> Reply:
        if self._token is None:
            raise UpstreamUnauthenticated(
                "profiles: no credentials (send X-Profiles-Authorization)", service=SERVICE
            )
        headers = {
            **self._extra_headers,
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json",
        }
        public = path.startswith("/public/")
        key = (self._credential, path, tuple(sorted((params or {}).items())))
        if public and self._shared is not None:
            # Kept public reads are answered at once: no task, no memo, no tracking needed.
            kept = self._shared.kept(key)
            if kept is not None:
                self._tracker.scopes.add("public")
                return kept

        def call() -> Awaitable[Reply]:
            return self._http.call("GET", path, headers=headers, params=params)

        def send() -> Awaitable[Reply]:
            if self._shared is None:
                return call()
            return self._shared.read(key, call, public=public)

        return await self._memo.get(
            path,
            params,
            lambda: self._tracker.track(send(), scope="public" if public else "private"),
        )

    async def _one(self, path: str, key: str, entity_key: str, parse: Callable[[Any], T]) -> T:
        """Single-entity GETs answer a list of one sub-response under ``key`` (quirk 19)."""
        reply = await self._get(path)
        read = partial(_read_one, key=key, entity_key=entity_key, parse=parse)
        return reply.parse(("one", key, entity_key, _identity(parse)), read)

    async def _page(
        self,
        path: str,
        key: str,
        entity_key: str,
        parse: Callable[[Any], T],
        *,
        limit: int,
        cursor: str | None,
        params: dict[str, str] | None = None,
        fallback_key: str | None = None,
    ) -> Page[T]:
        query = {**(params or {}), "limit": str(min(max(limit, 1), MAX_PAGE_SIZE))}
        if cursor:
            query["cursor"] = cursor
        reply = await self._get(path, query)
        how = ("page", key, entity_key, fallback_key, _identity(parse))
        read = partial(
            _read_page, key=key, entity_key=entity_key, parse=parse, fallback_key=fallback_key
        )
        return reply.parse(how, read)

    async def my_profile(self) -> PublicProfile:
        """P3: the first profile the token administers."""
        body = (await self._get("/v1/public_profiles/my_profile")).body
        try:
            data = obj(body, "response")
            profile = data.get("public_profile")
            if profile is None and isinstance(data.get("public_profiles"), list):
                profile = entity(obj(data["public_profiles"][0], "profile"), "public_profile")
            return PublicProfile.parse(profile)
        except (ParseError, IndexError) as exc:
            raise _malformed("profile", exc) from exc

    async def profile(self, profile_id: str) -> PublicProfile:
        """P1: a profile the token may read (all fields)."""
        return await self._one(
            f"/v1/public_profiles/{profile_id}",
            "public_profiles",
            "public_profile",
            lambda item: PublicProfile.parse(entity(item, "public_profile")),
        )

    async def public_profile(self, profile_id: str) -> PublicProfile:
        """P2: any profile's public fields (sponsor brands the token does not administer)."""
        return await self._one(
            f"/public/v1/public_profiles/{profile_id}",
            "public_profiles",
            "public_profile",
            lambda item: PublicProfile.parse(entity(item, "public_profile")),
        )

    async def spotlights(
        self, profile_id: str, *, limit: int, cursor: str | None
    ) -> Page[Spotlight]:
        """S10: one page of a profile's spotlights, newest first."""
        return await self._page(
            f"/v1/public_profiles/{profile_id}/spotlights",
            "spotlights",
            "spotlight",
            Spotlight.parse,
            limit=limit,
            cursor=cursor,
        )

    async def spotlight(self, profile_id: str, spotlight_id: str) -> Spotlight:
        """S11: one spotlight."""
        return await self._one(
            f"/v1/public_profiles/{profile_id}/spotlights/{spotlight_id}",
            "spotlights",
            "spotlight",
            Spotlight.parse,
        )

    async def stories(self, profile_id: str, *, limit: int, cursor: str | None) -> Page[Story]:
        """S4: one page of a profile's stories, newest first."""
        return await self._page(
            f"{_P}/{profile_id}/stories",
            "stories",
            "story",
            Story.parse,
            limit=limit,
            cursor=cursor,
        )

    async def story_snaps(
        self, profile_id: str, story_id: str, *, limit: int, cursor: str | None
    ) -> Page[Snap]:
        """S5: one page of a story's snaps, oldest first."""
        return await self._page(
            f"{_P}/{profile_id}/stories/{story_id}/snaps",
            "snaps",
            "snap",
            Snap.parse,
            limit=limit,
            cursor=cursor,
        )

    async def saved_stories(
        self, profile_id: str, *, visibility: str, limit: int, cursor: str | None
    ) -> Page[SavedStory]:
        """S7: one page of saved stories (``ALL`` or ``VISIBLE_ON_PROFILE``), newest first."""
        return await self._page(
            f"{_P}/{profile_id}/saved_stories",
            "saved_stories",
            "saved_story",
            SavedStory.parse,
            limit=limit,
            cursor=cursor,
            params={"visibility": visibility},
        )

    async def saved_story_snaps(
        self, profile_id: str, saved_story_id: str, *, limit: int, cursor: str | None
    ) -> Page[Snap]:
        """S8: one page of a saved story's snaps, in source order (``snaps``, or the docs'
        ``saved_stories`` example shape, quirk 18)."""
        return await self._page(
            f"{_P}/{profile_id}/saved_stories/{saved_story_id}/snaps",
            "snaps",
            "snap",
            Snap.parse,
            limit=limit,
            cursor=cursor,
            fallback_key="saved_stories",
        )

    async def lenses(self, profile_id: str, *, limit: int, cursor: str | None) -> Page[Lens]:
        """S13: one page of a profile's lenses, newest first."""
        return await self._page(
            f"{_P}/{profile_id}/lenses", "lenses", "lens", Lens.parse, limit=limit, cursor=cursor
        )

    async def lens(self, profile_id: str, lens_id: str) -> Lens:
        """S14: one lens (a list of one under ``lenses``)."""
        return await self._one(f"{_P}/{profile_id}/lenses/{lens_id}", "lenses", "lens", Lens.parse)

    async def organization_profiles(
        self, organization_id: str, *, limit: int, cursor: str | None
    ) -> Page[PublicProfile]:
        """P4: one page of an organization's public profiles."""
        return await self._page(
            f"/v1/organizations/{organization_id}/public_profiles",
            "public_profiles",
            "public_profile",
            lambda item: PublicProfile.parse(entity(item, "public_profile")),
            limit=limit,
            cursor=cursor,
        )

    async def sharing_policies(self, target: ResourceRef) -> list[SharingPolicy]:
        """S15 (ad account) or S15b (organization): the whole list, one page; items may be bare
        and lack ``target``, which then comes from the path (quirk 23)."""
        body = (
            await self._get(
                f"/v1/{target.resource_type}/{target.resource_id}/sharing_policies",
                {"shared_resource_types": "public_profiles,pixels,catalogs"},
            )
        ).body
        try:
            items = obj(body, "response").get("sharing_policies") or []
            if not isinstance(items, list):
                raise ParseError("sharing_policies is not a list")
            return [
                SharingPolicy.parse(item, default_target=target)
                for item in items
                if is_failure(obj(item, "policy")) is None
            ]
        except ParseError as exc:
            raise _malformed("sharing policy list", exc) from exc

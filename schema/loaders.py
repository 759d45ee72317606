"""Per-request dataloaders: every entity fetch goes through one, list responses prime them,
and where the upstream has a batch endpoint (A3, 150 ids) the loader uses it.

Entity loaders keep a registry of what this request has already seen, so an entity primed
after its key was queued (a list answering while a ``node(id:)`` waits) still costs nothing.
"""

from __future__ import annotations

import asyncio
import inspect
import weakref
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any, Generic, TypeVar, cast

from aiodataloader import DataLoader

from gateway.observability.metrics import Metrics
from gateway.upstreams._http import UpstreamError, UpstreamNotFound
from gateway.upstreams.albums import PROFILE_BATCH, AlbumsClient
from gateway.upstreams.albums_types import Album, GrindrProfile
from gateway.upstreams.profiles import MAX_PAGE_SIZE, ProfilesClient
from gateway.upstreams.profiles_assets import Lens, SharingPolicy
from gateway.upstreams.profiles_stories import SavedStory, Snap, Story
from gateway.upstreams.profiles_types import Page, PublicProfile, Spotlight, SubRequestFailure

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
N = TypeVar("N")
Fetch = Callable[[list[K]], Awaitable[Sequence[V | Exception]]]


async def each(keys: Sequence[K], fetch: Callable[[K], Awaitable[V]]) -> list[V | Exception]:
    """Fetch keys one by one, concurrently; one value or one exception per key, in key order."""
    results = await asyncio.gather(*(fetch(key) for key in keys), return_exceptions=True)
    out: list[V | Exception] = []
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, Exception):
            raise result
        out.append(result)
    return out


class EntityLoader(Generic[K, V]):
    """A DataLoader with a registry of entities already seen in this request.

    The DataLoader is made on first use: most requests touch two or three of a dozen loaders,
    and building them all cost about a tenth of a one-entity request.
    """

    def __init__(
        self,
        fetch_many: Fetch[K, V],
        *,
        name: str,
        metrics: Metrics | None,
        max_batch_size: int | None = None,
    ) -> None:
        self._batches = _Batches(fetch_many, name, metrics)
        self._max_batch_size = max_batch_size
        self._dataloader: DataLoader[K, V] | None = None

    @property
    def _loader(self) -> DataLoader[K, V]:
        if self._dataloader is None:
            # The batch function is another object's method: a method of this loader would
            # close a reference cycle (loader → DataLoader → method → loader) that keeps every
            # entity the request loaded alive until the cycle collector runs.
            self._dataloader = DataLoader(
                cast(Any, self._batches.run), max_batch_size=self._max_batch_size
            )
        return self._dataloader

    def load(self, key: K) -> Awaitable[V]:
        return self._loader.load(key)

    def prime(self, key: K, value: V) -> None:
        # A primed value also lands in the registry, which every batch reads first, so an
        # unused loader need not exist yet to be primed.
        self._batches.seen[key] = value
        if self._dataloader is not None:
            self._dataloader.prime(key, value)


class _Batches(Generic[K, V]):
    """What an :class:`EntityLoader`'s batches need: the fetch, the registry, the metrics."""

    __slots__ = ("_fetch_many", "_metrics", "_name", "seen")

    def __init__(
        self,
        fetch_many: Fetch[K, V],
        name: str,
        metrics: Metrics | None,
    ) -> None:
        # Most batch functions are methods of the request's Loaders, which hold this loader: a
        # weak reference keeps that from being a reference cycle too.
        self._fetch_many: Callable[[], Fetch[K, V] | None] = (
            weakref.WeakMethod(fetch_many) if inspect.ismethod(fetch_many) else lambda: fetch_many
        )
        self._name = name
        self._metrics = metrics
        self.seen: dict[K, V] = {}

    async def run(self, keys: list[K]) -> list[V | Exception]:
        seen = self.seen
        missing = [key for key in keys if key not in seen]
        if self._metrics is not None:
            hits = len(keys) - len(missing)
            self._metrics.cache.labels(self._name, "hit").inc(hits)
            self._metrics.cache.labels(self._name, "miss").inc(len(missing))
            if missing:
                self._metrics.batch_size.labels(self._name).observe(len(missing))
        fetched: dict[K, V | Exception] = {}
        if missing:
            fetch_many = self._fetch_many()
            if fetch_many is None:
                raise RuntimeError(f"the request of loader {self._name} has ended")
            fetched = dict(zip(missing, await fetch_many(missing), strict=True))
        return [seen[key] if key in seen else fetched[key] for key in keys]


async def walk(
    fetch: Callable[[str | None, int], Awaitable[Page[V]]],
    key: Callable[[V], str],
    wanted: set[str],
) -> dict[str, V]:
    """Page through a list that has no single-item endpoint until every wanted key is found
    (or the list ends). The pages fetched prime the loaders on the way."""
    found: dict[str, V] = {}
    cursor: str | None = None
    while True:
        page = await fetch(cursor, MAX_PAGE_SIZE)
        for item in page.items:
            if not isinstance(item, SubRequestFailure) and key(item) in wanted:
                found[key(item)] = item
        if wanted <= found.keys() or page.next_cursor is None:
            return found
        cursor = page.next_cursor


def not_found(what: str) -> UpstreamNotFound:
    return UpstreamNotFound(f"profiles: {what} not found", service="profiles", status=404)


def by_group(
    keys: Sequence[tuple[str, ...]],
) -> dict[tuple[str, ...], set[str]]:
    """Group (parent..., id) keys by their parent part."""
    groups: dict[tuple[str, ...], set[str]] = {}
    for key in keys:
        groups.setdefault(key[:-1], set()).add(key[-1])
    return groups


class Loaders:
    """A fresh set per request, so nothing leaks between callers."""

    def __init__(
        self, *, albums: AlbumsClient, profiles: ProfilesClient, metrics: Metrics | None = None
    ) -> None:
        self._albums = albums
        self._profiles = profiles
        self._metrics = metrics
        self._policies: dict[str, SharingPolicy] = {}
        self._nodes: dict[tuple[int, Callable[[Any], Any]], tuple[object, Any]] = {}

    def node(self, value: V, convert: Callable[[V], N]) -> N:
        """The GraphQL node of a loaded entity, made once per request: when every item of a
        list points at one entity (each spotlight of a page has the same owner), the items
        share one node instead of converting it once each. ``convert`` must depend on the
        value alone."""
        key = (id(value), convert)
        kept = self._nodes.get(key)
        if kept is None:
            # The value is kept beside its node, so its id cannot be reused while kept.
            kept = self._nodes[key] = (value, convert(value))
        return cast(N, kept[1])

    # Each loader is made on first use: a request touches two or three of them.

    @cached_property
    def album_profile(self) -> EntityLoader[int, GrindrProfile | None]:
        return EntityLoader(
            self._load_album_profiles,
            name="album_profile",
            metrics=self._metrics,
            max_batch_size=PROFILE_BATCH,
        )

    @cached_property
    def album(self) -> EntityLoader[int, Album]:
        return EntityLoader(self._load_albums, name="album", metrics=self._metrics)

    @cached_property
    def public_profile(self) -> EntityLoader[str, PublicProfile]:
        profiles = self._profiles
        return EntityLoader(
            lambda keys: each(keys, profiles.public_profile),
            name="public_profile",
            metrics=self._metrics,
        )

    @cached_property
    def managed_profile(self) -> EntityLoader[str, PublicProfile]:
        return EntityLoader(
            self._load_managed_profiles, name="managed_profile", metrics=self._metrics
        )

    @cached_property
    def spotlight(self) -> EntityLoader[tuple[str, str], Spotlight]:
        profiles = self._profiles
        return EntityLoader(
            lambda keys: each(keys, lambda key: profiles.spotlight(*key)),
            name="spotlight",
            metrics=self._metrics,
        )

    @cached_property
    def lens(self) -> EntityLoader[tuple[str, str], Lens]:
        profiles = self._profiles
        return EntityLoader(
            lambda keys: each(keys, lambda key: profiles.lens(*key)),
            name="lens",
            metrics=self._metrics,
        )

    @cached_property
    def story(self) -> EntityLoader[tuple[str, str], Story]:
        return EntityLoader(self._load_stories, name="story", metrics=self._metrics)

    @cached_property
    def saved_story(self) -> EntityLoader[tuple[str, str], SavedStory]:
        return EntityLoader(self._load_saved_stories, name="saved_story", metrics=self._metrics)

    @cached_property
    def snap(self) -> EntityLoader[tuple[str, str, str], Snap]:
        return EntityLoader(self._load_snaps, name="snap", metrics=self._metrics)

    @cached_property
    def saved_story_snap(self) -> EntityLoader[tuple[str, str, str], Snap]:
        return EntityLoader(
            self._load_saved_story_snaps, name="saved_story_snap", metrics=self._metrics
        )

    async def _load_album_profiles(self, keys: list[int]) -> list[GrindrProfile | Exception | None]:
        try:
            found = await self._albums.profiles(keys)
        except UpstreamError as exc:
            return [exc] * len(keys)
        return [found.get(key) for key in keys]

    async def _load_albums(self, keys: list[int]) -> list[Album | Exception]:
        results = await each(keys, self._albums.album)
        nameless = [r for r in results if isinstance(r, Album) and r.name is None]
        if not nameless:
            return results
        # G2 never carries the name (quirk 21); for the caller's own albums, G1 does.
        try:
            viewer = await self._albums.viewer_profile_id()
            own = (
                {a.album_id: a for a in await self._albums.my_albums()}
                if any(a.owner_profile_id == viewer for a in nameless)
                else {}
            )
        except UpstreamError:
            return results
        return [
            replace(r, name=own[r.album_id].name, version=own[r.album_id].version)
            if isinstance(r, Album) and r.name is None and r.album_id in own
            else r
            for r in results
        ]

    async def _load_managed_profiles(self, keys: list[str]) -> list[PublicProfile | Exception]:
        results = await each(keys, self._profiles.profile)
        for result in results:
            if isinstance(result, PublicProfile):
                # The authorized view holds every public field too.
                self.public_profile.prime(result.id, result)
        return results

    async def _load_stories(self, keys: list[tuple[str, str]]) -> list[Story | Exception]:
        found: dict[tuple[str, ...], Story] = {}
        for (profile_id,), ids in by_group(keys).items():

            async def fetch(cursor: str | None, limit: int, pid: str = profile_id) -> Page[Story]:
                page = await self._profiles.stories(pid, limit=limit, cursor=cursor)
                self.prime_stories(page.items)
                return page

            hits = await walk(fetch, lambda story: story.id, ids)
            found.update(((profile_id, i), v) for i, v in hits.items())
        return [found.get(key) or not_found("story") for key in keys]

    async def _load_saved_stories(
        self, keys: list[tuple[str, str]]
    ) -> list[SavedStory | Exception]:
        found: dict[tuple[str, ...], SavedStory] = {}
        for (profile_id,), ids in by_group(keys).items():

            async def fetch(
                cursor: str | None, limit: int, pid: str = profile_id
            ) -> Page[SavedStory]:
                page = await self._profiles.saved_stories(
                    pid, visibility="ALL", limit=limit, cursor=cursor
                )
                self.prime_saved_stories(page.items)
                return page

            hits = await walk(fetch, lambda story: story.id, ids)
            found.update(((profile_id, i), v) for i, v in hits.items())
        return [found.get(key) or not_found("saved story") for key in keys]

    async def _load_snaps(self, keys: list[tuple[str, str, str]]) -> list[Snap | Exception]:
        found: dict[tuple[str, ...], Snap] = {}
        for (profile_id, story_id), ids in by_group(keys).items():

            async def fetch(
                cursor: str | None, limit: int, pid: str = profile_id, sid: str = story_id
            ) -> Page[Snap]:
                page = await self._profiles.story_snaps(pid, sid, limit=limit, cursor=cursor)
                self.prime_snaps(pid, sid, page.items)
                return page

            hits = await walk(fetch, lambda snap: snap.id, ids)
            found.update(((profile_id, story_id, i), v) for i, v in hits.items())
        return [found.get(key) or not_found("snap") for key in keys]

    async def _load_saved_story_snaps(
        self, keys: list[tuple[str, str, str]]
    ) -> list[Snap | Exception]:
        found: dict[tuple[str, ...], Snap] = {}
        for (profile_id, saved_id), ids in by_group(keys).items():

            async def fetch(
                cursor: str | None, limit: int, pid: str = profile_id, sid: str = saved_id
            ) -> Page[Snap]:
                page = await self._profiles.saved_story_snaps(pid, sid, limit=limit, cursor=cursor)
                self.prime_saved_story_snaps(pid, sid, page.items)
                return page

            hits = await walk(fetch, lambda snap: snap.id, ids)
            found.update(((profile_id, saved_id, i), v) for i, v in hits.items())
        return [found.get(key) or not_found("snap") for key in keys]

    def prime_stories(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, Story):
                self.story.prime((item.profile_id, item.id), item)

    def prime_saved_stories(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, SavedStory):
                self.saved_story.prime((item.profile_id, item.id), item)

    def prime_snaps(self, profile_id: str, story_id: str, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, Snap):
                self.snap.prime((profile_id, story_id, item.id), item)

    def prime_saved_story_snaps(
        self, profile_id: str, saved_story_id: str, items: Sequence[object]
    ) -> None:
        for item in items:
            if isinstance(item, Snap):
                self.saved_story_snap.prime((profile_id, saved_story_id, item.id), item)

    def prime_lenses(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, Lens):
                self.lens.prime((item.profile_id, item.id), item)

    def prime_sharing_policies(self, policies: Sequence[SharingPolicy]) -> None:
        for policy in policies:
            self._policies[policy.id] = policy

    def sharing_policy_seen(self, policy_id: str) -> SharingPolicy | None:
        """A policy this request has listed already (policies have no lookup by id)."""
        return self._policies.get(policy_id)

    def prime_profiles(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, PublicProfile):
                # The authorized view holds every public field too.
                self.managed_profile.prime(item.id, item)
                self.public_profile.prime(item.id, item)

    def prime_spotlights(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, Spotlight):
                self.spotlight.prime((item.profile_id, item.id), item)

    def prime_albums(self, albums: Sequence[Album]) -> None:
        for album in albums:
            self.album.prime(album.album_id, album)

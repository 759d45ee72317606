"""Per-request dataloaders: every entity fetch goes through one, list responses prime them,
and where the upstream has a batch endpoint (A3, 150 ids) the loader uses it.

Entity loaders keep a registry of what this request has already seen, so an entity primed
after its key was queued (a list answering while a ``node(id:)`` waits) still costs nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar, cast

from aiodataloader import DataLoader

from gateway.upstreams._http import UpstreamError
from gateway.upstreams.albums import PROFILE_BATCH, AlbumsClient
from gateway.upstreams.albums_types import Album, GrindrProfile
from gateway.upstreams.profiles import ProfilesClient
from gateway.upstreams.profiles_types import PublicProfile, Spotlight

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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
    """A DataLoader with a registry of entities already seen in this request."""

    def __init__(
        self,
        fetch_many: Callable[[list[K]], Awaitable[Sequence[V | Exception]]],
        *,
        max_batch_size: int | None = None,
    ) -> None:
        self._fetch_many = fetch_many
        self._seen: dict[K, V] = {}
        self._loader: DataLoader[K, V] = DataLoader(
            cast(Any, self._batch), max_batch_size=max_batch_size
        )

    def load(self, key: K) -> Awaitable[V]:
        return self._loader.load(key)

    def prime(self, key: K, value: V) -> None:
        self._seen[key] = value
        self._loader.prime(key, value)

    async def _batch(self, keys: list[K]) -> list[V | Exception]:
        missing = [key for key in keys if key not in self._seen]
        fetched: dict[K, V | Exception] = {}
        if missing:
            fetched = dict(zip(missing, await self._fetch_many(missing), strict=True))
        return [self._seen[key] if key in self._seen else fetched[key] for key in keys]


class Loaders:
    """A fresh set per request, so nothing leaks between callers."""

    def __init__(self, *, albums: AlbumsClient, profiles: ProfilesClient) -> None:
        self._albums = albums
        self._profiles = profiles
        self.album_profile: EntityLoader[int, GrindrProfile | None] = EntityLoader(
            self._load_album_profiles, max_batch_size=PROFILE_BATCH
        )
        self.album: EntityLoader[int, Album] = EntityLoader(lambda keys: each(keys, albums.album))
        self.public_profile: EntityLoader[str, PublicProfile] = EntityLoader(
            lambda keys: each(keys, profiles.public_profile)
        )
        self.managed_profile: EntityLoader[str, PublicProfile] = EntityLoader(
            self._load_managed_profiles
        )
        self.spotlight: EntityLoader[tuple[str, str], Spotlight] = EntityLoader(
            lambda keys: each(keys, lambda key: profiles.spotlight(*key))
        )

    async def _load_album_profiles(self, keys: list[int]) -> list[GrindrProfile | Exception | None]:
        try:
            found = await self._albums.profiles(keys)
        except UpstreamError as exc:
            return [exc] * len(keys)
        return [found.get(key) for key in keys]

    async def _load_managed_profiles(self, keys: list[str]) -> list[PublicProfile | Exception]:
        results = await each(keys, self._profiles.profile)
        for result in results:
            if isinstance(result, PublicProfile):
                # The authorized view holds every public field too.
                self.public_profile.prime(result.id, result)
        return results

    def prime_spotlights(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, Spotlight):
                self.spotlight.prime((item.profile_id, item.id), item)

    def prime_albums(self, albums: Sequence[Album]) -> None:
        for album in albums:
            self.album.prime(album.album_id, album)

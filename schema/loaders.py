"""Per-request dataloaders: every entity fetch goes through one, list responses prime them,
and where the upstream has a batch endpoint (A3, 150 ids) the loader uses it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Sequence
from typing import Any, TypeVar, cast

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


def loader(
    batch: Callable[[list[K]], Coroutine[Any, Any, Sequence[V | Exception]]],
    *,
    max_batch_size: int | None = None,
) -> DataLoader[K, V]:
    """A DataLoader whose batch function returns a value or an exception per key (aiodataloader
    rejects just that key's future for an exception, but its annotations do not say so)."""
    return DataLoader(cast(Any, batch), max_batch_size=max_batch_size)


class Loaders:
    """A fresh set per request, so nothing leaks between callers."""

    def __init__(self, *, albums: AlbumsClient, profiles: ProfilesClient) -> None:
        self._albums = albums
        self._profiles = profiles
        self.album_profile: DataLoader[int, GrindrProfile | None] = loader(
            self._load_album_profiles, max_batch_size=PROFILE_BATCH
        )
        self.album: DataLoader[int, Album] = loader(self._load_albums)
        self.public_profile: DataLoader[str, PublicProfile] = loader(self._load_public_profiles)
        self.managed_profile: DataLoader[str, PublicProfile] = loader(self._load_managed_profiles)
        self.spotlight: DataLoader[tuple[str, str], Spotlight] = loader(self._load_spotlights)

    async def _load_album_profiles(self, keys: list[int]) -> list[GrindrProfile | Exception | None]:
        try:
            found = await self._albums.profiles(keys)
        except UpstreamError as exc:
            return [exc] * len(keys)
        return [found.get(key) for key in keys]

    async def _load_albums(self, keys: list[int]) -> list[Album | Exception]:
        return await each(keys, self._albums.album)

    async def _load_public_profiles(self, keys: list[str]) -> list[PublicProfile | Exception]:
        return await each(keys, self._profiles.public_profile)

    async def _load_managed_profiles(self, keys: list[str]) -> list[PublicProfile | Exception]:
        results = await each(keys, self._profiles.profile)
        for result in results:
            if isinstance(result, PublicProfile):
                # The authorized view holds every public field too.
                self.public_profile.prime(result.id, result)
        return results

    async def _load_spotlights(self, keys: list[tuple[str, str]]) -> list[Spotlight | Exception]:
        return await each(keys, lambda key: self._profiles.spotlight(*key))

    def prime_spotlights(self, items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, Spotlight):
                self.spotlight.prime((item.profile_id, item.id), item)

    def prime_albums(self, albums: Sequence[Album]) -> None:
        for album in albums:
            self.album.prime(album.album_id, album)

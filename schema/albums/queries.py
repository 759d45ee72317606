"""The Albums part of the graph's entry points: the viewer, their albums and their feed."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.upstreams import albums_feed as feed_types
from gateway.upstreams.albums_types import Album as UpstreamAlbum
from schema.albums.sharing import AlbumLimits, FeedOwner, Paywall, SharedAlbum
from schema.albums.types import Album, AlbumProfile
from schema.connections import PageArgs, whole_connection
from schema.context import Info
from schema.relay import After, Before, Connection, First, Last


@strawberry.input(description="Filters of the shared-with-me feed (all optional).")
class AlbumFeedFilter:
    favorites_only: bool = strawberry.field(
        default=False, description="Only owners the caller marked as favourites."
    )
    online_only: bool = strawberry.field(default=False, description="Only owners online now.")
    videos_only: bool = strawberry.field(
        default=False, description="Only albums with at least one video."
    )


FeedFilterArg = Annotated[
    AlbumFeedFilter | None, strawberry.argument(description="Narrow the feed.")
]


async def _feed(info: Info, filter_: AlbumFeedFilter | None) -> feed_types.Feed:
    wanted = filter_ or AlbumFeedFilter()
    return await info.context.albums.feed(
        favorites=wanted.favorites_only, online=wanted.online_only, only_video=wanted.videos_only
    )


@strawberry.type(description="The caller: what their credentials give access to.")
class Viewer:
    @strawberry.field(description="The caller's own Albums profile.")
    async def album_profile(self, info: Info) -> AlbumProfile | None:
        profile_id = await info.context.albums.viewer_profile_id()
        if profile_id is None:
            return None
        profile = await info.context.loaders.album_profile.load(profile_id)
        return AlbumProfile.from_upstream(profile) if profile else None

    @strawberry.field(description="The caller's own albums, oldest first.")
    async def albums(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Album] | None:
        async def load() -> list[UpstreamAlbum]:
            albums = await info.context.albums.my_albums()
            info.context.loaders.prime_albums(albums)
            return albums

        return await whole_connection(
            info,
            load,
            key=lambda album: str(album.album_id),
            convert=Album.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )

    @strawberry.field(description="The caller's album limits.")
    async def album_limits(self, info: Info) -> AlbumLimits | None:
        return AlbumLimits.from_upstream(await info.context.albums.limits())

    @strawberry.field(description="Albums shared with the caller, newest share first.")
    async def album_feed(
        self,
        info: Info,
        filter: FeedFilterArg = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SharedAlbum] | None:
        async def load() -> tuple[feed_types.SharedAlbum, ...]:
            return (await _feed(info, filter)).shared_albums

        return await whole_connection(
            info,
            load,
            key=lambda item: str(item.album_id),
            convert=SharedAlbum.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )

    @strawberry.field(description="The owners whose albums appear in the caller's feed.")
    async def album_feed_owners(
        self,
        info: Info,
        filter: FeedFilterArg = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[FeedOwner] | None:
        async def load() -> tuple[feed_types.ProfileFeed, ...]:
            return (await _feed(info, filter)).profile_feeds

        return await whole_connection(
            info,
            load,
            key=lambda item: str(item.profile_id),
            convert=FeedOwner.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )

    @strawberry.field(description="Albums in the caller's feed that sit behind a paywall.")
    async def paywalled_albums(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Paywall] | None:
        return await whole_connection(
            info,
            info.context.albums.paywall,
            key=lambda item: str(item.album_id),
            convert=Paywall.from_upstream,
            args=PageArgs(first, after, last, before),
            service="albums",
        )


@strawberry.type
class AlbumsQueries:
    @strawberry.field(description="The caller, with everything their credentials reach.")
    def viewer(self) -> Viewer:
        return Viewer()

"""The Albums part of the graph's entry points: the viewer and their albums."""

from __future__ import annotations

import strawberry

from schema.albums.types import Album, AlbumProfile
from schema.connections import to_connection
from schema.context import Info
from schema.paging import slice_whole
from schema.relay import Connection, check_page_args


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
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Album] | None:
        count, forward = check_page_args(first, after, last, before)
        albums = await info.context.albums.my_albums()
        info.context.loaders.prime_albums(albums)
        window = slice_whole(
            albums,
            lambda album: str(album.album_id),
            count=count,
            forward=forward,
            cursor=after if forward else before,
        )
        return to_connection(info, window, Album.from_upstream, service="albums")


@strawberry.type
class AlbumsQueries:
    @strawberry.field(description="The caller, with everything their credentials reach.")
    def viewer(self) -> Viewer:
        return Viewer()

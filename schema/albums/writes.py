"""What the Albums mutations share: reading an album again after a write, and the payloads that
return it."""

from __future__ import annotations

import asyncio
import dataclasses

import strawberry

from gateway.upstreams import albums_types as up
from gateway.upstreams.albums import AlbumsClient
from schema.albums.types import Album, AlbumContent
from schema.context import Info
from schema.failures import Refused
from schema.results import (
    NotFoundOrForbidden,
)


async def read_album(reader: AlbumsClient, album_id: int, *, content: bool = True) -> up.Album:
    """The caller's album as it is now: G1 has its name and version, G2 its whole content
    (G2 never has the name, quirk 21; G1 may carry one item only, quirk 22)."""
    if not content:
        mine = await reader.my_albums()
        return _find(mine, album_id)
    view, mine = await asyncio.gather(reader.album(album_id), reader.my_albums())
    own = next((a for a in mine if a.album_id == album_id), None)
    if own is None:
        return view
    return dataclasses.replace(
        view,
        name=own.name,
        version=own.version,
        shared_count=own.shared_count,
        is_shareable=own.is_shareable,
    )


def _find(albums: list[up.Album], album_id: int) -> up.Album:
    for album in albums:
        if album.album_id == album_id:
            return album
    raise Refused(
        NotFoundOrForbidden(
            message="albums: the album is not among your albums",
            code="NOT_FOUND_OR_FORBIDDEN",
            service="albums",
        )
    )


def item_of(album: up.Album, content_id: int) -> up.AlbumContent | None:
    return next((item for item in album.content if item.content_id == content_id), None)


def shown(info: Info, album: up.Album) -> Album:
    """The payload's album, also primed for the rest of the operation."""
    info.context.loaders.prime_albums([album])
    return Album.from_upstream(album)


@strawberry.type(description="The album was created.")
class AlbumCreated:
    album: Album = strawberry.field(description="The new album.")


@strawberry.type(description="The album was renamed.")
class AlbumRenamed:
    album: Album = strawberry.field(description="The album, with its new name and version.")


@strawberry.type(description="The album was deleted, with its shares.")
class AlbumDeleted:
    deleted_album_id: strawberry.ID = strawberry.field(
        description="The global id the album had (remove it from caches)."
    )
    album_id: strawberry.ID = strawberry.field(description="The upstream int64 album id.")
    already_deleted: bool = strawberry.field(
        description="Whether an earlier mutation of this same request had deleted it already."
    )


@strawberry.type(description="The album's content changed.")
class AlbumContentChanged:
    album: Album = strawberry.field(description="The album, with its content as it is now.")


@strawberry.type(description="The item was deleted from the album.")
class AlbumContentDeleted:
    deleted_content_id: strawberry.ID = strawberry.field(
        description="The global id the item had. Signed URLs already issued keep working "
        "until they expire, and uploading the same bytes again restores the same item."
    )
    album: Album = strawberry.field(description="The album without the item.")


def content_payload(album: up.Album, content_id: int) -> AlbumContent | None:
    item = item_of(album, content_id)
    return AlbumContent.from_upstream(item) if item is not None else None

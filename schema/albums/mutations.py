"""Albums mutations on albums themselves: create (G8), rename (G9), delete (G10)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.upstreams import albums_types as up
from gateway.upstreams._http import UpstreamForbidden
from gateway.upstreams.albums_upload import check_album_name
from schema.albums.writes import AlbumCreated, AlbumDeleted, AlbumRenamed, read_album, shown
from schema.context import Info
from schema.failures import outcome
from schema.inputs import album_id
from schema.relay import global_id
from schema.results import (
    AlbumLimitReached,
    InvalidInput,
    NotFoundOrForbidden,
    Unauthenticated,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.writing import INPUT, KEY_DESCRIPTION, Written, ready, write_once, writes_of

NAME_DESCRIPTION = "The album name: at most 255 bytes in UTF-8; null for an unnamed album."


@strawberry.input(description="A new album.")
class CreateAlbumInput:
    name: str | None = strawberry.field(default=None, description=NAME_DESCRIPTION)
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.input(description="A new name for one of your albums.")
class RenameAlbumInput:
    album_id: strawberry.ID = strawberry.field(
        description="The album: its global `id` or its `albumId`."
    )
    name: str | None = strawberry.field(description=NAME_DESCRIPTION)


@strawberry.input(description="One of your albums to delete.")
class DeleteAlbumInput:
    album_id: strawberry.ID = strawberry.field(
        description="The album: its global `id` or its `albumId`."
    )


CreateAlbumResult = Annotated[
    AlbumCreated
    | InvalidInput
    | AlbumLimitReached
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("CreateAlbumResult", description="The result of `createAlbum`."),
]
RenameAlbumResult = Annotated[
    AlbumRenamed
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("RenameAlbumResult", description="The result of `renameAlbum`."),
]
DeleteAlbumResult = Annotated[
    AlbumDeleted
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("DeleteAlbumResult", description="The result of `deleteAlbum`."),
]


async def _create(info: Info, input: CreateAlbumInput) -> AlbumCreated:
    writes = writes_of(info)
    name = input.name
    check_album_name(name)

    async def read(created: int) -> up.Album:
        # A new album is empty: G1 alone has all of it (G2 would lack the name).
        return await read_album(writes.albums_client(), created, content=False)

    async def write() -> Written[up.Album]:
        created = await writes.albums_writer().create_album(name)
        return Written({"albumId": created}, await read(created))

    album = await write_once(
        info,
        operation="createAlbum",
        key=input.idempotency_key,
        fingerprint=lambda: ready({"name": name}),
        write=write,
        replay=lambda done: read(int(done["albumId"])),
        background=False,
    )
    return AlbumCreated(album=shown(info, album))


async def _rename(info: Info, input: RenameAlbumInput) -> AlbumRenamed:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    check_album_name(input.name)
    try:
        await writes.albums_writer().rename_album(target, input.name)
    finally:
        info.context.after_write()
    return AlbumRenamed(album=shown(info, await read_album(info.context.albums, target)))


async def _delete(info: Info, input: DeleteAlbumInput) -> AlbumDeleted:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    again = False
    try:
        await writes.albums_writer().delete_album(target)
    except UpstreamForbidden:
        # A repeated delete answers 403 like a foreign album (quirk 2): after our own
        # delete in this request, it means "already deleted"; otherwise it is a refusal.
        if target not in writes.deleted_albums:
            raise
        again = True
    finally:
        info.context.after_write()
    writes.deleted_albums.add(target)
    return AlbumDeleted(
        deleted_album_id=global_id("Album", target),
        album_id=strawberry.ID(str(target)),
        already_deleted=again,
    )


@strawberry.type
class AlbumsMutations:
    @strawberry.mutation(
        description="Create an album (G8). AlbumLimitReached once you own `maxAlbums` albums."
    )
    async def create_album(
        self, info: Info, input: Annotated[CreateAlbumInput, INPUT]
    ) -> CreateAlbumResult:
        result: CreateAlbumResult = await outcome(_create(info, input), CreateAlbumResult)
        return result

    @strawberry.mutation(description="Rename one of your albums (G9); bumps its version.")
    async def rename_album(
        self, info: Info, input: Annotated[RenameAlbumInput, INPUT]
    ) -> RenameAlbumResult:
        result: RenameAlbumResult = await outcome(_rename(info, input), RenameAlbumResult)
        return result

    @strawberry.mutation(
        description="Delete one of your albums and all its shares (G10). Deleting it again in "
        "the same request succeeds with `alreadyDeleted`; later, the upstream cannot tell a "
        "deleted album from a foreign one (NotFoundOrForbidden)."
    )
    async def delete_album(
        self, info: Info, input: Annotated[DeleteAlbumInput, INPUT]
    ) -> DeleteAlbumResult:
        result: DeleteAlbumResult = await outcome(_delete(info, input), DeleteAlbumResult)
        return result

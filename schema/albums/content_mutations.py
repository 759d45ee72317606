"""Albums mutations on an album's content: upload (G11, streamed), reorder (G12), delete (G13)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload as UploadScalar

from gateway.media.flows import upload_album_content
from gateway.media.preflight import check_album_content
from gateway.upstreams import albums_types as up
from schema.albums.types import Album, AlbumContent
from schema.albums.writes import (
    AlbumContentChanged,
    AlbumContentDeleted,
    content_payload,
    read_album,
    shown,
)
from schema.context import Info
from schema.failures import outcome
from schema.inputs import album_id, content_id
from schema.relay import global_id
from schema.results import (
    AlbumLimitReached,
    InvalidInput,
    MediaRejected,
    NotFoundOrForbidden,
    Unauthenticated,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.uploads.progress import UPLOAD_ID_DESCRIPTION, upload_file, uploading
from schema.uploads.types import UploadProgress
from schema.writing import INPUT, KEY_DESCRIPTION, Written, file_digest, write_once, writes_of

ALBUM_ID = "The album: its global `id` or its `albumId`."


@strawberry.input(
    description="A photo or video for one of your albums (a GraphQL multipart request)."
)
class UploadAlbumContentInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    file: UploadScalar = strawberry.field(
        description="JPEG, PNG, MP4 or WebM within your `albumLimits`; checked before any "
        "byte goes upstream, then streamed."
    )
    upload_id: strawberry.ID | None = strawberry.field(
        default=None, description=UPLOAD_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.input(description="A new order for all the items of one of your albums.")
class ReorderAlbumContentInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    content_ids: list[strawberry.ID] = strawberry.field(
        description="Every item of the album exactly once, in the new order (global ids or "
        "`contentId`s)."
    )


@strawberry.input(description="An item to delete from one of your albums.")
class DeleteAlbumContentInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    content_id: strawberry.ID = strawberry.field(
        description="The item: its global `id` or its `contentId`."
    )


@strawberry.type(description="The file was uploaded into the album.")
class AlbumContentUploaded:
    album: Album = strawberry.field(description="The album, with its content as it is now.")
    content: AlbumContent | None = strawberry.field(
        description="The item. The same bytes uploaded again give the same item (quirk 7); "
        "a video reports `processing` for a few seconds."
    )
    upload: UploadProgress = strawberry.field(description="The upload's progress (finished).")


UploadAlbumContentResult = Annotated[
    AlbumContentUploaded
    | InvalidInput
    | MediaRejected
    | AlbumLimitReached
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("UploadAlbumContentResult", description="The result of `uploadAlbumContent`."),
]
ChangeAlbumContentResult = Annotated[
    AlbumContentChanged
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union(
        "ChangeAlbumContentResult", description="The result of `reorderAlbumContent`."
    ),
]
DeleteAlbumContentResult = Annotated[
    AlbumContentDeleted
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("DeleteAlbumContentResult", description="The result of `deleteAlbumContent`."),
]


async def _upload(info: Info, input: UploadAlbumContentInput) -> AlbumContentUploaded:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    file, name = upload_file(input.file)
    filename = name or "upload"
    with uploading(writes, input.upload_id, "album_content") as upload:
        limits = await info.context.albums.limits()
        check = await asyncio.to_thread(check_album_content, file, limits=limits)

        async def read(item: int) -> tuple[up.Album, int]:
            return await read_album(writes.albums_client(), target), item

        async def write() -> Written[tuple[up.Album, int]]:
            done = await upload_album_content(
                writes.jobs,
                writes.albums_writer(uploads=True),
                target,
                file,
                check=check,
                filename=filename,
                upload=upload,
            )
            return Written({"contentId": done.content_id}, await read(done.content_id))

        async def fingerprint() -> dict[str, Any]:
            return {"albumId": target, "file": await file_digest(file)}

        album, item = await write_once(
            info,
            operation="uploadAlbumContent",
            key=input.idempotency_key,
            fingerprint=fingerprint,
            write=write,
            replay=lambda done: read(int(done["contentId"])),
        )
    return AlbumContentUploaded(
        album=shown(info, album),
        content=content_payload(album, item),
        upload=UploadProgress.of(upload.state()),
    )


async def _reorder(info: Info, input: ReorderAlbumContentInput) -> AlbumContentChanged:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    order = [
        content_id(value, ["input", "contentIds", str(i)], album=target)
        for i, value in enumerate(input.content_ids)
    ]
    # The upstream takes only a full permutation: check it against the album as it is now.
    current = await writes.albums_client().album(target)
    try:
        await writes.albums_writer().reorder_content(
            target, order, current=[item.content_id for item in current.content]
        )
    finally:
        info.context.after_write()
    return AlbumContentChanged(album=shown(info, await read_album(info.context.albums, target)))


async def _delete(info: Info, input: DeleteAlbumContentInput) -> AlbumContentDeleted:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    item = content_id(input.content_id, ["input", "contentId"], album=target)
    try:
        await writes.albums_writer().delete_content(target, item)
    finally:
        info.context.after_write()
    return AlbumContentDeleted(
        deleted_content_id=global_id("AlbumContent", target, item),
        album=shown(info, await read_album(info.context.albums, target)),
    )


@strawberry.type
class AlbumContentMutations:
    @strawberry.mutation(
        description="Upload a photo or video into one of your albums (G11), through the "
        "GraphQL multipart request spec. Its type, size and video length are checked "
        "against your `albumLimits` first (MediaRejected, no byte sent); then the file is "
        "streamed upstream in the background, so a slow upload is not cut by the request "
        "deadline. Follow it with `uploadProgress`."
    )
    async def upload_album_content(
        self, info: Info, input: Annotated[UploadAlbumContentInput, INPUT]
    ) -> UploadAlbumContentResult:
        result: UploadAlbumContentResult = await outcome(
            _upload(info, input), UploadAlbumContentResult
        )
        return result

    @strawberry.mutation(
        description="Reorder one of your albums (G12): `contentIds` must list every item "
        "exactly once; checked against the album first."
    )
    async def reorder_album_content(
        self, info: Info, input: Annotated[ReorderAlbumContentInput, INPUT]
    ) -> ChangeAlbumContentResult:
        result: ChangeAlbumContentResult = await outcome(
            _reorder(info, input), ChangeAlbumContentResult
        )
        return result

    @strawberry.mutation(description="Delete an item from one of your albums (G13).")
    async def delete_album_content(
        self, info: Info, input: Annotated[DeleteAlbumContentInput, INPUT]
    ) -> DeleteAlbumContentResult:
        result: DeleteAlbumContentResult = await outcome(
            _delete(info, input), DeleteAlbumContentResult
        )
        return result

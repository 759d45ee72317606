"""Following uploads: ``prepareUpload`` (an id to follow before the file is sent),
``upload(id:)`` for clients that poll, and the ``uploadProgress`` subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import IO, Annotated, Any

import strawberry

from gateway.media.uploads import OwnedUpload, UploadKind
from schema.context import Info
from schema.errors import GatewayError
from schema.failures import invalid, outcome
from schema.results import (
    Unauthenticated,
)
from schema.uploads.types import UploadProgress
from schema.writing import INPUT, Writes, writes_of

UPLOAD_ID_DESCRIPTION = (
    "An upload prepared with `prepareUpload`, to follow this upload's progress from its start "
    "(`uploadProgress`); without it the gateway makes one, returned in the result."
)


def upload_file(value: Any) -> tuple[IO[bytes], str | None]:
    """The spooled file and its name from Strawberry's ``Upload`` (Starlette's UploadFile)."""
    if not hasattr(value, "file") or not hasattr(value, "filename"):
        raise invalid(["input", "file"], "Send the file as a part of a GraphQL multipart request.")
    return value.file, value.filename


@contextmanager
def uploading(
    writes: Writes, upload_id: strawberry.ID | None, kind: UploadKind
) -> Iterator[OwnedUpload]:
    """The upload this mutation reports to: the prepared one it names, or a new one. However
    the mutation ends, the upload ends too (failed with the reason, or done)."""
    if upload_id is None:
        upload = writes.uploads.create(writes.caller, kind)
    else:
        found = writes.uploads.claim(str(upload_id), writes.caller, kind)
        if found is None:
            raise invalid(
                ["input", "uploadId"], "No prepared upload of this kind with this id is waiting."
            )
        upload = found
    try:
        yield upload
    except BaseException as exc:
        if not upload.tracker.current.finished:
            upload.tracker.fail(str(getattr(exc, "message", None) or exc) or "The upload failed")
        raise
    # A replayed idempotent write answers without running: this upload has nothing left to do.
    if not upload.tracker.current.finished:
        upload.tracker.finish()


@strawberry.enum(description="What a prepared upload will be used for.")
class PreparedUploadKind(Enum):
    MEDIA = strawberry.enum_value(
        "MEDIA",
        description="`uploadMedia`, `publishStory`, `publishSpotlight`, `crossPostAlbumContent`.",
    )
    ALBUM_CONTENT = strawberry.enum_value("ALBUM_CONTENT", description="`uploadAlbumContent`.")


@strawberry.input(description="Prepare an upload, to follow its progress from its first byte.")
class PrepareUploadInput:
    kind: PreparedUploadKind = strawberry.field(description="The mutation it is for.")


@strawberry.type(
    description="An upload id to pass as `uploadId` to the mutation that carries the file; "
    "subscribe to `uploadProgress` with it first. Unused, it fails after 15 minutes."
)
class UploadPrepared:
    upload: UploadProgress = strawberry.field(description="The prepared upload (phase PREPARED).")


PrepareUploadResult = Annotated[
    UploadPrepared | Unauthenticated,
    strawberry.union("PrepareUploadResult", description="The result of `prepareUpload`."),
]


async def _prepare(info: Info, input: PrepareUploadInput) -> UploadPrepared | Unauthenticated:
    writes = writes_of(info)
    media = input.kind is PreparedUploadKind.MEDIA
    if (writes.profiles_token if media else writes.albums_auth) is None:
        service = "profiles" if media else "albums"
        return Unauthenticated(
            message=f"{service}: no credentials to upload with",
            code="UNAUTHENTICATED",
            service=service,
        )
    kind: UploadKind = "media" if media else "album_content"
    upload = writes.uploads.create(writes.caller, kind, claimed=False)
    return UploadPrepared(upload=UploadProgress.of(upload.state()))


@strawberry.type
class UploadMutations:
    @strawberry.mutation(
        description="Prepare an upload before sending its file, so its progress can be "
        "followed from the start. No upstream call."
    )
    async def prepare_upload(
        self, info: Info, input: Annotated[PrepareUploadInput, INPUT]
    ) -> PrepareUploadResult:
        result: PrepareUploadResult = await outcome(_prepare(info, input), PrepareUploadResult)
        return result


@strawberry.type
class UploadQueries:
    @strawberry.field(
        description="An upload started by the caller (null for an unknown id, another caller's "
        "upload, or one finished more than an hour ago)."
    )
    def upload(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The upload's id.")],
    ) -> UploadProgress | None:
        writes = writes_of(info)
        found = writes.uploads.get(str(id), writes.caller)
        return UploadProgress.of(found.state()) if found is not None else None


@strawberry.type(description="Live updates: graphql-transport-ws on `/graphql`, or SSE.")
class Subscription:
    @strawberry.subscription(
        description="An upload's progress: its state now, then each change (a slow client "
        "skips intermediate states, never the last), until DONE or FAILED. Over a websocket, "
        "the credential headers may be sent in the `connection_init` payload instead."
    )
    async def upload_progress(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The upload's id.")],
    ) -> AsyncGenerator[UploadProgress, None]:
        writes = writes_of(info)
        found = writes.uploads.get(str(id), writes.caller)
        if found is None:
            raise GatewayError("No upload of yours has this id.", code="NOT_FOUND")
        async for state in found.watch():
            yield UploadProgress.of(state)

"""``uploadMedia``: the whole Public Profile media pipeline in one mutation, and what the other
Snap mutations share (which profile, pre-flight checks, media names)."""

from __future__ import annotations

import asyncio
import re
from enum import Enum
from typing import IO, Annotated, Any

import strawberry
from strawberry.file_uploads import Upload as UploadScalar

from gateway.media.flows import upload_media
from gateway.media.preflight import MediaCheck, Purpose, check_snap_media
from schema.context import Info
from schema.failures import outcome
from schema.inputs import uuid_id
from schema.interfaces import MediaKind
from schema.results import (
    Forbidden,
    InvalidInput,
    MediaRejected,
    NotFound,
    Unauthenticated,
    UploadFailed,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.uploads.progress import UPLOAD_ID_DESCRIPTION, upload_file, uploading
from schema.uploads.types import UploadProgress
from schema.writing import (
    INPUT,
    KEY_DESCRIPTION,
    Written,
    file_digest,
    ready,
    write_once,
    writes_of,
)

PROFILE_ID_DESCRIPTION = (
    "The public profile (its global `id` or UUID); the first profile your token administers "
    "when omitted."
)
_UNSAFE = re.compile(r"[^A-Za-z0-9 ._-]")


@strawberry.enum(description="What uploaded media will be posted as (its checks apply now).")
class MediaPurpose(Enum):
    STORY = strawberry.enum_value("STORY", description="A snap of the public story.")
    SPOTLIGHT = strawberry.enum_value("SPOTLIGHT", description="A Spotlight (videos only).")
    SAVED_STORY = strawberry.enum_value("SAVED_STORY", description="A saved story's snap.")


PURPOSES: dict[MediaPurpose, Purpose] = {
    MediaPurpose.STORY: "story",
    MediaPurpose.SPOTLIGHT: "spotlight",
    MediaPurpose.SAVED_STORY: "saved_story",
}


async def profile_id_of(info: Info, value: strawberry.ID | None, path: list[str]) -> str:
    """The profile a Snap write goes to (P3 when the input leaves it out)."""
    if value is not None:
        return uuid_id(value, path, type_names=("PublicProfile",))
    return (await info.context.profiles.my_profile()).id


async def check_media(file: IO[bytes], purpose: Purpose | None) -> MediaCheck:
    """Pre-flight (size, type, MP4 duration and resolution): MediaRejected before any call."""
    return await asyncio.to_thread(check_snap_media, file, purpose=purpose)


def media_name(name: str | None, filename: str | None) -> str:
    """The S1 ``name``: the one given, else the file's name (made safe), else ``upload``."""
    text = (name or filename or "").strip()
    return _UNSAFE.sub("_", text)[:100].strip() or "upload"


@strawberry.input(description="Media to upload to a public profile (a GraphQL multipart request).")
class UploadMediaInput:
    file: UploadScalar = strawberry.field(
        description="An MP4 video or a JPEG/PNG image, at most 1 GiB once encrypted."
    )
    profile_id: strawberry.ID | None = strawberry.field(
        default=None, description=PROFILE_ID_DESCRIPTION
    )
    name: str | None = strawberry.field(
        default=None, description="The media's name; the file's name when omitted."
    )
    purpose: MediaPurpose | None = strawberry.field(
        default=None,
        description="Check the media for this use now (e.g. a spotlight's 5-60 s video), "
        "instead of when it is posted.",
    )
    upload_id: strawberry.ID | None = strawberry.field(
        default=None, description=UPLOAD_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.type(description="The media is uploaded and finalized.")
class MediaUploaded:
    media_id: strawberry.ID = strawberry.field(
        description="The media id, to post (`postStory`, `postSpotlight`, `createSavedStory`) "
        "within 24 hours."
    )
    media_kind: MediaKind = strawberry.field(description="Video or image.")
    profile_id: strawberry.ID = strawberry.field(description="The profile it belongs to.")
    upload: UploadProgress = strawberry.field(description="The upload's progress (finished).")


UploadMediaResult = Annotated[
    MediaUploaded
    | InvalidInput
    | MediaRejected
    | UploadFailed
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("UploadMediaResult", description="The result of `uploadMedia`."),
]


async def _upload_media(info: Info, input: UploadMediaInput) -> MediaUploaded:
    writes = writes_of(info)
    file, filename = upload_file(input.file)
    purpose = PURPOSES[input.purpose] if input.purpose is not None else None
    with uploading(writes, input.upload_id, "media") as upload:
        check = await check_media(file, purpose)
        profile = await profile_id_of(info, input.profile_id, ["input", "profileId"])
        name = media_name(input.name, filename)

        async def write() -> Written[tuple[str, str]]:
            media_id = await upload_media(
                writes.jobs,
                writes.uploader(),
                profile_id=profile,
                file=file,
                name=name,
                check=check,
                upload=upload,
                finish=True,
            )
            return Written({"mediaId": media_id, "kind": check.kind}, (media_id, check.kind))

        async def fingerprint() -> dict[str, Any]:
            digest = await file_digest(file)
            return {"profileId": profile, "name": name, "purpose": purpose, "file": digest}

        media_id, kind = await write_once(
            info,
            operation="uploadMedia",
            key=input.idempotency_key,
            fingerprint=fingerprint,
            write=write,
            replay=lambda done: ready((str(done["mediaId"]), str(done["kind"]))),
        )
    return MediaUploaded(
        media_id=strawberry.ID(media_id),
        media_kind=MediaKind.VIDEO if kind == "VIDEO" else MediaKind.IMAGE,
        profile_id=strawberry.ID(profile),
        upload=UploadProgress.of(upload.state()),
    )


@strawberry.type
class MediaMutations:
    @strawberry.mutation(
        description="Upload media to a public profile (GraphQL multipart request): checked "
        "first (MediaRejected, no upstream call), then encrypted with a fresh key (AES-256-CBC) "
        "as it is read, sent in 31 MiB parts in parallel with retries, and finalized once "
        "every part is in. It runs in the background: the request deadline does not cut it, "
        "and it completes even if the client goes away. Follow it with `uploadProgress` "
        "(pass a prepared `uploadId`) or `upload(id:)`."
    )
    async def upload_media(
        self, info: Info, input: Annotated[UploadMediaInput, INPUT]
    ) -> UploadMediaResult:
        result: UploadMediaResult = await outcome(_upload_media(info, input), UploadMediaResult)
        return result

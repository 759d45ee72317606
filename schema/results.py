"""The expected failures of mutations, as data: the failure types every mutation shares
(``schema.failures`` turns the gateway's exceptions into them).

Albums answers 403 both for an album that does not exist and for one that is not yours, so its
refusals are ``NotFoundOrForbidden``; the Public Profile API tells the two apart (``NotFound``,
``Forbidden``). Anything not listed here is unexpected and stays an error (masked in production).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.context import Info

if TYPE_CHECKING:
    from schema.albums.sharing import AlbumLimits

AlbumLimitsRef = Annotated["AlbumLimits", strawberry.lazy("schema.albums.sharing")]


@strawberry.interface(
    description="An expected failure of a mutation, returned as data (never as an error)."
)
class MutationError:
    message: str = strawberry.field(description="What went wrong; safe to show to people.")
    code: str = strawberry.field(description="A stable code for this kind of failure.")


@strawberry.type(description="An input is invalid; nothing was sent upstream.")
class InvalidInput(MutationError):
    field: list[str] = strawberry.field(
        description='The path of the offending input, e.g. ["input", "snapSources", "2"].'
    )


@strawberry.type(description="The Public Profile API does not know this object (HTTP 404).")
class NotFound(MutationError):
    service: str = strawberry.field(description="The upstream that answered: `profiles`.")


@strawberry.type(
    description="The credentials do not allow this (Public Profile API 403), or the gateway "
    "refuses it (e.g. cross-posting an album you do not own)."
)
class Forbidden(MutationError):
    service: str = strawberry.field(
        description="Who refused: `profiles`, `albums`, or `gateway` for the gateway's own rules."
    )


@strawberry.type(
    description="The Albums API answered 403: the album or item does not exist, was deleted, "
    "or is not yours to change (it does not tell which)."
)
class NotFoundOrForbidden(MutationError):
    service: str = strawberry.field(description="Always `albums`.")


@strawberry.type(
    description="An album limit is reached (HTTP 402): albums, items, videos, shares or "
    "shareable albums. `limits` (the same as `viewer.albumLimits`) says which apply."
)
class AlbumLimitReached(MutationError):
    @strawberry.field(description="The caller's album limits (one upstream call).")
    async def limits(self, info: Info) -> AlbumLimitsRef | None:
        from schema.albums.sharing import AlbumLimits

        return AlbumLimits.from_upstream(await info.context.albums.limits())


@strawberry.enum(description="Why media was rejected before upload.")
class MediaRejectionCode(Enum):
    EMPTY = strawberry.enum_value("EMPTY", description="The file is empty.")
    TOO_LARGE = strawberry.enum_value("TOO_LARGE", description="The file is over the size limit.")
    UNSUPPORTED_TYPE = strawberry.enum_value(
        "UNSUPPORTED_TYPE", description="Not a type this destination takes."
    )
    NOT_MP4 = strawberry.enum_value("NOT_MP4", description="A video, but not MP4.")
    UNREADABLE_MP4 = strawberry.enum_value(
        "UNREADABLE_MP4", description="The MP4 header cannot be read."
    )
    NO_VIDEO_TRACK = strawberry.enum_value("NO_VIDEO_TRACK", description="The MP4 has no video.")
    TOO_SHORT = strawberry.enum_value("TOO_SHORT", description="The video is too short.")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="The video is too long.")
    RESOLUTION_TOO_LOW = strawberry.enum_value(
        "RESOLUTION_TOO_LOW", description="The video is smaller than 540x960."
    )
    IMAGE_NOT_ALLOWED = strawberry.enum_value(
        "IMAGE_NOT_ALLOWED", description="Spotlights take videos only."
    )


@strawberry.type(description="One reason media was rejected.")
class MediaRejection:
    code: MediaRejectionCode = strawberry.field(description="The failed check.")
    message: str = strawberry.field(description="What the check found; safe to show.")


@strawberry.type(
    description="The media failed the checks made before upload (size, type, MP4 duration and "
    "resolution); no upstream call was made for it. Every failed check is listed."
)
class MediaRejected(MutationError):
    reasons: list[MediaRejection] = strawberry.field(description="Every failed check.")


@strawberry.enum(description="Where a media upload stopped.")
class UploadStage(Enum):
    SOURCE = strawberry.enum_value("SOURCE", description="Reading the file.")
    CREATE = strawberry.enum_value("CREATE", description="Creating the media (S1).")
    PARTS = strawberry.enum_value(
        "PARTS", description="A part kept failing; nothing was finalized."
    )
    FINALIZE = strawberry.enum_value("FINALIZE", description="Finalizing the media (S3).")


@strawberry.type(
    description="The upload did not complete after its retries; nothing was posted. Retry it "
    "(with the same idempotency key, if any)."
)
class UploadFailed(MutationError):
    stage: UploadStage = strawberry.field(description="Where it stopped.")
    part_number: int | None = strawberry.field(description="The part that failed, if any.")
    media_id: strawberry.ID = strawberry.field(
        description="The unfinished media (it cannot be posted)."
    )


@strawberry.type(
    description="The media was uploaded but still processing when the gateway stopped retrying "
    "the post; post `mediaId` again later (it stays usable for 24 h from its creation)."
)
class MediaStillProcessing(MutationError):
    media_id: strawberry.ID = strawberry.field(description="The uploaded media.")
    attempts: int = strawberry.field(description="Posting attempts made.")
    waited_seconds: float = strawberry.field(description="Seconds spent retrying.")


@strawberry.type(
    description="The album item cannot be downloaded now: a video still processing, or an "
    "item with no views left."
)
class AlbumContentUnavailable(MutationError):
    processing: bool = strawberry.field(description="Whether it is a video still processing.")


@strawberry.type(description="No usable credentials for the upstream (send its header).")
class Unauthenticated(MutationError):
    service: str = strawberry.field(description="`albums` or `profiles`.")


@strawberry.type(
    description="The upstream refused the request (HTTP 400/409/413/422), e.g. an unknown or "
    "expired media id; `upstreamCode` is its own code when it gave one."
)
class UpstreamRejected(MutationError):
    service: str = strawberry.field(description="`albums` or `profiles`.")
    upstream_code: str | None = strawberry.field(
        description="The upstream's code (e.g. MEDIA_EXPIRED), or its message for Albums."
    )


@strawberry.type(
    description="The upstream is unreachable, overloaded, too slow (code UPSTREAM_TIMEOUT) or "
    "its circuit is open; nothing may have changed, or the change may be unknown after a "
    "timeout. Retry later (with the same idempotency key, if any)."
)
class UpstreamUnavailable(MutationError):
    service: str = strawberry.field(description="`albums` or `profiles`.")
    retry_after: int | None = strawberry.field(description="Seconds to wait, when known.")


@strawberry.type(
    name="UpstreamError",
    description="The upstream failed (a 5xx or an answer the gateway cannot read).",
)
class UpstreamFailed(MutationError):
    service: str = strawberry.field(description="`albums` or `profiles`.")
    status: int | None = strawberry.field(description="The upstream's HTTP status, if any.")

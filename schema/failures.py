"""Expected failures as mutation results: ``Refused`` (a failure raised from anywhere in a
resolver), and the one place that turns the gateway's typed exceptions into the failure types of
``schema.results`` (``failure_from``, applied by ``outcome``)."""

from __future__ import annotations

import re
import typing
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

import strawberry

from gateway.media.flows import StillProcessing
from gateway.media.preflight import MediaRejected as MediaRejectedError
from gateway.media.upload import UploadFailed as UploadFailedError
from gateway.upstreams import _http as up
from gateway.upstreams.inputs import InvalidInput as InvalidInputError
from schema.results import (
    AlbumLimitReached,
    Forbidden,
    InvalidInput,
    MediaRejected,
    MediaRejection,
    MediaRejectionCode,
    MediaStillProcessing,
    MutationError,
    NotFound,
    NotFoundOrForbidden,
    Unauthenticated,
    UploadFailed,
    UploadStage,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)

T = TypeVar("T")


class Refused(Exception):
    """Raised by resolvers and their helpers to return ``failure`` as the mutation's result."""

    def __init__(self, failure: MutationError) -> None:
        super().__init__(failure.message)
        self.failure = failure


EXPECTED: tuple[type[Exception], ...] = (
    Refused,
    StillProcessing,
    InvalidInputError,
    MediaRejectedError,
    UploadFailedError,
    up.UpstreamError,
)
_PART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+")


def input_path(field: str, renames: Mapping[str, str] | None = None) -> list[str]:
    """``snap_sources[2]`` → ``["input", "snapSources", "2"]`` (writer names to GraphQL names)."""
    path = ["input"]
    for part in _PART.findall(field):
        if part.isdigit():
            path.append(part)
        else:
            part = (renames or {}).get(part, part)
            head, *rest = part.split("_")
            path.append(head + "".join(word.capitalize() for word in rest))
    return path


def invalid(field: list[str] | str, message: str) -> Refused:
    """A ``Refused`` carrying ``InvalidInput`` for an input path (a list, or a writer name)."""
    path = field if isinstance(field, list) else input_path(field)
    return Refused(InvalidInput(message=message, code="BAD_USER_INPUT", field=path))


def upstream_failure(exc: up.UpstreamError) -> MutationError:
    """The failure type of an upstream error."""
    service, message = exc.service, exc.message
    if isinstance(exc, up.UpstreamUnauthenticated):
        return Unauthenticated(message=message, code=exc.code, service=service)
    if isinstance(exc, up.UpstreamForbidden):
        if service == "albums":
            return NotFoundOrForbidden(
                message=message, code="NOT_FOUND_OR_FORBIDDEN", service=service
            )
        return Forbidden(message=message, code=exc.code, service=service)
    if isinstance(exc, up.UpstreamNotFound):
        return NotFound(message=message, code=exc.code, service=service)
    if isinstance(exc, up.UpstreamLimitReached):
        return AlbumLimitReached(message=message, code=exc.code)
    if isinstance(exc, up.UpstreamRejected):
        return UpstreamRejected(
            message=message, code=exc.code, service=service, upstream_code=exc.upstream_code
        )
    if isinstance(exc, up.UpstreamTimeout | up.UpstreamUnavailable):
        wait = int(exc.retry_after) if exc.retry_after is not None else None
        return UpstreamUnavailable(
            message=message, code=exc.code, service=service, retry_after=wait
        )
    return UpstreamFailed(
        message=message, code="UPSTREAM_ERROR", service=service, status=exc.status
    )


def failure_from(exc: Exception, renames: Mapping[str, str] | None = None) -> MutationError:
    """The failure type of one of the ``EXPECTED`` exceptions."""
    if isinstance(exc, Refused):
        return exc.failure
    if isinstance(exc, InvalidInputError):
        field = input_path(exc.field, renames)
        return InvalidInput(message=exc.message, code="BAD_USER_INPUT", field=field)
    if isinstance(exc, MediaRejectedError):
        reasons = [
            MediaRejection(code=MediaRejectionCode[r.code], message=r.message) for r in exc.reasons
        ]
        return MediaRejected(message=str(exc), code=exc.code, reasons=reasons)
    if isinstance(exc, StillProcessing):
        return MediaStillProcessing(
            message=str(exc),
            code="MEDIA_STILL_PROCESSING",
            media_id=strawberry.ID(exc.media_id),
            attempts=exc.attempts,
            waited_seconds=exc.waited,
        )
    if isinstance(exc, UploadFailedError):
        if exc.media_id is None:
            # Nothing was created (S1 failed): the upstream's own reason says it best.
            if exc.error is not None:
                return upstream_failure(exc.error)
            return UpstreamFailed(
                message=exc.message, code="UPSTREAM_ERROR", service="profiles", status=None
            )
        return UploadFailed(
            message=exc.message,
            code=exc.code,
            stage=UploadStage[exc.stage.upper()],
            part_number=exc.part_number,
            media_id=strawberry.ID(exc.media_id),
        )
    if isinstance(exc, up.UpstreamError):
        return upstream_failure(exc)
    raise TypeError(f"not an expected failure: {type(exc).__name__}")


def members(union: Any) -> tuple[type, ...]:
    """The member types of an ``Annotated[A | B, strawberry.union(...)]``."""
    return typing.get_args(typing.get_args(union)[0])


async def outcome(body: Awaitable[T], union: Any, renames: Mapping[str, str] | None = None) -> Any:
    """Await a mutation's body; an expected failure becomes the matching member of ``union``
    (an unexpected one, or a failure the union does not list, is raised)."""
    try:
        return await body
    except EXPECTED as exc:
        failure = failure_from(exc, renames)
        if not isinstance(failure, members(union)):
            raise
        return failure

"""The envelope (§1.1), sub-responses, flat items, status case and the error shape (§1.3)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from emulators.profiles.config import ProfilesConfig

SUCCESS, ERROR, PARTIAL = "SUCCESS", "ERROR", "PARTIAL"

#: The error code for each HTTP status the emulator produces on its own.
CODES = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    403: "AUTHORIZATION_PERMISSION_DENIED",
    404: "RESOURCE_NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "MEDIA_POSTING_ALREADY_IN_PROGRESS",
    500: "INTERNAL_ERROR",
}
_DISPLAY = {
    400: "The request is invalid.",
    401: "Authentication is required.",
    403: "You do not have permission to perform this action.",
    404: "The resource was not found.",
    405: "The method is not allowed for this resource.",
    409: "Media posting is already in progress.",
    500: "Something went wrong. Please try again later.",
}
#: ``error_code`` of a 200 whose items partly (PARTIAL) or wholly (ERROR) failed (decision).
SUB_REQUEST_FAILED = "SUB_REQUEST_FAILED"
#: Nested objects the ``list_items=flat`` variant merges into the item (§1.1).
FLATTENED = ("media_metadata", "snapcode", "preview_media")


class ApiError(Exception):
    """An error answer: HTTP status, ``error_code`` and the debug text naming the cause."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "ERROR")
        self.message = message


def invalid(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def denied(message: str) -> ApiError:
    return ApiError(403, message)


def cased(word: str, config: ProfilesConfig) -> str:
    """A request or sub-request status in the configured letter case (quirk 30)."""
    return word.lower() if config.status_case == "lower" else word


def envelope(
    config: ProfilesConfig,
    request_id: str,
    status: str,
    *,
    message: str | None = None,
    display: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """The envelope head; the messages and code appear only when the status is not SUCCESS."""
    body: dict[str, Any] = {"request_id": request_id, "request_status": cased(status, config)}
    if status != SUCCESS:
        body["debug_message"] = message or ""
        body["display_message"] = display or message or ""
        body["error_code"] = code or SUB_REQUEST_FAILED
    return body


def error_envelope(config: ProfilesConfig, request_id: str, exc: ApiError) -> dict[str, Any]:
    return envelope(
        config,
        request_id,
        ERROR,
        message=exc.message,
        display=_DISPLAY.get(exc.status, exc.message),
        code=exc.code,
    )


def make_error_body(
    config: ProfilesConfig, request_ids: Callable[[], str]
) -> Callable[[int], tuple[bytes, str]]:
    """``error_body(status)`` for the shared app: 404/405/500 (and faults) in the envelope shape."""

    def error_body(status: int) -> tuple[bytes, str]:
        exc = ApiError(status, _DISPLAY.get(status, f"HTTP {status}"))
        body = error_envelope(config, request_ids(), exc)
        return json.dumps(body, separators=(",", ":")).encode(), "application/json"

    return error_body


class Breakable(Protocol):
    @property
    def broken(self) -> bool: ...


T = TypeVar("T", bound=Breakable)


def sub_responses(
    config: ProfilesConfig,
    entity_key: str,
    items: Iterable[T],
    render: Callable[[T], dict[str, Any]],
) -> tuple[list[dict[str, Any]], int]:
    """Wrap each item as a sub-response; seeded ``broken`` items fail. Returns (items, failures)."""
    ok, failed_word = cased(SUCCESS, config), cased(ERROR, config)
    flat = config.list_items == "flat"
    out: list[dict[str, Any]] = []
    failures = 0
    for item in items:
        if item.broken:
            failures += 1
            out.append(
                {
                    "sub_request_status": failed_word,
                    "sub_request_error_reason": f"Failed to load this {entity_key}",
                }
            )
            continue
        entity = render(item)
        if flat:
            merged: dict[str, Any] = {"sub_request_status": ok}
            for key, value in entity.items():
                if key in FLATTENED:
                    merged.update(value)
                else:
                    merged[key] = value
            out.append(merged)
        else:
            out.append({"sub_request_status": ok, entity_key: entity})
    return out, failures


def overall(total: int, failures: int) -> str:
    """SUCCESS, PARTIAL when some items failed, ERROR when every item failed (still HTTP 200)."""
    if failures == 0:
        return SUCCESS
    return ERROR if failures == total else PARTIAL

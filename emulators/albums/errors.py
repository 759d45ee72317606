"""The Albums API's error shape: HTTP status + ``{"message": text}`` (contract §1.1)."""

from __future__ import annotations

import json
from http import HTTPStatus

from starlette.responses import Response

#: The texts of §1.1, one per status; a status can also carry a more specific text.
MESSAGES: dict[int, str] = {
    400: "Bad request",
    401: "Unauthorized",
    402: "Payment required",
    403: "Action not permitted",
    404: "Not found",
    405: "Method not allowed",
    413: "Content too large",
    500: "Internal server error",
}

ALBUM_NAME_TOO_LONG = "Album name too long"
INVALID_CONTENT_ORDER = "Invalid content order"
UNSUPPORTED_CONTENT_TYPE = "Unsupported content type"
INVALID_VIDEO_LENGTH = "Invalid video length"
INVALID_EXPIRATION_TYPE = "Invalid expiration type"
PROFILE_NOT_FOUND = "Profile not found"
SHARE_WITH_YOURSELF = "Cannot share album with yourself"
INVALID_INPUT_PARAMETERS = "Invalid input parameters"
HEADER_ERROR = "urn:gr:err:header"

JSON = "application/json"


def message_for(status: int) -> str:
    """The default text for ``status`` (the HTTP phrase for statuses §1.1 does not name)."""
    text = MESSAGES.get(status)
    if text is not None:
        return text
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def encode(message: str) -> bytes:
    return json.dumps({"message": message}, ensure_ascii=False, separators=(",", ":")).encode()


def error_body(status: int) -> tuple[bytes, str]:
    """Body and content type for errors raised outside handlers (404, 405, 500, faults)."""
    return encode(message_for(status)), JSON


class ApiError(Exception):
    """An expected failure; handlers raise it and the endpoint wrapper renders it."""

    def __init__(self, status: int, message: str | None = None) -> None:
        self.status = status
        self.message = message if message is not None else message_for(status)
        super().__init__(f"{status} {self.message}")

    def response(self) -> Response:
        return Response(encode(self.message), status_code=self.status, media_type=JSON)


def bad_request(message: str | None = None) -> ApiError:
    return ApiError(400, message)


def forbidden() -> ApiError:
    """The API's answer for "no access *or* does not exist" (quirk 1)."""
    return ApiError(403)


def payment_required() -> ApiError:
    return ApiError(402)

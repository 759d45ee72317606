"""Reading request bodies and fields strictly, and writing the API's success responses.

Every malformed input becomes ``ApiError(400, "Bad request")`` here, so handlers never
see a value of the wrong type and never turn a client mistake into a 500.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from emulators.albums.errors import ALBUM_NAME_TOO_LONG, JSON, bad_request

#: Album names are limited in UTF-8 bytes, not characters (quirk 24).
MAX_ALBUM_NAME_BYTES = 255
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def digits(text: str) -> int | None:
    """A non-negative int64 in ASCII digits, else ``None``.

    ``int()`` alone would take signs, spaces, ``_`` and non-ASCII digits, and raises on
    strings over 4300 digits; an id the real API cannot bind is simply not an id.
    """
    if not 0 < len(text) <= 19 or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= INT64_MAX else None


async def read_json(request: Request, *, required: bool = True) -> Any:
    """The body as JSON; ``None`` for an empty optional body; 400 when malformed."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise bad_request()
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise bad_request() from exc


async def read_object(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The body as a JSON object (``{}`` for an empty optional body)."""
    body = await read_json(request, required=required)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise bad_request()
    return body


def as_int(value: Any) -> int:
    """A JSON int64 (booleans and floats are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request()
    if not INT64_MIN <= value <= INT64_MAX:
        raise bad_request()
    return value


def as_id(value: Any) -> int:
    """An id in a body: a JSON integer or a numeric string (clients send profile ids both ways)."""
    if isinstance(value, str):
        parsed = digits(value)
        if parsed is None:
            raise bad_request()
        return parsed
    return as_int(value)


def optional_bool(body: dict[str, Any], key: str) -> bool:
    """An optional boolean filter; absent or ``null`` is ``False``."""
    value = body.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad_request()
    return value


def int_list(value: Any) -> list[int]:
    if not isinstance(value, list):
        raise bad_request()
    return [as_int(item) for item in value]


def object_list(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise bad_request()
    return value


def album_name(body: dict[str, Any]) -> str | None:
    """``albumName``: a string, ``""`` or ``null``; other scalars are coerced to strings.

    Objects and arrays cannot be coerced (the real API fails to bind them), so they are a
    400. The length limit counts UTF-8 bytes.
    """
    value = body.get("albumName")
    if value is None or isinstance(value, str):
        name = value
    elif isinstance(value, bool):
        name = "true" if value else "false"
    elif isinstance(value, int | float):
        name = json.dumps(value)
    else:
        raise bad_request()
    if name is not None and len(name.encode("utf-8")) > MAX_ALBUM_NAME_BYTES:
        raise bad_request(ALBUM_NAME_TOO_LONG)
    return name


def json_ok(data: Any) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status_code=200, media_type=JSON)


def empty_ok() -> Response:
    """The API's empty success: 200, ``Content-Length: 0``, no content type."""
    return Response(b"", status_code=200)

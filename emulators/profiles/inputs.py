"""Reading request input: JSON bodies whatever the Content-Type, typed fields, ISO query values.

Every failure here is a 400 ``INVALID_REQUEST`` that names the field, never a 500.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.requests import Request

from emulators._common.clock import parse_iso
from emulators.profiles.envelope import invalid

#: JSON bodies of this API are small; anything larger is refused before parsing.
MAX_JSON_BYTES = 1_048_576


async def json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object; parsed as JSON whatever the Content-Type (§1, decision)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_JSON_BYTES:
        raise invalid("The request body is too large")
    raw = await request.body()
    if len(raw) > MAX_JSON_BYTES:
        raise invalid("The request body is too large")
    if not raw.strip():
        raise invalid("The request body must be a JSON object")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise invalid(f"The request body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object")
    return body


def required_str(body: dict[str, Any], key: str, *, where: str = "") -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise invalid(f"{where}{key} is required and must be a non-empty string")
    return value


def optional_str(
    body: dict[str, Any], key: str, *, max_len: int | None = None, where: str = ""
) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"{where}{key} must be a string")
    if max_len is not None and len(value) > max_len:
        raise invalid(f"{where}{key} must be at most {max_len} characters")
    return value


def optional_bool(body: dict[str, Any], key: str, *, default: bool) -> bool:
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid(f"{key} must be a boolean")
    return value


def query_time(request: Request, key: str) -> datetime | None:
    """An optional ISO-8601 query value (``Z`` or offset); 400 when unparseable."""
    text = request.query_params.get(key)
    if text is None or text == "":
        return None
    try:
        return parse_iso(text)
    except ValueError as exc:
        raise invalid(
            f"{key} must be an ISO-8601 UTC timestamp like 2021-03-05T02:33:39.240Z"
        ) from exc

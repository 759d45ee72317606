"""Tolerant readers for upstream JSON values (numbers as strings, zoneless times, unix ms...)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

_CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class ParseError(ValueError):
    """An upstream value has a shape no documented variant allows."""


def obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParseError(f"{what} is not an object")
    return value


def int64(value: Any, what: str) -> int:
    """An integer id that may arrive as a JSON number or a numeric string."""
    if isinstance(value, bool):
        raise ParseError(f"{what} is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ParseError(f"{what} is not an integer")


def opt_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def opt_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def opt_bool(value: Any, default: bool = False) -> bool:
    return value if isinstance(value, bool) else default


def str_list(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(v for v in value if isinstance(v, str))


def from_ms(value: Any) -> datetime | None:
    """Unix milliseconds to an aware UTC datetime."""
    number = opt_float(value)
    if number is None:
        return None
    try:
        return datetime.fromtimestamp(number / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: Any) -> datetime | None:
    """ISO-8601 with ``Z``, an offset, or no zone (read as UTC, as the Albums contract decides)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def uuid_text(value: Any) -> str | None:
    """A UUID string, or ``{high_bits, low_bits}`` (strings or numbers), normalised to a UUID."""
    if isinstance(value, str):
        if _CANONICAL_UUID.match(value):
            return value  # already canonical: the common case, parsed without a UUID object
        try:
            return str(uuid.UUID(value))
        except ValueError:
            return None
    if isinstance(value, dict):
        high, low = opt_int(value.get("high_bits")), opt_int(value.get("low_bits"))
        if high is None or low is None or not (0 <= high < 2**64 and 0 <= low < 2**64):
            return None
        return str(uuid.UUID(int=(high << 64) | low))
    return None

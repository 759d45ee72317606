"""Paging (§1.2): ``limit`` (default 10, clamped), base64url offset cursors, ``paging``."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

from emulators.profiles.envelope import invalid

DEFAULT_LIMIT = 10
_DIGITS = re.compile(r"[0-9]+")
#: Longer cursors are never handed out; refusing them early keeps ``int()`` cheap.
_MAX_CURSOR = 32
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page:
    offset: int
    limit: int

    def of(self, items: Sequence[T]) -> Sequence[T]:
        return items[self.offset : self.offset + self.limit]


def encode_cursor(offset: int) -> str:
    """base64url, unpadded, of the decimal offset of the next item (``1`` → ``MQ``)."""
    return base64.urlsafe_b64encode(str(offset).encode()).rstrip(b"=").decode()


def decode_cursor(value: str) -> int:
    if len(value) > _MAX_CURSOR:
        raise invalid("cursor is not a valid paging cursor")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise invalid("cursor is not a valid paging cursor") from exc
    # Only the cursors this emulator hands out are accepted, so junk cannot alias a page.
    if not raw.isdigit() or encode_cursor(int(raw)) != value:
        raise invalid("cursor is not a valid paging cursor")
    return int(raw)


def read_page(request: Request, *, max_size: int) -> Page:
    """The requested window; 400 for a non-integer or non-positive ``limit`` or a bad cursor."""
    params = request.query_params
    limit = DEFAULT_LIMIT
    if "limit" in params:
        text = params["limit"]
        digits = text.lstrip("0")
        if not _DIGITS.fullmatch(text) or not digits:
            raise invalid("limit must be an integer greater than 0")
        # Anything longer than 9 digits is far over any page size; clamp without parsing it.
        limit = int(digits) if len(digits) <= 9 else max_size
    cursor = params.get("cursor", "")
    offset = decode_cursor(cursor) if cursor else 0
    return Page(offset=offset, limit=min(limit, max_size))


def paging_block(request: Request, page: Page, total: int, *, page_id: bool) -> dict[str, Any]:
    """``{next_link[, next_page_id]}`` while items remain, ``{}`` on the last page."""
    next_offset = page.offset + page.limit
    if next_offset >= total:
        return {}
    cursor = encode_cursor(next_offset)
    # Keep every other parameter (e.g. ``visibility``) in its place; replace limit and cursor.
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "cursor")]
    query += [("limit", str(page.limit)), ("cursor", cursor)]
    link = str(request.url.replace(query=urlencode(query)))
    block: dict[str, Any] = {}
    if page_id:
        block["next_page_id"] = cursor
    block["next_link"] = link
    return block

"""Relay paging over upstream lists: whole lists (Albums) are sliced; cursor-paged lists
(Public Profile) are fetched page by page, several pages for a large ``first``, one partial
page for a small one, and never the same page twice in one request (the clients collapse
identical GETs).

Cursors are opaque. A cursor into an upstream-paged list remembers the upstream page it came
from (cursor and limit), the item's index in it, and the item's id, so paging resumes exactly
where it stopped without ever parsing the upstream's own cursor.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from gateway.upstreams.profiles_types import Page, SubRequestFailure
from schema.errors import BadUserInput
from schema.relay import decode_opaque, encode_opaque

T = TypeVar("T")

#: Fetch one upstream page: (upstream cursor or None, limit) -> page.
FetchPage = Callable[[str | None, int], Awaitable[Page[T]]]

UPSTREAM_PAGE_MAX = 50


@dataclass(frozen=True, slots=True)
class Entry(Generic[T]):
    """One position of a window: an item (or a failed sub-request) and where it sits.

    The cursor is encoded only when asked for: most queries read ``nodes`` and never pay
    for the cursors of every item.
    """

    position: _Position | str
    item: T | SubRequestFailure
    index: int

    @property
    def cursor(self) -> str:
        if isinstance(self.position, str):
            return encode_opaque("k:" + self.position)
        return _encode(self.position)


@dataclass(frozen=True, slots=True)
class Window(Generic[T]):
    """The slice of a list that a connection returns, with exact page information."""

    entries: list[Entry[T]]
    has_next: bool
    has_previous: bool
    total_count: int | None


def _bad_cursor(value: str) -> BadUserInput:
    return BadUserInput(f"{value!r} is not a valid cursor for this list")


# -- whole lists -------------------------------------------------------------------------------


def slice_whole(
    items: Sequence[T],
    key: Callable[[T], str],
    *,
    count: int,
    forward: bool,
    cursor: str | None,
) -> Window[T]:
    """Slice a list the upstream returns whole; cursors name the item, so they stay stable."""
    keys = [key(item) for item in items]
    anchor: int | None = None
    if cursor is not None:
        text = decode_opaque(cursor)
        if text is None or not text.startswith("k:") or text[2:] not in keys:
            raise _bad_cursor(cursor)
        anchor = keys.index(text[2:])
    if forward:
        start = 0 if anchor is None else anchor + 1
        stop = min(len(items), start + count)
    else:
        stop = len(items) if anchor is None else anchor
        start = max(0, stop - count)
    entries = [Entry(position=keys[i], item=items[i], index=i) for i in range(start, stop)]
    return Window(
        entries=entries,
        has_next=stop < len(items),
        has_previous=start > 0,
        total_count=len(items),
    )


# -- upstream-paged lists ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Position:
    upstream_cursor: str | None
    limit: int
    index: int
    key: str


def _encode(position: _Position) -> str:
    payload = [position.upstream_cursor or "", position.limit, position.index, position.key]
    return encode_opaque("u:" + json.dumps(payload, separators=(",", ":")))


def _decode(value: str) -> _Position:
    text = decode_opaque(value)
    if text is None or not text.startswith("u:"):
        raise _bad_cursor(value)
    try:
        upstream, limit, index, key = json.loads(text[2:])
    except (ValueError, TypeError):
        raise _bad_cursor(value) from None
    valid = (
        isinstance(upstream, str)
        and isinstance(limit, int)
        and 1 <= limit <= UPSTREAM_PAGE_MAX
        and isinstance(index, int)
        and 0 <= index < limit
        and isinstance(key, str)
    )
    if not valid:
        raise _bad_cursor(value)
    return _Position(upstream or None, limit, index, key)


def _key_of(item: T | SubRequestFailure, key: Callable[[T], str]) -> str:
    return "" if isinstance(item, SubRequestFailure) else key(item)


async def page_forward(
    fetch: FetchPage[T],
    key: Callable[[T], str],
    *,
    count: int,
    after: str | None,
) -> Window[T]:
    """``first``/``after``: fetch as many upstream pages as ``count`` needs, slicing the last."""
    if after is not None:
        position = _decode(after)
        upstream, limit, skip = position.upstream_cursor, position.limit, position.index + 1
    else:
        upstream, limit, skip = None, min(max(count, 1), UPSTREAM_PAGE_MAX), 0
    entries: list[Entry[T]] = []
    ordinal = 0
    while True:
        page = await fetch(upstream, limit)
        if after is not None and not entries and skip == position.index + 1:
            anchor = page.items[position.index] if position.index < len(page.items) else None
            if anchor is None or _key_of(anchor, key) != position.key:
                raise BadUserInput(
                    "The cursor points at an item that moved or no longer exists; "
                    "page again from the start."
                )
        available = page.items[skip:]
        wanted = count - len(entries)
        for offset, item in enumerate(available[:wanted]):
            index = skip + offset
            position = _Position(upstream, limit, index, _key_of(item, key))
            entries.append(Entry(position=position, item=item, index=ordinal))
            ordinal += 1
        if len(entries) >= count:
            has_next = len(available) > wanted or page.next_cursor is not None
            break
        if page.next_cursor is None:
            has_next = False
            break
        upstream, skip = page.next_cursor, 0
        limit = min(max(count - len(entries), 1), UPSTREAM_PAGE_MAX)
    return Window(
        entries=entries,
        has_next=has_next,
        has_previous=after is not None,
        total_count=None,
    )


async def page_backward(
    fetch: FetchPage[T],
    key: Callable[[T], str],
    *,
    count: int,
    before: str | None,
) -> Window[T]:
    """``last``/``before``: the upstream only pages forwards, so walk from the start in the
    largest pages up to the anchor (or the end) and keep the last ``count`` items."""
    anchor_key: str | None = None
    if before is not None:
        position = _decode(before)
        page = await fetch(position.upstream_cursor, position.limit)
        if position.index >= len(page.items):
            raise _bad_cursor(before)
        anchor_key = _key_of(page.items[position.index], key)
        if not anchor_key or anchor_key != position.key:
            raise BadUserInput(
                "The cursor points at an item that moved or no longer exists; "
                "page again from the start."
            )
    walked: list[tuple[_Position, T | SubRequestFailure]] = []
    upstream: str | None = None
    found = anchor_key is None
    while True:
        page = await fetch(upstream, UPSTREAM_PAGE_MAX)
        stop = False
        for index, item in enumerate(page.items):
            item_key = _key_of(item, key)
            if anchor_key is not None and item_key == anchor_key:
                found = stop = True
                break
            walked.append((_Position(upstream, UPSTREAM_PAGE_MAX, index, item_key), item))
        if stop or page.next_cursor is None:
            break
        upstream = page.next_cursor
    if not found:
        raise BadUserInput(
            "The cursor points at an item that no longer exists; page again from the end."
        )
    kept = walked[max(0, len(walked) - count) :] if count else []
    first_ordinal = len(walked) - len(kept)
    return Window(
        entries=[
            Entry(position=position, item=item, index=first_ordinal + i)
            for i, (position, item) in enumerate(kept)
        ],
        has_next=before is not None,
        has_previous=len(walked) > len(kept),
        total_count=len(walked) if before is None else None,
    )

"""Turns a paging ``Window`` of upstream values into a GraphQL connection, reporting the
failed items of PARTIAL lists as errors on the list field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from gateway.upstreams.profiles_types import SubRequestFailure
from schema.context import Info
from schema.errors import partial_item_error
from schema.paging import Entry, FetchPage, Window, page_backward, page_forward, slice_whole
from schema.relay import Connection, PageInfo, check_page_args

U = TypeVar("U")
G = TypeVar("G")


def _cursor_of(entry: Entry[Any]) -> str:
    return entry.cursor


def to_connection(
    info: Info,
    window: Window[U],
    convert: Callable[[U], G],
    *,
    service: str,
) -> Connection[G]:
    items: list[tuple[Callable[[], str], G]] = []
    for entry in window.entries:
        if isinstance(entry.item, SubRequestFailure):
            info.context.report(
                partial_item_error(
                    service=service,
                    reason=entry.item.reason,
                    index=entry.index,
                    path=list(info.path.as_list()),
                )
            )
            continue
        # The cursor is encoded only if a client asks for it.
        items.append((partial(_cursor_of, entry), convert(entry.item)))
    return Connection(
        items=items,
        page_info=PageInfo(
            has_next_page=window.has_next,
            has_previous_page=window.has_previous,
            start_cursor=window.entries[0].cursor if window.entries else None,
            end_cursor=window.entries[-1].cursor if window.entries else None,
        ),
        total_count=window.total_count,
    )


async def paged_connection(
    info: Info,
    fetch: FetchPage[U],
    *,
    key: Callable[[U], str],
    convert: Callable[[U], G],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[G]:
    """A connection over a cursor-paged Public Profile list."""
    count, forward = check_page_args(first, after, last, before)
    if forward:
        window = await page_forward(fetch, key, count=count, after=after)
    else:
        window = await page_backward(fetch, key, count=count, before=before)
    return to_connection(info, window, convert, service="profiles")


async def whole_connection(
    info: Info,
    load: Callable[[], Awaitable[Sequence[U]]],
    *,
    key: Callable[[U], str],
    convert: Callable[[U], G],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    service: str,
) -> Connection[G]:
    """A connection over a list the upstream returns whole (sliced here)."""
    count, forward = check_page_args(first, after, last, before)
    items = await load()
    window = slice_whole(
        items, key, count=count, forward=forward, cursor=after if forward else before
    )
    return to_connection(info, window, convert, service=service)

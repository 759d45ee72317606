"""Turns a paging ``Window`` of upstream values into a GraphQL connection, reporting the
failed items of PARTIAL lists as errors on the list field."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from gateway.upstreams.profiles_types import Page, SubRequestFailure
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


@dataclass(frozen=True, slots=True)
class PageArgs:
    """The Relay arguments of one connection field."""

    first: int | None
    after: str | None
    last: int | None
    before: str | None


def _id(item: Any) -> str:
    return str(item.id)


async def paged_connection(
    info: Info,
    fetch: FetchPage[U],
    *,
    convert: Callable[[U], G],
    args: PageArgs,
    prime: Callable[[Sequence[object]], None] | None = None,
    key: Callable[[U], str] = _id,
) -> Connection[G]:
    """A connection over a cursor-paged Public Profile list; every page fetched primes the
    entity loaders through ``prime``."""
    count, forward = check_page_args(args.first, args.after, args.last, args.before)
    how = _stateless(convert)
    # The nodes of this request's pages, by the identity of their items (alive as long as
    # the pages are, which the window holds).
    nodes: dict[int, G] = {}

    async def fetch_and_prime(cursor: str | None, limit: int) -> Page[U]:
        page = await fetch(cursor, limit)
        if prime is not None:
            prime(page.items)
        if how is not None:
            made = page.derive(how, partial(_convert_page, page, convert))
            pairs = zip(page.items, made, strict=True)
            nodes.update((id(item), node) for item, node in pairs if node is not None)
        return page

    def converted(item: U) -> G:
        node = nodes.get(id(item))
        return convert(item) if node is None else node

    if forward:
        window = await page_forward(fetch_and_prime, key, count=count, after=args.after)
    else:
        window = await page_backward(fetch_and_prime, key, count=count, before=args.before)
    return to_connection(info, window, converted, service="profiles")


def _stateless(convert: Callable[[U], G]) -> Hashable | None:
    """``convert`` as a key when its result depends on the item alone, so that requests
    sharing a page may share its nodes: a classmethod of a node type, or a function that
    captures nothing (keyed by its code: a lambda is a new object on every call)."""
    if inspect.ismethod(convert) and isinstance(convert.__self__, type):
        return convert
    if inspect.isfunction(convert) and convert.__closure__ is None:
        return convert.__code__
    return None


def _convert_page(page: Page[U], convert: Callable[[U], G]) -> tuple[G | None, ...]:
    return tuple(
        None if isinstance(item, SubRequestFailure) else convert(item) for item in page.items
    )


async def whole_connection(
    info: Info,
    load: Callable[[], Awaitable[Sequence[U]]],
    *,
    key: Callable[[U], str],
    convert: Callable[[U], G],
    args: PageArgs,
    service: str,
) -> Connection[G]:
    """A connection over a list the upstream returns whole (sliced here)."""
    count, forward = check_page_args(args.first, args.after, args.last, args.before)
    items = await load()
    cursor = args.after if forward else args.before
    window = slice_whole(items, key, count=count, forward=forward, cursor=cursor)
    return to_connection(info, window, convert, service=service)

"""Turns a paging ``Window`` of upstream values into a GraphQL connection, reporting the
failed items of PARTIAL lists as errors on the list field."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gateway.upstreams.profiles_types import SubRequestFailure
from schema.context import Info
from schema.errors import partial_item_error
from schema.paging import Window
from schema.relay import Connection, Edge, PageInfo

U = TypeVar("U")
G = TypeVar("G")


def to_connection(
    info: Info,
    window: Window[U],
    convert: Callable[[U], G],
    *,
    service: str,
) -> Connection[G]:
    edges: list[Edge[G]] = []
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
        edges.append(Edge(cursor=entry.cursor, node=convert(entry.item)))
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=window.has_next,
            has_previous_page=window.has_previous,
            start_cursor=window.entries[0].cursor if window.entries else None,
            end_cursor=window.entries[-1].cursor if window.entries else None,
        ),
        total_count=window.total_count,
    )

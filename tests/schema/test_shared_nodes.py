"""Requests that read the same upstream page share its GraphQL nodes when the conversion
depends on the item alone; conversions that capture request state are never shared."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import pytest

from gateway.upstreams.profiles_types import Page, SubRequestFailure
from schema.connections import PageArgs, paged_connection
from schema.loaders import Loaders

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Item:
    id: str


@dataclass
class Node:
    id: str
    made: int

    @classmethod
    def from_upstream(cls, item: Item) -> Node:
        CALLS.append(item.id)
        return cls(id=item.id, made=len(CALLS))


CALLS: list[str] = []


def _page() -> Page[Item]:
    return Page(items=(Item("a"), SubRequestFailure("boom"), Item("c")), next_cursor=None)


class _Path:
    def as_list(self) -> list[str]:
        return ["list"]


def _info() -> Any:
    reported: list[Any] = []
    return SimpleNamespace(context=SimpleNamespace(report=reported.append), path=_Path())


async def _nodes(page: Page[Item], convert: Any) -> list[Any]:
    async def fetch(cursor: str | None, limit: int) -> Page[Item]:
        return page

    connection = await paged_connection(
        _info(), fetch, convert=convert, args=PageArgs(first=10, after=None, last=None, before=None)
    )
    return [node for _, node in connection.items]


async def test_a_classmethod_conversion_is_made_once_per_page() -> None:
    CALLS.clear()
    page = _page()
    first = await _nodes(page, Node.from_upstream)
    second = await _nodes(page, Node.from_upstream)
    assert [n.id for n in first] == ["a", "c"]
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert CALLS == ["a", "c"]


async def test_a_conversion_that_captures_state_is_made_every_time() -> None:
    CALLS.clear()
    suffix = "-x"
    page = _page()
    first = await _nodes(page, lambda item: Node.from_upstream(Item(item.id + suffix)))
    second = await _nodes(page, lambda item: Node.from_upstream(Item(item.id + suffix)))
    assert [n.id for n in first] == ["a-x", "c-x"]
    assert not any(a is b for a, b in zip(first, second, strict=True))
    assert len(CALLS) == 4


def test_a_request_converts_an_entity_once_however_many_items_point_at_it() -> None:
    CALLS.clear()
    loaders = Loaders(albums=cast(Any, None), profiles=cast(Any, None))
    owner, other = Item("owner"), Item("other")
    nodes = [loaders.node(owner, Node.from_upstream) for _ in range(5)]
    assert all(node is nodes[0] for node in nodes)
    assert loaders.node(other, Node.from_upstream).id == "other"
    assert CALLS == ["owner", "other"]
    # Another request (or this one after a write) has loaders of its own: a fresh node.
    fresh = Loaders(albums=cast(Any, None), profiles=cast(Any, None)).node(
        owner, Node.from_upstream
    )
    assert fresh is not nodes[0]
    assert CALLS == ["owner", "other", "owner"]

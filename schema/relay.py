"""Relay plumbing: opaque global ids, the Node interface, connections, edges and page info."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from typing import Annotated, Generic, TypeVar

import strawberry

from schema.errors import BadUserInput

T = TypeVar("T")

#: Largest ``first``/``last`` a connection accepts (a typed error above it, never a silent cap).
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10


First = Annotated[
    int | None,
    strawberry.argument(description=f"Page forwards: at most this many items (≤ {MAX_PAGE_SIZE})."),
]
After = Annotated[
    str | None, strawberry.argument(description="Page forwards from after this cursor.")
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page backwards: at most this many items (≤ {MAX_PAGE_SIZE})."
    ),
]
Before = Annotated[
    str | None, strawberry.argument(description="Page backwards from before this cursor.")
]


def encode_opaque(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_opaque(value: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def global_id(type_name: str, *parts: str | int) -> strawberry.ID:
    """An opaque id naming the type and the upstream key parts needed to refetch the object."""
    return strawberry.ID(encode_opaque(":".join([type_name, *map(str, parts)])))


def parse_global_id(value: str) -> tuple[str, list[str]]:
    """Split a global id into its type name and key parts, or raise ``BadUserInput``."""
    text = decode_opaque(value)
    if not text or ":" not in text:
        raise BadUserInput(f"{value!r} is not a valid id")
    type_name, *parts = text.split(":")
    if not type_name or not all(parts):
        raise BadUserInput(f"{value!r} is not a valid id")
    return type_name, parts


@strawberry.interface(
    description="An object with a globally unique, opaque id that `node` refetches."
)
class Node:
    id: strawberry.ID = strawberry.field(
        description="The opaque global id of this object; pass it to `node(id:)` to refetch it."
    )


@strawberry.type(description="Where a page of a connection sits within the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(description="The cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="The cursor of the last edge.")


@strawberry.type(description="An item of a connection with the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque cursor: pass it as `after` or `before`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    page_info: PageInfo = strawberry.field(description="Paging information for this page.")
    total_count: int | None = strawberry.field(
        description="The length of the whole list, when the upstream tells it; else null."
    )
    #: (cursor maker, node) per item: cursors are encoded only if ``edges`` is selected.
    items: strawberry.Private[list[tuple[Callable[[], str], T]]]

    @strawberry.field(description="The items of this page with cursors.")
    def edges(self) -> list[Edge[T]]:
        return [Edge(cursor=cursor(), node=node) for cursor, node in self.items]

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [node for _, node in self.items]


def check_page_args(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> tuple[int, bool]:
    """Validate connection arguments; return (count, forward)."""
    if first is not None and last is not None:
        raise BadUserInput("Pass either `first` or `last`, not both.")
    if after is not None and before is not None:
        raise BadUserInput("Pass either `after` or `before`, not both.")
    if last is not None and after is not None:
        raise BadUserInput("`last` pages backwards: combine it with `before`, not `after`.")
    if first is not None and before is not None:
        raise BadUserInput("`first` pages forwards: combine it with `after`, not `before`.")
    count = first if first is not None else last
    forward = last is None and before is None
    if count is None:
        count = DEFAULT_PAGE_SIZE
    if count < 0:
        raise BadUserInput("`first` and `last` must not be negative.")
    if count > MAX_PAGE_SIZE:
        raise BadUserInput(
            f"`first` and `last` may be at most {MAX_PAGE_SIZE}; page through larger lists."
        )
    return count, forward


def parse_uuid(value: str) -> str:
    """A UUID argument in canonical form, or ``BadUserInput``."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise BadUserInput(f"{value!r} is not a UUID") from None

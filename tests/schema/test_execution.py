"""The executor's plain-field shortcut answers exactly as the general path would: values,
nulls, and the errors of a null in a non-null field or a value the scalar refuses."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry

from gateway.settings import Settings
from schema.execution import executor_for, plain_fields
from schema.schema import build_schema

pytestmark = pytest.mark.anyio


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    colour: Colour

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def part(self, n: int) -> str:
        return self.name[:n]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [
            Item(name="a", note=None, count=1, colour=Colour.RED),
            Item(name="b", note="n", count=2, colour=Colour.RED),
        ]

    @strawberry.field
    def broken(self) -> Item:
        # Wrong at runtime on purpose: a None where the type says str, a str for an int.
        bad: Any = Item(name=None, note=None, count="many", colour=Colour.RED)  # type: ignore[arg-type]
        return bad  # type: ignore[no-any-return]


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(Query)
    fast = strawberry.Schema(Query)
    fast.execution_context_class = executor_for(fast._schema)
    return plain, fast


def test_plain_fields_are_the_resolverless_argumentless_leaves() -> None:
    _, fast = _schemas()
    fields = plain_fields(fast._schema)["Item"]
    assert set(fields) == {"name", "note", "count", "colour"}
    assert fields["name"].non_null
    assert not fields["note"].non_null


def test_the_gateway_schema_has_plain_fields_on_its_entities() -> None:
    schema = build_schema(Settings.from_environ({}))
    spotlight = plain_fields(schema._schema)["Spotlight"]
    assert {"title", "status", "duration", "mediaUrl"} <= set(spotlight)
    assert "profile" not in spotlight  # a resolver: the general path


@pytest.mark.parametrize(
    "query",
    [
        "{ items { name note count colour shout part(n: 1) } }",
        "{ items { n: name, name, x: count } }",
        "{ broken { note colour } }",
        "{ broken { name } }",
        "{ broken { count } }",
        "{ items { name } broken { count name } }",
        "{ items { __typename name } }",
        "{ items { ... on Item { name } count name } }",
        "{ broken { note count colour } }",
    ],
)
async def test_the_shortcut_answers_as_the_general_path(query: str) -> None:
    plain, fast = _schemas()
    expected = await plain.execute(query)
    actual = await fast.execute(query)
    assert actual.data == expected.data
    assert [e.formatted for e in actual.errors or []] == [
        e.formatted for e in expected.errors or []
    ]


async def test_a_null_in_a_non_null_plain_field_is_an_error() -> None:
    _, fast = _schemas()
    result = await fast.execute("{ broken { name } }")
    assert result.data is None
    assert result.errors
    assert "non-nullable field Item.name" in result.errors[0].message

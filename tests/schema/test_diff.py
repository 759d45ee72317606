"""The breaking-change check: removals break, additions do not, acknowledged ones pass."""

from __future__ import annotations

from schema.diff import changes, unacknowledged

OLD = "type Query { a: String b: String }"


def test_removing_a_field_is_breaking_and_adding_one_is_not() -> None:
    breaking, _ = changes(OLD, "type Query { a: String }")
    assert len(breaking) == 1
    assert "Query.b" in breaking[0]
    assert changes(OLD, "type Query { a: String b: String c: String }")[0] == []


def test_a_change_named_in_the_changelog_is_acknowledged() -> None:
    breaking, _ = changes(OLD, "type Query { a: String }")
    assert unacknowledged(breaking, "nothing here") == breaking
    assert unacknowledged(breaking, "- `Query.b`: gone, use `a`") == []


def test_making_an_output_field_nullable_is_breaking() -> None:
    breaking, _ = changes("type Query { a: String! }", "type Query { a: String }")
    assert breaking

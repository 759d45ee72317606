"""The committed schema.graphql is the printed schema: a schema change is a visible diff."""

from __future__ import annotations

from pathlib import Path

from schema.export import sdl

COMMITTED = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_is_in_sync() -> None:
    assert COMMITTED.read_text() == sdl(), "schema.graphql is stale: run ./scripts/export-schema"

"""The document caches never skip a check: introspection stays off in production, and
limits still refuse over-limit operations that were cached."""

from __future__ import annotations

import pytest

from gateway.settings import OperationLimits, Settings
from schema.schema import build_schema

pytestmark = pytest.mark.anyio
INTROSPECTION = "{ __schema { types { name } } }"


async def test_introspection_stays_off_in_production_whatever_the_cache_holds() -> None:
    development = build_schema(Settings.from_environ({}))
    production = build_schema(Settings.from_environ({"MEDIAGRAPH_MODE": "production"}))
    for _ in range(2):
        assert (await development.execute(INTROSPECTION)).errors is None
        refused = await production.execute(INTROSPECTION)
        assert refused.errors
        assert "introspection has been disabled" in refused.errors[0].message


async def test_limits_apply_to_cached_documents() -> None:
    settings = Settings.from_environ({})
    strict = build_schema(
        Settings(
            albums=settings.albums,
            profiles=settings.profiles,
            limits=OperationLimits(max_aliases=1),
        )
    )
    query = "{ a: __typename b: __typename }"
    assert (await build_schema(settings).execute(query)).errors is None
    for _ in range(2):
        result = await strict.execute(query)
        assert result.errors
        assert result.errors[0].extensions["limit"] == "aliases"

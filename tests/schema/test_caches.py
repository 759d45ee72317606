"""The document caches never skip a check: introspection stays off in production, and
limits still refuse over-limit operations that were cached."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import OperationLimits, Settings
from schema.schema import build_schema

pytestmark = pytest.mark.anyio
INTROSPECTION = "{ __schema { types { name } } }"


def _limited(limits: OperationLimits) -> Any:
    settings = Settings.from_environ({})
    return build_schema(Settings(albums=settings.albums, profiles=settings.profiles, limits=limits))


async def test_introspection_stays_off_in_production_whatever_the_cache_holds() -> None:
    development = build_schema(Settings.from_environ({}))
    production = build_schema(Settings.from_environ({"MEDIAGRAPH_MODE": "production"}))
    for _ in range(2):
        assert (await development.execute(INTROSPECTION)).errors is None
        refused = await production.execute(INTROSPECTION)
        assert refused.errors
        assert "introspection has been disabled" in refused.errors[0].message


async def test_limits_apply_to_cached_documents() -> None:
    strict = _limited(OperationLimits(max_aliases=1))
    query = "{ a: __typename b: __typename }"
    assert (await build_schema(Settings.from_environ({})).execute(query)).errors is None
    for _ in range(2):
        result = await strict.execute(query)
        assert result.errors
        assert result.errors[0].extensions["limit"] == "aliases"


async def test_refusals_are_made_afresh_for_every_request() -> None:
    schema = build_schema(Settings.from_environ({}))
    answers = [await schema.execute("{ __typename") for _ in range(2)]
    assert all(a.errors and a.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"
               for a in answers)  # fmt: skip
    assert answers[0].errors[0] is not answers[1].errors[0]  # type: ignore[index]


async def test_the_upstream_call_budget_is_checked_for_every_set_of_variables() -> None:
    tight = _limited(OperationLimits(max_upstream_calls=20))
    query = (
        "query ($n: Int) { publicProfile { spotlights(first: $n) { nodes { profile { id } } } } }"
    )

    def over_budget(result: Any) -> bool:
        return any(
            (e.extensions or {}).get("limit") == "upstreamCalls" for e in result.errors or []
        )

    for n, refused in ((2, False), (50, True), (2, False), (50, True)):
        # No context: a run that passes the budget fails in its resolvers, which is fine here.
        result = await tight.execute(query, variable_values={"n": n})
        assert over_budget(result) is refused


async def test_a_document_without_variables_is_walked_once_per_operation_name() -> None:
    tight = _limited(OperationLimits(max_upstream_calls=20))
    document = (
        "query Small { __typename } "
        "query Large { publicProfile { spotlights(first: 50) { nodes { profile { id } } } } }"
    )
    for _ in range(2):
        small = await tight.execute(document, operation_name="Small")
        assert small.errors is None
        large = await tight.execute(document, operation_name="Large")
        assert large.errors
        assert large.errors[0].extensions["limit"] == "upstreamCalls"

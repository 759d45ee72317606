"""Property-based fuzzing of /graphql over the real schema: generated operations (valid ones,
and ones with one schema violation) never produce a 5xx or an error without a code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import graphql
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from schema.schema import build_schema
from tests.hardening.conftest import Gateway, gateway, hardened_settings

SETTINGS = hardened_settings()
SCHEMA = build_schema(SETTINGS)._schema
SCALARS = {"DateTime": st.just(graphql.StringValueNode(value="2024-01-01T00:00:00"))}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


Running = tuple[BlockingPortal, Gateway]


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    """One gateway for all examples, on an event loop in a helper thread (Hypothesis runs
    plain functions)."""
    with (
        start_blocking_portal("asyncio") as portal,
        portal.wrap_async_context_manager(gateway(SETTINGS)) as gw,
    ):
        yield portal, gw


def check(running: Running, query: str) -> None:
    portal, gw = running
    response = portal.call(gw.post, query)
    assert response.status_code < 500, (query, response.text[:500])
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        assert error.get("extensions", {}).get("code"), (query, error)
        assert "Traceback" not in error["message"]


#: One strategy per root field: generating over the whole schema at once is ten times
#: slower per operation, and every root field still gets its share.
ROOT_FIELDS = sorted(SCHEMA.query_type.fields) if SCHEMA.query_type else []


@pytest.mark.parametrize("root", ROOT_FIELDS)
def test_generated_operations(running: Running, root: str) -> None:
    valid = queries(SCHEMA, fields=[root], custom_scalars=SCALARS, mode=Mode.POSITIVE)
    broken = queries(SCHEMA, fields=[root], custom_scalars=SCALARS, mode=Mode.NEGATIVE)

    @settings(FUZZ, max_examples=40)
    @given(query=valid)
    def valid_operations(query: str) -> None:
        check(running, query)

    @settings(FUZZ, max_examples=15)
    @given(query=broken)
    def operations_with_one_violation(query: str) -> None:
        check(running, query)

    valid_operations()
    operations_with_one_violation()

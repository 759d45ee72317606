"""GraphQL over HTTP media types and statuses for well-formed and invalid requests."""

from __future__ import annotations

import pytest

from schema.negotiation import GRAPHQL_RESPONSE, JSON, negotiate
from tests.gateway.conftest import Stack

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json;q=0.5", JSON),
        ("application/graphql-response+json;q=0", JSON),
    ],
)
def test_negotiation(accept: str | None, expected: str) -> None:
    assert negotiate(accept) == expected


async def test_request_errors_are_400_without_data_for_graphql_response_json(
    stack: Stack,
) -> None:
    modern = {"accept": GRAPHQL_RESPONSE}
    invalid = await stack.client.post("/graphql", json={"query": "{ nope }"}, headers=modern)
    assert invalid.status_code == 400
    assert invalid.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert "data" not in invalid.json()
    legacy = await stack.client.post("/graphql", json={"query": "{ nope }"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert legacy.json()["data"] is None
    # A field error is not a request error: 200 with data, whatever the media type.
    field_error = await stack.client.post(
        "/graphql", json={"query": '{ node(id: "bm9wZQ") { id } }'}, headers=modern
    )
    assert field_error.status_code == 200
    assert field_error.json()["data"] == {"node": None}

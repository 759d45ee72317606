"""The upstream-call estimate covers mutations: each counts the calls one run makes."""

from __future__ import annotations

import pytest

from gateway.settings import OperationLimits
from tests.mutations.conftest import write_stack

pytestmark = pytest.mark.anyio

CREATE_TWICE = """
mutation {
  a: createAlbum(input: {name: "a"}) { ... on AlbumCreated { album { name } } }
  b: createAlbum(input: {name: "b"}) { ... on AlbumCreated { album { name } } }
}
"""


async def test_mutations_are_estimated_before_any_call() -> None:
    # Each createAlbum: G8 and G1 (2), plus its album as an entity (1).
    async with write_stack(limits=OperationLimits(max_upstream_calls=5)) as stack:
        body = await stack.gql(CREATE_TWICE)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED"
        assert error["extensions"]["actual"] == 6
        assert stack.total_calls() == 0
    async with write_stack(limits=OperationLimits(max_upstream_calls=6)) as stack:
        body = await stack.gql(CREATE_TWICE)
        assert "errors" not in body
        assert body["data"]["a"]["album"]["name"] == "a"  # (b is over the album limit)

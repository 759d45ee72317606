"""The README's example operations work as pasted (against the same emulators as the demo)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.gateway.conftest import Stack

pytestmark = pytest.mark.anyio

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)


def test_the_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
async def test_readme_example_runs_without_errors(stack: Stack, index: int) -> None:
    query = BLOCKS[index]
    variables = {}
    if "$id" in query:
        first = await stack.gql("{ publicProfile { spotlights(first: 1) { nodes { id } } } }")
        variables["id"] = first["data"]["publicProfile"]["spotlights"]["nodes"][0]["id"]
    body = await stack.gql(query, variables)
    assert "errors" not in body, body["errors"]
    assert body["data"]

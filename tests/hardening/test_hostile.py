"""Hostile requests: each is a 4xx with a JSON error body and a code, never a 5xx or a
traceback, and the gateway stays healthy afterwards."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.hardening.conftest import Gateway

pytestmark = pytest.mark.anyio

JSON = {"content-type": "application/json"}
PREFLIGHT = {"graphql-preflight": "1"}
QUERY = "{ publicProfile { displayName } }"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


HOSTILE: list[tuple[str, bytes, dict[str, str], int]] = [
    ("invalid UTF-8", b'{"query": "\xff\xfe{ x }"}', JSON, 400),
    ("not JSON", b"{query", JSON, 400),
    ("null", b"null", JSON, 400),
    ("a string", b'"{ publicProfile { displayName } }"', JSON, 400),
    ("a number", b"42", JSON, 400),
    ("an array of numbers", b"[1, 2]", JSON, 400),
    ("an empty array", b"[]", JSON, 400),
    ("a query that is a number", b'{"query": 5}', JSON, 400),
    (
        "variables that are a list",
        b'{"query": "{ viewer { albums { totalCount } } }", "variables": []}',
        JSON,
        400,
    ),
    (
        "an operation name that is an object",
        b'{"query": "{ __typename }", "operationName": {}}',
        JSON,
        400,
    ),
    ("a batch item with a numeric query", b'[{"query": 1}]', JSON, 400),
    ("no query", b"{}", JSON, 400),
    (
        "100 000-deep variables",
        ('{"query": "{ __typename }", "variables": {"a": ' + deep(100_000) + "}}").encode(),
        JSON,
        400,
    ),
    ("100 000-deep body", deep(100_000).encode(), JSON, 400),
    (
        "a 5 000-digit number",
        b'{"query": "{ __typename }", "variables": {"a": ' + b"9" * 5000 + b"}}",
        JSON,
        400,
    ),
    (
        "a 10 MB variable",
        json.dumps({"query": QUERY, "variables": {"a": "x" * 10_000_000}}).encode(),
        JSON,
        413,
    ),
    ("an unsupported content type", b"query=1", {"content-type": "application/xml"}, 400),
    (
        "a form post with a preflight header",
        b"query=%7B__typename%7D",
        {"content-type": "application/x-www-form-urlencoded", **PREFLIGHT},
        400,
    ),
    (
        "broken multipart",
        b'--xx\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{',
        {"content-type": "multipart/form-data; boundary=xx", **PREFLIGHT},
        400,
    ),
    (
        "multipart without a boundary",
        b"garbage",
        {"content-type": "multipart/form-data", **PREFLIGHT},
        400,
    ),
    ("a mutation over GET", b"", {}, 400),
]


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body: dict[str, Any] = response.json()
    (error,) = body["errors"]
    assert error["message"]
    assert error["extensions"]["code"]
    assert "Traceback" not in response.text
    return error


async def assert_healthy(gw: Gateway) -> None:
    assert (await gw.client.get("/healthz")).status_code == 200
    body = await gw.gql(QUERY)
    assert body["data"]["publicProfile"]["displayName"]


@pytest.mark.parametrize(
    ("name", "body", "headers", "status"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
async def test_hostile_requests_are_clear_4xx(
    gw: Gateway, name: str, body: bytes, headers: dict[str, str], status: int
) -> None:
    if name == "a mutation over GET":
        response = await gw.client.get(
            "/graphql", params={"query": "mutation { __typename }"}, headers=PREFLIGHT
        )
    else:
        response = await gw.client.post("/graphql", content=body, headers=headers)
    assert_json_error(response, status)
    assert gw.total_calls() == 0
    await assert_healthy(gw)


async def test_bad_variables_in_a_get(gw: Gateway) -> None:
    response = await gw.client.get(
        "/graphql", params={"query": QUERY, "variables": "{nope"}, headers=PREFLIGHT
    )
    assert_json_error(response, 400)
    response = await gw.client.get(
        "/graphql", params={"query": QUERY, "variables": "[1]"}, headers=PREFLIGHT
    )
    assert_json_error(response, 400)


def multipart(files: int, size: int) -> tuple[bytes, dict[str, str]]:
    operations = {
        "query": "query ($f: [Upload!]!) { __typename }",
        "variables": {"f": [None] * files},
    }
    mapping = {str(i): [f"variables.f.{i}"] for i in range(files)}
    parts = [
        ("operations", None, json.dumps(operations).encode()),
        ("map", None, json.dumps(mapping).encode()),
        *((str(i), f"f{i}.bin", b"x" * size) for i in range(files)),
    ]
    chunks = []
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        chunks.append(
            f"--bnd\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
        )
    return b"".join(chunks) + b"--bnd--\r\n", {
        "content-type": "multipart/form-data; boundary=bnd",
        **PREFLIGHT,
    }


async def test_an_upload_larger_than_the_limit_is_413() -> None:
    from tests.hardening.conftest import gateway, hardened_settings

    async with gateway(hardened_settings(http={"max_upload_bytes": 10_000})) as gw:
        body, headers = multipart(1, 20_000)
        error = assert_json_error(
            await gw.client.post("/graphql", content=body, headers=headers), 413
        )
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
        assert "10000 bytes" in error["message"]

        async def chunked() -> Any:
            yield body

        # Without a Content-Length the body is counted as it streams in.
        response = await gw.client.post("/graphql", content=chunked(), headers=headers)
        assert_json_error(response, 413)
        await assert_healthy(gw)


async def test_too_many_files_is_413(gw: Gateway) -> None:
    body, headers = multipart(6, 10)
    error = assert_json_error(await gw.client.post("/graphql", content=body, headers=headers), 413)
    assert "at most 5 files" in error["message"]
    await assert_healthy(gw)


async def test_a_map_that_points_nowhere_is_400(gw: Gateway) -> None:
    body, headers = multipart(1, 10)
    body = body.replace(b"variables.f.0", b"variables.nope.7")
    assert_json_error(await gw.client.post("/graphql", content=body, headers=headers), 400)


async def test_cyclic_fragments_are_a_validation_error(gw: Gateway) -> None:
    query = """
    { viewer { albums { nodes { ...A } } } }
    fragment A on Album { content { nodes { album { ...A } } } }
    """
    body = await gw.gql(query)
    assert body["errors"][0]["extensions"]["code"] in (
        "GRAPHQL_VALIDATION_FAILED",
        "OPERATION_LIMIT_EXCEEDED",
    )
    assert gw.total_calls() == 0


async def test_graphiql_off_is_a_json_404() -> None:
    from tests.hardening.conftest import gateway, hardened_settings

    async with gateway(hardened_settings(graphiql=False)) as gw:
        response = await gw.client.get("/graphql", headers={"accept": "text/html"})
        assert_json_error(response, 404)

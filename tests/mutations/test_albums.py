"""Album mutations: create (with the echo variant), rename, delete (quirk 2), and the shape of
their failures."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.albums import seed
from tests.mutations.conftest import WriteStack, write_stack

pytestmark = pytest.mark.anyio

CREATE = """
mutation ($input: CreateAlbumInput!) {
  createAlbum(input: $input) {
    __typename
    ... on AlbumCreated { album { id albumId name version sharedCount content { totalCount } } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
    ... on AlbumLimitReached { limits { maxAlbums } }
  }
}
"""
RENAME = """
mutation ($input: RenameAlbumInput!) {
  renameAlbum(input: $input) {
    __typename
    ... on AlbumRenamed { album { id name version content { totalCount } } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
DELETE = """
mutation ($a: DeleteAlbumInput!, $b: DeleteAlbumInput!) {
  first: deleteAlbum(input: $a) {
    __typename
    ... on AlbumDeleted { deletedAlbumId albumId alreadyDeleted }
    ... on MutationError { code }
  }
  second: deleteAlbum(input: $b) {
    __typename
    ... on AlbumDeleted { deletedAlbumId albumId alreadyDeleted }
    ... on MutationError { code }
  }
}
"""
MY_ALBUMS = "{ viewer { albums { nodes { id albumId name version } } } }"


async def my_albums(stack: WriteStack) -> list[dict[str, Any]]:
    body = await stack.gql(MY_ALBUMS)
    nodes: list[dict[str, Any]] = body["data"]["viewer"]["albums"]["nodes"]
    return nodes


async def create(stack: WriteStack, **values: Any) -> dict[str, Any]:
    body = await stack.gql(CREATE, {"input": values})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["createAlbum"]
    return result


async def test_create_album_returns_the_new_album(stack: WriteStack) -> None:
    stack.reset_calls()
    result = await create(stack, name="Holiday ☀")
    assert result["__typename"] == "AlbumCreated"
    album = result["album"]
    assert album["name"] == "Holiday ☀"
    assert album["version"] == 1
    assert album["content"]["totalCount"] == 0
    assert int(album["albumId"]) >= 2**31
    assert any(a["id"] == album["id"] for a in await my_albums(stack))
    # G8, then G1 for the album as it is (a service sign-in first).
    assert stack.calls() == {"POST /v8/sessions": 1, "POST /v2/albums": 1, "GET /v1/albums": 2}


async def echo(**config: Any) -> dict[str, Any]:
    async with write_stack() as stack:
        stack.albums.control.configure(**config)
        return await create(stack, name="Echo")


async def test_create_album_reads_the_same_under_the_echo_variant() -> None:
    plain, echoed = (
        await echo(create_album_echo_name=False),
        await echo(create_album_echo_name=True),
    )
    assert echoed == plain
    assert echoed["album"]["name"] == "Echo"


async def test_an_unnamed_album(stack: WriteStack) -> None:
    result = await create(stack)
    assert result["__typename"] == "AlbumCreated"
    assert result["album"]["name"] is None


async def test_a_name_over_255_bytes_is_invalid_input_without_a_call(stack: WriteStack) -> None:
    stack.reset_calls()
    result = await create(stack, name="é" * 128)  # 128 characters, 256 bytes
    assert result == {
        "__typename": "InvalidInput",
        "message": "at most 255 bytes in UTF-8",
        "code": "BAD_USER_INPUT",
        "field": ["input", "name"],
    }
    assert stack.total_calls() == 0


async def test_the_album_limit_is_a_typed_result_pointing_at_the_limits(
    stack: WriteStack,
) -> None:
    assert (await create(stack, name="third"))["__typename"] == "AlbumCreated"
    result = await create(stack, name="fourth")
    assert result["__typename"] == "AlbumLimitReached"
    assert result["code"] == "LIMIT_REACHED"
    assert result["limits"] == {"maxAlbums": 3}


async def test_rename_album(stack: WriteStack) -> None:
    album = (await my_albums(stack))[0]
    body = await stack.gql(RENAME, {"input": {"albumId": album["id"], "name": "Renamed"}})
    result = body["data"]["renameAlbum"]
    assert result["__typename"] == "AlbumRenamed"
    assert result["album"]["name"] == "Renamed"
    assert result["album"]["version"] == album["version"] + 1
    assert result["album"]["content"]["totalCount"] == 4
    # The raw int64 id works too.
    body = await stack.gql(RENAME, {"input": {"albumId": album["albumId"], "name": None}})
    assert body["data"]["renameAlbum"]["album"]["name"] is None


async def test_renaming_someone_elses_album_is_not_found_or_forbidden(stack: WriteStack) -> None:
    other = await stack.albums_client.get("/")  # keep the client warm; ids come from the seed
    assert other.status_code in (200, 404)
    store = stack.albums.store
    foreign = next(a for a in store.albums.values() if a.owner_id == seed.OTHER_PROFILE_ID)
    body = await stack.gql(RENAME, {"input": {"albumId": str(foreign.id), "name": "Mine now"}})
    result = body["data"]["renameAlbum"]
    assert result["__typename"] == "NotFoundOrForbidden"
    assert result["code"] == "NOT_FOUND_OR_FORBIDDEN"


async def test_a_bad_album_id_is_invalid_input(stack: WriteStack) -> None:
    stack.reset_calls()
    body = await stack.gql(RENAME, {"input": {"albumId": "not-an-id", "name": "x"}})
    result = body["data"]["renameAlbum"]
    assert result["__typename"] == "InvalidInput"
    assert result["field"] == ["input", "albumId"]
    assert stack.total_calls() == 0


async def test_deleting_twice_in_one_request_counts_as_already_deleted(stack: WriteStack) -> None:
    album = (await my_albums(stack))[1]
    same = {"albumId": album["id"]}
    body = await stack.gql(DELETE, {"a": same, "b": same})
    assert body["data"]["first"] == {
        "__typename": "AlbumDeleted",
        "deletedAlbumId": album["id"],
        "albumId": album["albumId"],
        "alreadyDeleted": False,
    }
    assert body["data"]["second"]["alreadyDeleted"] is True
    assert all(a["id"] != album["id"] for a in await my_albums(stack))
    # In a later request the upstream's 403 cannot be told from a foreign album's.
    body = await stack.gql(DELETE, {"a": same, "b": same})
    assert body["data"]["first"] == {
        "__typename": "NotFoundOrForbidden",
        "code": "NOT_FOUND_OR_FORBIDDEN",
    }
    assert body["data"]["second"]["__typename"] == "NotFoundOrForbidden"


async def test_a_create_without_credentials_is_unauthenticated() -> None:
    async with write_stack(albums_email=None, albums_auth_token=None) as stack:
        result = await create(stack, name="x")
        assert result["__typename"] == "Unauthenticated"
        assert result["code"] == "UNAUTHENTICATED"
        assert stack.total_calls() == 0

"""Album content mutations: upload through the GraphQL multipart spec (checked against the album
limits before any byte goes upstream), reorder (a checked permutation), delete."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from emulators._common.media import make_mp4, make_png
from tests.mutations.conftest import PREFLIGHT, WriteStack, jpeg, video

pytestmark = pytest.mark.anyio

UPLOAD = """
mutation ($input: UploadAlbumContentInput!) {
  uploadAlbumContent(input: $input) {
    __typename
    ... on AlbumContentUploaded {
      album { id version content { nodes { id contentId contentType } } }
      content { id contentId contentType processing }
      upload { id kind phase bytesTotal bytesUploaded partsDone partsTotal fraction }
    }
    ... on MutationError { message code }
    ... on MediaRejected { reasons { code message } }
  }
}
"""
REORDER = """
mutation ($input: ReorderAlbumContentInput!) {
  reorderAlbumContent(input: $input) {
    __typename
    ... on AlbumContentChanged { album { content { nodes { contentId } } } }
    ... on MutationError { message code }
    ... on InvalidInput { field }
  }
}
"""
DELETE = """
mutation ($input: DeleteAlbumContentInput!) {
  deleteAlbumContent(input: $input) {
    __typename
    ... on AlbumContentDeleted { deletedContentId album { content { nodes { contentId } } } }
    ... on MutationError { message code }
  }
}
"""
ALBUM = "{ viewer { albums { nodes { id albumId content { nodes { id contentId } } } } } }"


async def first_album(stack: WriteStack) -> dict[str, Any]:
    body = await stack.gql(ALBUM)
    album: dict[str, Any] = body["data"]["viewer"]["albums"]["nodes"][0]
    return album


async def upload(
    stack: WriteStack, album: str, name: str, data: Any, mime: str, **extra: Any
) -> dict[str, Any]:
    body = await stack.upload(
        UPLOAD,
        {"input": {"albumId": album, "file": None, **extra}},
        {"input.file": (name, data, mime)},
    )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["uploadAlbumContent"]
    return result


async def test_an_image_is_streamed_into_the_album(stack: WriteStack) -> None:
    album = await first_album(stack)
    data = make_png(salt=b"new picture" * 1000)
    stack.reset_calls()
    result = await upload(stack, album["id"], "pic.png", data, "image/png")
    assert result["__typename"] == "AlbumContentUploaded"
    content = result["content"]
    assert content["contentType"] == "image/png"
    assert result["album"]["content"]["nodes"][-1]["contentId"] == content["contentId"]
    assert result["upload"] == {
        "id": result["upload"]["id"],
        "kind": "ALBUM_CONTENT",
        "phase": "DONE",
        "bytesTotal": float(len(data)),
        "bytesUploaded": float(len(data)),
        "partsDone": 1,
        "partsTotal": 1,
        "fraction": 1.0,
    }
    stored = stack.albums.store.contents[int(content["contentId"])]
    assert hashlib.sha256(stored.data).digest() == hashlib.sha256(data).digest()
    # G24 for the limits before any byte, G11, then G2 + G1 for the album as it is.
    calls = stack.calls()
    assert calls["GET /v1/albums/storage"] == 1
    assert calls["POST /v1/albums/{albumId}/content"] == 1


async def test_the_same_bytes_give_the_same_item(stack: WriteStack) -> None:
    album = await first_album(stack)
    data = jpeg(b"twice")
    first = await upload(stack, album["id"], "a.jpg", data, "image/jpeg")
    second = await upload(stack, album["id"], "b.jpg", data, "image/jpeg")
    assert first["content"]["contentId"] == second["content"]["contentId"]


async def test_a_video_from_a_file_on_disk(stack: WriteStack, tmp_path: Path) -> None:
    album = await first_album(stack)
    path = video(tmp_path / "clip.mp4", duration_ms=8_000, mdat_bytes=2_000_000)
    with path.open("rb") as file:
        result = await upload(stack, album["albumId"], "clip.mp4", file, "video/mp4")
    assert result["__typename"] == "AlbumContentUploaded"
    assert result["content"]["contentType"] == "video/mp4"
    assert result["content"]["processing"] is True


@pytest.mark.parametrize(
    ("name", "data", "codes"),
    [
        ("long.mp4", make_mp4(duration_ms=16_000), ["TOO_LONG"]),
        ("short.mp4", make_mp4(duration_ms=0), ["TOO_SHORT"]),
        ("notes.txt", b"just some text", ["UNSUPPORTED_TYPE"]),
        ("empty.png", b"", ["EMPTY"]),
    ],
)
async def test_bad_media_is_rejected_before_any_byte_goes_upstream(
    stack: WriteStack, name: str, data: bytes, codes: list[str]
) -> None:
    album = await first_album(stack)
    stack.reset_calls()
    result = await upload(stack, album["id"], name, data, "application/octet-stream")
    assert result["__typename"] == "MediaRejected"
    assert [reason["code"] for reason in result["reasons"]] == codes
    # Only the limits were read (G24): nothing was uploaded.
    assert stack.calls() == {"GET /v1/albums/storage": 1}


async def test_a_file_over_the_album_size_limit_is_rejected(stack: WriteStack) -> None:
    stack.albums.store.profiles[3_100_000_001].limits.max_content_size = 50_000
    album = await first_album(stack)
    stack.reset_calls()
    result = await upload(stack, album["id"], "big.png", make_png(salt=b"x" * 60_000), "image/png")
    assert result["__typename"] == "MediaRejected"
    assert [r["code"] for r in result["reasons"]] == ["TOO_LARGE"]
    assert stack.calls() == {"GET /v1/albums/storage": 1}


async def test_multipart_without_a_preflight_header_is_refused(stack: WriteStack) -> None:
    album = await first_album(stack)
    response = await stack.client.post(
        "/graphql",
        data={"operations": '{"query": "{ __typename }"}', "map": "{}"},
        files={"0": ("a.png", make_png(), "image/png")},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_PREFLIGHT_REQUIRED"
    assert album  # the album was there to upload into
    assert PREFLIGHT


async def test_reorder_is_a_checked_permutation(stack: WriteStack) -> None:
    album = await first_album(stack)
    ids = [item["contentId"] for item in album["content"]["nodes"]]
    reversed_ids = list(reversed(ids))
    body = await stack.gql(REORDER, {"input": {"albumId": album["id"], "contentIds": reversed_ids}})
    result = body["data"]["reorderAlbumContent"]
    assert result["__typename"] == "AlbumContentChanged"
    assert [n["contentId"] for n in result["album"]["content"]["nodes"]] == reversed_ids
    # Global ids work as well as raw ones.
    globals_ = [item["id"] for item in album["content"]["nodes"]]
    body = await stack.gql(REORDER, {"input": {"albumId": album["id"], "contentIds": globals_}})
    assert [
        n["contentId"] for n in body["data"]["reorderAlbumContent"]["album"]["content"]["nodes"]
    ] == ids
    stack.reset_calls()
    body = await stack.gql(REORDER, {"input": {"albumId": album["id"], "contentIds": ids[:-1]}})
    assert body["data"]["reorderAlbumContent"] == {
        "__typename": "InvalidInput",
        "message": "must list every item of the album exactly once",
        "code": "BAD_USER_INPUT",
        "field": ["input", "contentIds"],
    }
    # The album was read to check the order; nothing was sent.
    assert "POST /v1/albums/{albumId}/content/order" not in stack.calls()


async def test_delete_content(stack: WriteStack) -> None:
    album = await first_album(stack)
    item = album["content"]["nodes"][0]
    body = await stack.gql(DELETE, {"input": {"albumId": album["id"], "contentId": item["id"]}})
    result = body["data"]["deleteAlbumContent"]
    assert result["__typename"] == "AlbumContentDeleted"
    assert result["deletedContentId"] == item["id"]
    remaining = [n["contentId"] for n in result["album"]["content"]["nodes"]]
    assert item["contentId"] not in remaining
    body = await stack.gql(
        DELETE, {"input": {"albumId": album["id"], "contentId": item["contentId"]}}
    )
    assert body["data"]["deleteAlbumContent"]["__typename"] == "NotFoundOrForbidden"

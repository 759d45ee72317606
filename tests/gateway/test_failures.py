"""Every upstream failure mode of the contracts: the right ``extensions.code`` and service,
sibling data from the other upstream intact, and no internal detail leaked."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.albums import seed as albums_seed
from emulators.profiles import seed as snap_seed
from tests.gateway.conftest import Stack, make_stack

pytestmark = pytest.mark.anyio

BOTH = "{ viewer { albums { nodes { name } } } publicProfile { displayName } }"
CLOUDFLARE = "<html><head><title>Attention Required! | Cloudflare</title></head><body/></html>"


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    errors = body.get("errors") or []
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    assert "Traceback" not in error["message"]
    assert "<html" not in error["message"].lower()
    return error


@pytest.mark.parametrize(
    ("status", "body", "content_type", "code"),
    [
        (400, {"message": "Bad request"}, None, "UPSTREAM_REJECTED"),
        (402, {"message": "Payment required"}, None, "LIMIT_REACHED"),
        (403, {"message": "Action not permitted"}, None, "FORBIDDEN"),
        (403, CLOUDFLARE, "text/html", "FORBIDDEN"),
        (404, {"message": "Not found"}, None, "NOT_FOUND"),
        (405, {"message": "Method not allowed"}, None, "UPSTREAM_ERROR"),
        (413, {"message": "Content too large"}, None, "UPSTREAM_REJECTED"),
        (500, "", None, "UPSTREAM_ERROR"),
        (502, CLOUDFLARE, "text/html", "UPSTREAM_UNAVAILABLE"),
        (503, {"code": 28, "message": "ACCOUNT_BANNED"}, None, "UPSTREAM_UNAVAILABLE"),
        (200, "{not json", "application/json", "UPSTREAM_ERROR"),
    ],
)
async def test_albums_failures_keep_profile_data(
    stack: Stack, status: int, body: object, content_type: str | None, code: str
) -> None:
    # Several shots: idempotent reads may be retried, and every try must fail.
    stack.albums.control.add_fault(
        path_regex="^/v1/albums$", status=status, body=body, content_type=content_type, times=10
    )
    result = await stack.gql(BOTH)
    assert result["data"]["publicProfile"]["displayName"]
    assert result["data"]["viewer"]["albums"] is None
    error = only_error(result)
    assert error["extensions"]["code"] == code
    assert error["extensions"]["service"] == "albums"
    assert error["path"] == ["viewer", "albums"]


@pytest.mark.parametrize(
    ("status", "error_code", "code"),
    [
        (400, "INVALID_REQUEST", "UPSTREAM_REJECTED"),
        (401, "UNAUTHORIZED", "UNAUTHENTICATED"),
        (403, "AUTHORIZATION_PERMISSION_DENIED", "FORBIDDEN"),
        (404, "RESOURCE_NOT_FOUND", "NOT_FOUND"),
        (409, "MEDIA_POSTING_ALREADY_IN_PROGRESS", "UPSTREAM_REJECTED"),
        (500, "INTERNAL_ERROR", "UPSTREAM_ERROR"),
        (200, "INTERNAL_ERROR", "UPSTREAM_ERROR"),  # a 200 may still carry ERROR
    ],
)
async def test_profiles_failures_keep_albums_data(
    stack: Stack, status: int, error_code: str, code: str
) -> None:
    envelope = {
        "request_id": "r",
        "request_status": "ERROR",
        "error_code": error_code,
        "debug_message": "internal detail that must not leak",
        "display_message": "It failed",
    }
    stack.profiles.control.add_fault(
        path_regex="my_profile", status=status, body=envelope, times=10
    )
    result = await stack.gql(BOTH)
    assert result["data"]["viewer"]["albums"]["nodes"]
    assert result["data"]["publicProfile"] is None
    error = only_error(result)
    assert error["extensions"]["code"] == code
    assert error["extensions"]["service"] == "profiles"
    assert "internal detail" not in error["message"]


async def test_a_partial_list_reports_each_failed_item_and_keeps_the_rest(stack: Stack) -> None:
    result = await stack.gql(
        "{ publicProfile { stories(first: 50) { edges { node { storyId } } } } "
        "viewer { albums { totalCount } } }"
    )
    stories = result["data"]["publicProfile"]["stories"]["edges"]
    error = only_error(result)
    assert error["extensions"]["code"] == "UPSTREAM_PARTIAL"
    assert error["extensions"]["index"] == snap_seed.BROKEN_INDEX
    assert len(stories) == 49
    assert snap_seed.BROKEN_STORY_ID not in {s["node"]["storyId"] for s in stories}
    assert result["data"]["viewer"]["albums"]["totalCount"] >= 1


async def test_an_unknown_or_foreign_album_is_forbidden_not_a_crash(stack: Stack) -> None:
    from schema.relay import global_id

    foreign = global_id("Album", 2**40)
    result = await stack.gql(
        "query ($id: ID!) { node(id: $id) { id } publicProfile { displayName } }", {"id": foreign}
    )
    assert result["data"]["node"] is None
    assert result["data"]["publicProfile"]["displayName"]
    assert only_error(result)["extensions"]["code"] == "FORBIDDEN"


async def test_no_albums_shared_by_a_profile_reads_a_404_as_empty(stack: Stack) -> None:
    stack.albums.control.add_fault(path_regex="^/v2/albums/shares/", status=404)
    from schema.relay import global_id

    profile = global_id("AlbumProfile", albums_seed.ALEX_PROFILE_ID)
    result = await stack.gql(
        "query ($id: ID!) { node(id: $id) { ... on AlbumProfile { "
        "albumsSharedWithMe { totalCount } } } }",
        {"id": profile},
    )
    assert "errors" not in result
    assert result["data"]["node"]["albumsSharedWithMe"]["totalCount"] == 0


async def test_an_expired_service_session_is_renewed_and_the_call_retried_once(
    stack: Stack,
) -> None:
    first = await stack.gql("{ viewer { albums { totalCount } } }")
    stack.albums.control.clock.advance(1801)  # the upstream session is now expired
    again = await stack.gql("{ viewer { albums { totalCount } } }")
    assert again["data"] == first["data"]
    assert stack.calls()["POST /v8/sessions"] == 2


async def test_a_client_session_that_expired_is_unauthenticated() -> None:
    async with make_stack(albums_email=None, albums_auth_token=None) as stack:
        signed = await stack.albums_client.post(
            "/v8/sessions",
            json={"email": albums_seed.DEMO_EMAIL, "authToken": albums_seed.DEMO_AUTH_TOKEN},
        )
        session = signed.json()["sessionId"]
        headers = {"X-Albums-Authorization": f"Grindr3 {session}"}
        ok = await stack.gql("{ viewer { albums { totalCount } } }", headers=headers)
        assert ok["data"]["viewer"]["albums"]["totalCount"] >= 1
        stack.albums.control.clock.advance(1801)
        expired = await stack.gql(BOTH, headers=headers)
        assert expired["data"]["publicProfile"]["displayName"]
        assert only_error(expired)["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_that_is_not_allowlisted_is_forbidden() -> None:
    async with make_stack() as stack:
        result = await stack.gql(
            BOTH, headers={"X-Profiles-Authorization": f"Bearer {snap_seed.UNLISTED_TOKEN}"}
        )
        assert result["data"]["viewer"]["albums"]["nodes"]
        assert only_error(result)["extensions"]["code"] == "FORBIDDEN"

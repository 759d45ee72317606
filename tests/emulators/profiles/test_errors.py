"""404/405 in the envelope shape, authorization, and malformed input (always 400, never 500)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators.profiles import (
    DEMO_PROFILE_ID,
    LIVE_STORY_ID,
    OTHER_PROFILE_ID,
    OTHER_TOKEN,
    SHARED_BRAND_PROFILE_IDS,
)

pytestmark = pytest.mark.anyio

ENVELOPE_ERROR_KEYS = {
    "request_id",
    "request_status",
    "debug_message",
    "display_message",
    "error_code",
}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/v1/unknown",
        "/v2/public_profiles",
        f"/v1/public_profiles/{DEMO_PROFILE_ID}/stories/x/y/z",
        f"/v1/public_profiles/{DEMO_PROFILE_ID}/media/x/multipart-upload",
    ],
)
async def test_unknown_routes_answer_404_in_the_envelope(api: Any, path: str) -> None:
    response = await api.post(path)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == ENVELOPE_ERROR_KEYS
    assert body["request_status"] == "ERROR"
    assert body["error_code"] == "RESOURCE_NOT_FOUND"
    uuid.UUID(body["request_id"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", f"/v1/public_profiles/{DEMO_PROFILE_ID}/stories"),
        ("PUT", f"/v1/public_profiles/{DEMO_PROFILE_ID}/spotlights"),
        ("POST", f"/v1/public_profiles/{DEMO_PROFILE_ID}/lenses"),
        ("GET", f"/us/v1/public_profiles/{DEMO_PROFILE_ID}/media/x/multipart-upload"),
        ("GET", f"/v1/public_profiles/{DEMO_PROFILE_ID}/media"),
        ("POST", f"/v1/adaccounts/{uuid.UUID(int=1)}/sharing_policies"),
        ("GET", f"/v1/public_profiles/{DEMO_PROFILE_ID}/sharing_policies"),
    ],
)
async def test_wrong_method_answers_405_in_the_envelope(api: Any, method: str, path: str) -> None:
    response = await api.call(method, path)
    assert response.status_code == 405
    body = response.json()
    assert set(body) == ENVELOPE_ERROR_KEYS
    assert body["error_code"] == "METHOD_NOT_ALLOWED"


async def test_authorization_rules(api: Any) -> None:
    stories = f"{api.prefix()}/stories"
    assert (await api.get(stories, token=None)).json()["error_code"] == "UNAUTHORIZED"
    assert (await api.get(stories, token="who")).status_code == 401
    # Reads: the owner, or anyone when the profile opts in to data sharing.
    shared = f"{api.prefix(SHARED_BRAND_PROFILE_IDS[2])}/spotlights"
    assert (await api.get(shared)).status_code == 200
    assert (await api.get(f"{api.prefix(OTHER_PROFILE_ID)}/lenses")).status_code == 403
    # Writes: only the owner, even with the opt-in.
    body = {"media_id": str(uuid.UUID(int=1)), "locale": "en_US"}
    assert (await api.post(shared, json=body)).status_code == 403
    assert (await api.get(stories, token=OTHER_TOKEN)).status_code == 403


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'"text"', "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"[" * 100_000, "application/json"),
        (b"media_id=1", "application/x-www-form-urlencoded"),
    ],
)
async def test_malformed_json_bodies(api: Any, content: bytes, content_type: str) -> None:
    for path in ("stories", "spotlights", "saved_stories", "media"):
        response = await api.post(
            f"{api.prefix()}/{path}", content=content, headers={"content-type": content_type}
        )
        assert response.status_code == 400, (path, content[:10])
        assert response.json()["error_code"] == "INVALID_REQUEST"


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "-1"},
        {"limit": "abc"},
        {"limit": "1.5"},
        {"limit": ""},
        {"limit": "²"},
        {"cursor": "!!!"},
        {"cursor": "YWJj"},
        {"cursor": "LTE"},
        {"cursor": "MQ=="},
        {"cursor": "MDE"},
    ],
)
async def test_bad_paging_parameters(api: Any, params: dict[str, str]) -> None:
    for path in (
        "stories",
        "spotlights",
        "lenses",
        "saved_stories",
        f"stories/{LIVE_STORY_ID}/snaps",
    ):
        response = await api.get(f"{api.prefix()}/{path}", params=params)
        assert response.status_code == 400, (path, params)
        assert response.json()["error_code"] == "INVALID_REQUEST"


async def test_cursor_past_the_end_is_an_empty_last_page(api: Any) -> None:
    response = await api.get(f"{api.prefix()}/stories", params={"cursor": "OTk5"})
    assert response.status_code == 200
    assert response.json()["stories"] == []
    assert response.json()["paging"] == {}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"action=ADD&part_number=1", "application/x-www-form-urlencoded"),
        (
            b'--x\r\nContent-Disposition: form-data; name="action"\r\n\r\nADD\r\n',
            "multipart/form-data",
        ),
        (
            b'--x\r\nContent-Disposition: form-data; name="action"\r\n\r\nADD\r\n',
            "multipart/form-data; boundary=x",
        ),
        (
            b"--x\r\nContent-Disposition: form-data\r\n\r\nADD\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
        ),
        (b"garbage", "multipart/form-data; boundary=x"),
        (
            b'--x\r\nContent-Disposition: form-data; name="action"\r\n\r\n'
            + b"A" * 2000
            + b"\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
        ),
        (
            b'--x\r\nContent-Disposition: form-data; name="action"\r\n\r\n\xff\r\n--x--\r\n',
            "multipart/form-data; boundary=x",
        ),
    ],
)
async def test_malformed_multipart(api: Any, content: bytes, content_type: str) -> None:
    _, path, _, _ = await api.start_upload()
    response = await api.post(path, content=content, headers={"content-type": content_type})
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_REQUEST"


async def test_two_file_parts_are_refused(api: Any) -> None:
    _, path, _, _ = await api.start_upload()
    response = await api.post(
        path,
        data={"action": "ADD", "part_number": "1"},
        files=[("file", ("a", b"1" * 16)), ("file", ("b", b"2" * 16))],
    )
    assert response.status_code == 400
    assert "one file" in response.json()["debug_message"]


async def test_bad_content_length_on_upload(api: Any) -> None:
    _, path, _, _ = await api.start_upload()
    response = await api.post(
        path,
        content=b"--x--\r\n",
        headers={"content-type": "multipart/form-data; boundary=x", "content-length": "12x"},
    )
    assert response.status_code == 400


async def test_huge_limits_clamp_and_huge_cursors_are_refused(api: Any) -> None:
    huge = await api.get(f"{api.prefix()}/lenses", params={"limit": "9" * 5000})
    assert huge.status_code == 200
    assert len(huge.json()["lenses"]) == 50
    padded = await api.get(f"{api.prefix()}/lenses", params={"limit": "0003"})
    assert len(padded.json()["lenses"]) == 3
    long_cursor = await api.get(f"{api.prefix()}/lenses", params={"cursor": "MT" * 3000})
    assert long_cursor.status_code == 400


async def test_wrong_region_is_a_plain_404_even_with_errors_as_200(api: Any) -> None:
    api.emulator.control.configure(errors_as_200=True)
    _, path, _, _ = await api.start_upload()
    response = await api.add("/eu" + path.removeprefix("/us"), 1, b"\0" * 16)
    assert response.status_code == 404
    assert response.json()["error_code"] == "RESOURCE_NOT_FOUND"

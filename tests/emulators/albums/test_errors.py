"""Errors in the API's own shape: unknown routes, wrong methods, auth, and malformed input."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.albums import ALEX_PROFILE_ID, DEMO_PROFILE_ID, SAM_PROFILE_ID

pytestmark = pytest.mark.anyio

BAD = "Bad request"


async def test_unknown_routes_are_404_in_the_api_shape(api: Any) -> None:
    for path in ("/nope", "/v1/albums/", "/v9/albums", "/v2/albums/1/extra", "/cdn/1/2/3"):
        api.error(await api.get(path), 404, "Not found")
    api.error(await api.get("/v1/albums/", as_=None), 404, "Not found")  # no redirect either


async def test_wrong_method_is_405_in_the_api_shape(api: Any) -> None:
    response = await api.call("PATCH", "/v1/albums")
    api.error(response, 405, "Method not allowed")
    assert "GET" in response.headers["allow"]
    for method, path in [
        ("DELETE", "/v2/albums/1"),
        ("GET", "/v4/albums/1/shares"),
        ("POST", "/v3/pressie-albums/feed/1"),
        ("GET", "/v3/pressie-albums/feed"),
        # Literal paths that a {albumId} route would otherwise swallow:
        ("GET", "/v2/albums/shares"),
        ("PUT", "/v2/albums/storage"),
        ("DELETE", "/v1/albums/storage"),
        ("DELETE", "/v1/albums/red-dot"),
        ("DELETE", "/v1/albums/1/content/order"),
        ("GET", "/v8/sessions"),
    ]:
        api.error(await api.call(method, path), 405, "Method not allowed")


async def test_head_is_served_on_get_routes(api: Any) -> None:
    response = await api.call("HEAD", "/v1/albums")
    assert response.status_code == 200


async def test_authorization_is_required_everywhere(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    good = api.auth()["Authorization"].split(" ", 1)[1]
    for headers in (
        {},
        {"Authorization": f"Bearer {good}"},
        {"Authorization": good},
        {"Authorization": "Grindr3 "},
        {"Authorization": "Grindr3 not-a-session"},
    ):
        for method, path in [
            ("GET", "/v1/albums"),
            ("GET", f"/v3/albums/{summer}/view"),
            ("POST", "/v3/pressie-albums/feed/paywall/"),
            ("GET", "/v7/profiles/1"),
            ("GET", "/v2/albums/abc"),  # auth before path checks
            ("PUT", "/v1/albums/red-dot"),
        ]:
            response = await api.call(method, path, as_=None, headers=headers)
            api.error(response, 401, "Unauthorized")


async def test_malformed_json_bodies_are_400(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    for method, path in [
        ("POST", "/v2/albums"),
        ("PUT", f"/v2/albums/{summer}"),
        ("POST", f"/v1/albums/{summer}/content/order"),
        ("POST", "/v2/albums/shares"),
        ("POST", f"/v4/albums/{summer}/shares"),
        ("PUT", f"/v1/albums/{summer}/unshares"),
        ("POST", "/v4/pics/expiring"),
        ("POST", "/v3/pressie-albums/feed"),
        ("POST", "/v3/pressie-albums/fresh-feed"),
        ("POST", "/v3/pressie-albums/feed/paywall/"),
        ("POST", "/v3/pressie-albums/feed/update/read"),
        ("POST", "/v3/profiles"),
    ]:
        for body in (b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe\x00", b"[" * 100_000):
            response = await api.call(method, path, content=body)
            api.error(response, 400, BAD)
    signed_out = await api.call("POST", "/v8/sessions", as_=None, content=b"{")
    api.error(signed_out, 400, BAD)


async def test_missing_required_bodies_are_400(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    for method, path in [
        ("POST", "/v2/albums"),
        ("POST", f"/v4/albums/{summer}/shares"),
        ("POST", "/v2/albums/shares"),
        ("POST", "/v3/profiles"),
        ("POST", "/v8/sessions"),
    ]:
        api.error(await api.call(method, path), 400, BAD)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v2/albums", {"albumName": {"nested": 1}}),
        ("POST", "/v2/albums", {"albumName": [1]}),
        ("PUT", "/v2/albums/{summer}", {"albumName": {}}),
        ("POST", "/v1/albums/{summer}/content/order", {}),
        ("POST", "/v1/albums/{summer}/content/order", {"contentIds": "1,2"}),
        ("POST", "/v1/albums/{summer}/content/order", {"contentIds": [1.5]}),
        ("POST", "/v1/albums/{summer}/content/order", {"contentIds": [True]}),
        ("POST", "/v1/albums/{summer}/content/order", {"contentIds": ["1"]}),
        ("POST", "/v2/albums/shares", {}),
        ("POST", "/v2/albums/shares", {"profileId": True}),
        ("POST", "/v2/albums/shares", {"profileId": "12a"}),
        ("POST", "/v2/albums/shares", {"profileId": None}),
        ("POST", "/v4/albums/{summer}/shares", {"profiles": []}),
        ("POST", "/v4/albums/{summer}/shares", {"profiles": {"profileId": 1}}),
        ("POST", "/v4/albums/{summer}/shares", {"profiles": [1]}),
        ("POST", "/v4/albums/{summer}/shares", {"profiles": [{"expirationType": "ONCE"}]}),
        ("PUT", "/v1/albums/{summer}/unshares", {}),
        ("PUT", "/v1/albums/{summer}/unshares", {"profiles": [{"shareId": 0}]}),
        ("PUT", "/v1/albums/{summer}/unshares", {"profiles": [{"profileId": [1]}]}),
        ("POST", "/v4/pics/expiring", {}),
        ("POST", "/v4/pics/expiring", {"count": "3"}),
        ("POST", "/v4/pics/expiring", {"count": -1}),
        ("POST", "/v3/pressie-albums/feed", {"isFavorite": "yes"}),
        ("POST", "/v3/pressie-albums/feed", {"onlyVideo": 1}),
        ("POST", "/v3/pressie-albums/feed/paywall/", {"counterpartyId": "abc"}),
        ("POST", "/v3/pressie-albums/feed/paywall/", {"blur": "no"}),
        ("POST", "/v3/pressie-albums/feed/update/read", {"itemId": 1}),
        ("POST", "/v3/pressie-albums/feed/update/read", {"itemId": [], "targetProfileId": 1}),
        ("POST", "/v3/profiles", {}),
        ("POST", "/v3/profiles", {"targetProfileIds": "1,2"}),
        ("POST", "/v3/profiles", {"targetProfileIds": ["abc"]}),
        ("POST", "/v3/profiles", {"targetProfileIds": [{"id": 1}]}),
    ],
)
async def test_wrong_types_and_missing_fields_are_400(
    api: Any, method: str, path: str, body: Any
) -> None:
    path = path.format(summer=api.album_id("Summer 2026"))
    api.error(await api.call(method, path, json=body), 400, BAD)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": 1, "authToken": "x"},
        {"email": "demo@mediagraph.test", "authToken": 5},
        {"email": "demo@mediagraph.test", "password": ["x"]},
        {"email": "demo@mediagraph.test", "authToken": "demo-auth-token", "geohash": 7},
    ],
)
async def test_sign_in_malformed(api: Any, body: Any) -> None:
    api.error(await api.post("/v8/sessions", as_=None, json=body), 400, BAD)


async def test_sign_in_without_a_secret_is_invalid_input(api: Any) -> None:
    response = await api.post("/v8/sessions", as_=None, json={"email": "demo@mediagraph.test"})
    api.error(response, 400, "Invalid input parameters")
    unknown = await api.post("/v8/sessions", as_=None, json={"email": "x@y.z", "authToken": "x"})
    api.error(unknown, 400, "Invalid input parameters")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/albums/abc"),
        ("GET", "/v2/albums/-1"),
        ("GET", "/v2/albums/1.5"),
        ("GET", "/v2/albums/%EF%BC%91%EF%BC%92"),  # full-width digits
        ("GET", "/v2/albums/1_000"),
        ("PUT", "/v2/albums/abc"),
        ("DELETE", "/v1/albums/abc"),
        ("GET", "/v1/albums/1/content/x/poster"),
        ("GET", "/v1/albums/x/content/1/processing"),
        ("POST", "/v1/albums/x/view/content/1"),
        ("GET", "/v3/albums/x/view"),
        ("GET", "/v2/albums/shares/abc"),
        ("GET", "/v1/albums/abc/shares"),
        ("POST", "/v4/albums/abc/shares"),
        ("DELETE", "/v1/albums/1/content/abc"),
        ("GET", "/v3/pressie-albums/feed/abc"),
        ("GET", "/v7/profiles/abc"),
        ("POST", "/v1/albums/abc/content"),
    ],
)
async def test_non_numeric_path_ids_are_400(api: Any, method: str, path: str) -> None:
    api.error(await api.call(method, path, json={}), 400, BAD)


async def test_ids_beyond_int64_are_400(api: Any) -> None:
    biggest = str(2**63 - 1)
    api.error(await api.get(f"/v2/albums/{biggest}"), 403, "Action not permitted")
    api.error(await api.get(f"/v7/profiles/{biggest}"), 404, "Not found")
    for huge in (str(2**63), "9" * 40, "9" * 5000):
        api.error(await api.get(f"/v2/albums/{huge}"), 400, BAD)
        api.error(await api.get(f"/v7/profiles/{huge}"), 400, BAD)
        api.error(await api.post("/v2/albums/shares", json={"profileId": huge}), 400, BAD)
        api.error(await api.post("/v3/profiles", json={"targetProfileIds": [huge]}), 400, BAD)
        cdn = f"/cdn/{huge}/1/2/original?Expires={huge}&Signature=x&Key-Pair-Id=EMULATOR&v=1"
        assert (await api.http.get(cdn)).status_code == 403
    api.error(await api.post("/v2/albums/shares", json={"profileId": 2**63}), 400, BAD)
    api.error(await api.post("/v4/pics/expiring", json={"count": 2**64}), 400, BAD)


async def test_share_validation(api: Any) -> None:
    private = api.album_id("Private")
    path = f"/v4/albums/{private}/shares"

    def body(profile: Any, kind: Any) -> dict[str, Any]:
        return {"profiles": [{"profileId": profile, "expirationType": kind}]}

    for kind in ("FOREVER", 5, -1, True, None, 1.0, "once"):
        api.error(
            await api.post(path, json=body(SAM_PROFILE_ID, kind)), 400, "Invalid expiration type"
        )
    api.error(await api.post(path, json=body(42, "ONCE")), 400, "Profile not found")
    api.error(
        await api.post(path, json=body(DEMO_PROFILE_ID, "ONCE")),
        400,
        "Cannot share album with yourself",
    )
    mixed = {
        "profiles": [
            {"profileId": SAM_PROFILE_ID, "expirationType": "ONCE"},
            {"profileId": 42, "expirationType": "ONCE"},
        ]
    }
    api.error(await api.post(path, json=mixed), 400, "Profile not found")
    assert (await api.get(f"/v1/albums/{private}/shares")).json() == {"profileIds": []}
    assert api.emulator.chat_messages() == []
    as_string = body(str(ALEX_PROFILE_ID), "2")
    api.empty_ok(await api.post(path, json=as_string))


async def _multipart(api: Any, album: int, body: bytes, content_type: str) -> Any:
    return await api.post(
        f"/v1/albums/{album}/content", content=body, headers={"Content-Type": content_type}
    )


async def test_broken_uploads_are_400(api: Any) -> None:
    album = api.album_id("Private")
    png = api.png()
    path = f"/v1/albums/{album}/content"
    api.error(await api.post(path, json={"content": "x"}), 400, BAD)
    api.error(await api.post(path), 400, BAD)
    api.error(await api.post(path, data={"content": "not a file"}), 400, BAD)
    api.error(await api.post(path, files={"other": ("a.png", png, "image/png")}), 400, BAD)
    two = [("content", ("a.png", png, "image/png")), ("content", ("b.png", api.png(), "image/png"))]
    api.error(await api.post(path, files=two), 400, BAD)
    api.error(await _multipart(api, album, b"garbage", "multipart/form-data"), 400, BAD)
    api.error(
        await _multipart(api, album, b"garbage", "multipart/form-data; boundary=xyz"), 400, BAD
    )
    nameless = b"--xyz\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--xyz--\r\n"
    api.error(await _multipart(api, album, nameless, "multipart/form-data; boundary=xyz"), 400, BAD)
    assert len(api.album("Private").order) == 2


async def test_upload_content_checks(api: Any) -> None:
    album = api.album_id("Private")
    api.error(await api.upload(album, b"GIF89a..."), 400, "Unsupported content type")
    api.error(await api.upload(album, b""), 400, "Unsupported content type")
    webm = b"\x1a\x45\xdf\xa3" + b"\0" * 64
    assert (await api.upload(album, webm)).status_code == 200  # WebM length is not checked
    broken_mp4 = b"\0\0\0\x10ftypisom\0\0\0\0"
    api.error(await api.upload(album, broken_mp4), 400, "Invalid video length")
    api.error(await api.upload(album, api.mp4(0)), 400, "Invalid video length")
    # The part's own Content-Type is ignored: the bytes decide.
    files = {"content": ("photo.jpg", api.png(), "image/jpeg")}
    made = await api.post(f"/v1/albums/{album}/content", files=files)
    assert api.emulator.store.contents[made.json()["contentId"]].mime == "image/png"

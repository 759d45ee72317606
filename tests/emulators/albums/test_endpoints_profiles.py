"""Contract tests for the adjacent session and profile endpoints, A1-A3."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from emulators.albums import (
    ALEX_PROFILE_ID,
    DEMO_AUTH_TOKEN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROFILE_ID,
    SAM_PROFILE_ID,
)

pytestmark = pytest.mark.anyio

PROFILE_KEYS = {
    "profileId",
    "displayName",
    "onlineUntil",
    "distance",
    "profileImageMediaHash",
    "isFavorite",
}


def _jwt_part(token: str, index: int) -> dict[str, Any]:
    part = token.split(".")[index]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


async def test_a1_sign_in(api: Any) -> None:
    body = {"email": DEMO_EMAIL, "authToken": DEMO_AUTH_TOKEN, "token": None, "geohash": None}
    response = await api.post("/v8/sessions", as_=None, json=body)
    assert response.status_code == 200
    result = response.json()
    assert result["profileId"] == str(DEMO_PROFILE_ID)
    token = result["sessionId"]
    assert _jwt_part(token, 0) == {"alg": "RS256", "typ": "JWT", "kid": "emulator"}
    payload = _jwt_part(token, 1)
    assert set(payload) == {"exp", "profileId", "roles", "features", "featureFlags", "systemTime"}
    assert payload["exp"] == int(api.clock.now().timestamp()) + 1800
    assert payload["systemTime"] == api.clock.now_ms()
    mine = await api.get("/v1/albums", as_=None, headers={"Authorization": f"Grindr3 {token}"})
    assert mine.status_code == 200
    by_password = await api.post(
        "/v8/sessions", as_=None, json={"email": DEMO_EMAIL.upper(), "password": DEMO_PASSWORD}
    )
    assert by_password.status_code == 200
    assert by_password.json()["sessionId"] != token
    wrong = await api.post(
        "/v8/sessions", as_=None, json={"email": DEMO_EMAIL, "authToken": "nope"}
    )
    api.error(wrong, 400, "Invalid input parameters")
    api.error(await api.post("/v8/sessions", as_=None, json={"authToken": "x"}), 400, "Bad request")


async def test_a2_get_profile(api: Any) -> None:
    response = await api.get(f"/v7/profiles/{ALEX_PROFILE_ID}")
    assert response.status_code == 200
    [profile] = response.json()["profiles"]
    assert set(profile) == PROFILE_KEYS
    assert profile["profileId"] == str(ALEX_PROFILE_ID)
    assert profile["displayName"] == "Alex"
    assert profile["isFavorite"] is True
    assert profile["distance"] == 1.2
    assert isinstance(profile["onlineUntil"], int)
    assert isinstance(profile["profileImageMediaHash"], str)
    me = (await api.get(f"/v7/profiles/{DEMO_PROFILE_ID}")).json()["profiles"][0]
    assert me["isFavorite"] is False
    api.error(await api.get("/v7/profiles/42"), 404, "Not found")


async def test_a3_get_profiles(api: Any) -> None:
    wanted = [str(ALEX_PROFILE_ID), str(SAM_PROFILE_ID), "42", str(ALEX_PROFILE_ID)]
    response = await api.post("/v3/profiles", json={"targetProfileIds": wanted})
    assert response.status_code == 200
    profiles = response.json()["profiles"]
    assert [p["profileId"] for p in profiles] == [str(ALEX_PROFILE_ID), str(SAM_PROFILE_ID)]
    assert all(set(p) == PROFILE_KEYS for p in profiles)
    at_limit = await api.post("/v3/profiles", json={"targetProfileIds": ["1"] * 150})
    assert at_limit.status_code == 200
    over = await api.post("/v3/profiles", json={"targetProfileIds": ["1"] * 151})
    api.error(over, 400, "Bad request")

"""Isolation: many concurrent requests from two users never see each other's data."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from emulators.albums import seed as albums_seed
from emulators.profiles import seed as profiles_seed
from tests.hardening.conftest import Gateway
from tests.hardening.test_credentials import client_session

pytestmark = pytest.mark.anyio

MINE = """
{ viewer { albumProfile { profileId displayName }
           albums(first: 10) { nodes { id name owner { profileId } } } }
  publicProfile { profileId displayName spotlights(first: 3) { nodes { id } } } }
"""


async def test_two_users_in_parallel_only_see_their_own(gw: Gateway) -> None:
    demo = await client_session(gw, albums_seed.DEMO_EMAIL, albums_seed.DEMO_AUTH_TOKEN)
    other = await client_session(gw, albums_seed.OTHER_EMAIL, albums_seed.OTHER_AUTH_TOKEN)
    users = {
        "demo": {
            "x-albums-authorization": f"Grindr3 {demo}",
            "x-profiles-authorization": f"Bearer {profiles_seed.DEMO_TOKEN}",
        },
        "other": {
            "x-albums-authorization": other,  # the bare session id is accepted too
            "x-profiles-authorization": profiles_seed.OTHER_TOKEN,
        },
    }
    expected: dict[str, Any] = {}
    for name, headers in users.items():
        expected[name] = (await gw.gql(MINE, headers=headers))["data"]
    assert expected["demo"]["viewer"]["albumProfile"]["profileId"] == str(
        albums_seed.DEMO_PROFILE_ID
    )
    assert expected["other"]["viewer"]["albumProfile"]["profileId"] == str(
        albums_seed.OTHER_PROFILE_ID
    )
    assert expected["demo"]["publicProfile"]["profileId"] == profiles_seed.DEMO_PROFILE_ID
    assert expected["other"]["publicProfile"]["profileId"] == profiles_seed.OTHER_PROFILE_ID
    demo_albums = {a["id"] for a in expected["demo"]["viewer"]["albums"]["nodes"]}
    other_albums = {a["id"] for a in expected["other"]["viewer"]["albums"]["nodes"]}
    assert demo_albums
    assert other_albums
    assert not demo_albums & other_albums

    order = ["demo", "other"] * 30
    random.Random(7).shuffle(order)
    answers = await asyncio.gather(*(gw.gql(MINE, headers=users[name]) for name in order))
    for name, answer in zip(order, answers, strict=True):
        assert answer["data"] == expected[name], name

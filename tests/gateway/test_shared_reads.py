"""Reads shared across requests: concurrent identical reads make one upstream call; public
profile reads are reused for a few seconds; nothing crosses from one token to another."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from emulators._common.control import LatencyRule
from emulators.profiles import seed as snap_seed
from gateway.upstreams._http import Reply, UpstreamHTTP
from gateway.upstreams.flight import SharedReads
from gateway.upstreams.profiles import ProfilesClient
from schema.relay import global_id
from tests.gateway.conftest import make_stack

pytestmark = pytest.mark.anyio

PAGE = (
    f'{{ publicProfile(profileId: "{snap_seed.DEMO_PROFILE_ID}") '
    "{ spotlights(first: 20) { nodes { id } } } }"
)
S10 = "GET /v1/public_profiles/{profile_id}/spotlights"
P2 = "GET /public/v1/public_profiles/{profile_id}"


async def test_concurrent_identical_reads_make_one_call() -> None:
    async with make_stack() as stack:
        # Latency keeps the first call open while the others arrive.
        stack.profiles.control.set_latency([LatencyRule.from_json({"fixed_ms": 30})])
        bodies = await asyncio.gather(*(stack.gql(PAGE) for _ in range(8)))
        assert all(b == bodies[0] for b in bodies)
        assert stack.calls()[S10] == 1


async def test_other_tokens_never_share_a_read() -> None:
    async with make_stack() as stack:
        stack.profiles.control.set_latency([LatencyRule.from_json({"fixed_ms": 30})])
        other = {"X-Profiles-Authorization": f"Bearer {snap_seed.ML_TAGS_TOKEN}"}
        await asyncio.gather(stack.gql(PAGE), stack.gql(PAGE, headers=other))
        assert stack.calls()[S10] == 2


async def test_public_profiles_are_reused_for_a_few_seconds() -> None:
    brand = global_id("PublicProfile", snap_seed.BRAND_PROFILE_IDS[0])
    query = "query ($id: ID!) { node(id: $id) { ... on PublicProfile { displayName } } }"
    async with make_stack(public_cache_seconds=10.0) as stack:
        first = await stack.gql(query, {"id": brand})
        second = await stack.gql(query, {"id": brand})
        assert first == second
        assert stack.calls()[P2] == 1


async def test_kept_reads_expire_and_failures_are_not_kept() -> None:
    now = [0.0]
    shared = SharedReads(public_ttl=5.0, monotonic=lambda: now[0])
    calls = 0

    async def send() -> Reply:
        nonlocal calls
        calls += 1
        return Reply(status=200, body={"n": calls}, headers=None)  # type: ignore[arg-type]

    assert (await shared.read("k", send, public=True)).body == {"n": 1}
    assert (await shared.read("k", send, public=True)).body == {"n": 1}
    now[0] = 6.0
    assert (await shared.read("k", send, public=True)).body == {"n": 2}
    assert (await shared.read("private", send, public=False)).body == {"n": 3}
    assert (await shared.read("private", send, public=False)).body == {"n": 4}

    async def fail() -> Reply:
        raise RuntimeError("upstream down")

    with pytest.raises(RuntimeError):
        await shared.read("bad", fail, public=True)
    assert (await shared.read("bad", send, public=True)).body == {"n": 5}


async def test_a_shared_reply_is_parsed_once() -> None:
    """Requests sharing one reply share what was parsed from it: the same page object."""
    parses: list[object] = []
    reply = Reply(status=200, body={"n": 1}, headers=httpx.Headers())

    def parse(body: object) -> object:
        parses.append(body)
        return ("parsed", body)

    first = reply.parse(("page", "n"), parse)
    second = reply.parse(("page", "n"), parse)
    assert first is second
    assert parses == [{"n": 1}]


async def test_a_failed_parse_is_not_kept() -> None:
    reply = Reply(status=200, body={}, headers=httpx.Headers())
    attempts = 0

    def parse(body: object) -> object:
        nonlocal attempts
        attempts += 1
        raise ValueError("malformed")

    for _ in range(2):
        with pytest.raises(ValueError, match="malformed"):
            reply.parse("page", parse)
    assert attempts == 2


async def test_concurrent_requests_get_the_same_parsed_page() -> None:
    """Four requests' clients read one page through one shared call: one parse, one page."""
    running = make_stack()
    async with running as stack:
        stack.profiles.control.set_latency([LatencyRule.from_json({"fixed_ms": 30})])
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=running.profiles_app),
            base_url="http://profiles.test",
        ) as client:
            http = UpstreamHTTP(client, service="profiles", protocol="envelope", max_concurrency=8)
            shared = SharedReads(public_ttl=0)
            clients = [
                ProfilesClient(http, token=snap_seed.DEMO_TOKEN, shared=shared) for _ in range(4)
            ]
            pages = await asyncio.gather(
                *(c.spotlights(snap_seed.DEMO_PROFILE_ID, limit=20, cursor=None) for c in clients)
            )
        assert all(page is pages[0] for page in pages)
        assert len(pages[0].items) == 20
        assert stack.calls()[S10] == 1


async def test_concurrent_identical_album_reads_of_one_session_make_one_call() -> None:
    query = "{ viewer { albums { nodes { name } } albumLimits { __typename } } }"
    async with make_stack() as stack:
        stack.albums.control.set_latency([LatencyRule.from_json({"fixed_ms": 30})])
        bodies = await asyncio.gather(*(stack.gql(query) for _ in range(6)))
        assert all(b == bodies[0] and not b.get("errors") for b in bodies)
        calls = stack.calls()
        assert calls["GET /v1/albums"] == 1
        assert calls["GET /v1/albums/storage"] == 1

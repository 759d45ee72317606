"""Credentials propagation: each upstream sees only its own token, no hop-by-hop or other
client header is forwarded, every call carries a request id, and no credential ever shows
in logs, errors or traces."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from emulators.albums import seed as albums_seed
from emulators.profiles import seed as profiles_seed
from tests.hardening.conftest import Gateway, gateway, hardened_settings

pytestmark = pytest.mark.anyio

EVERYTHING = """
{ viewer { albumProfile { displayName }
           albums(first: 5) { nodes { name owner { displayName } } } }
  publicProfile { displayName
                  spotlights(first: 3) { nodes { title sponsor { profile { id } } } } } }
"""
#: Headers a proxy must never pass on, and client headers the gateway has no reason to.
NOT_FORWARDED = {
    "connection": "keep-alive, x-secret-hop",
    "keep-alive": "timeout=5",
    "proxy-authorization": "Basic cHJveHk6c2VjcmV0",
    "te": "trailers",
    "trailer": "x-checksum",
    "upgrade": "websocket",
    "x-secret-hop": "hop-value",
    "cookie": "session=cookie-secret",
    "authorization": "Bearer client-generic-token",
    "x-forwarded-for": "10.9.8.7",
    "x-custom-header": "custom-value",
}


async def client_session(gw: Gateway, email: str, auth_token: str) -> str:
    """A client's own Albums session id, signed in at the emulator (A1)."""
    transport = httpx.ASGITransport(app=gw.albums_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://albums.test") as albums:
        response = await albums.post(
            "/v8/sessions", json={"email": email, "authToken": auth_token, "token": None}
        )
        session: str = response.json()["sessionId"]
        return session


def upstream_headers(gw: Gateway) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    albums = [{k.lower(): v for k, v in r.headers.items()} for r in gw.albums.control.recorder.log]
    profiles = [
        {k.lower(): v for k, v in r.headers.items()} for r in gw.profiles.control.recorder.log
    ]
    return albums, profiles


async def test_each_token_reaches_only_its_own_upstream(gw: Gateway) -> None:
    session = await client_session(gw, albums_seed.OTHER_EMAIL, albums_seed.OTHER_AUTH_TOKEN)
    gw.reset_calls()
    headers = {
        "x-albums-authorization": f"Grindr3 {session}",
        "x-profiles-authorization": f"Bearer {profiles_seed.OTHER_TOKEN}",
        "x-request-id": "trace-me-42",
        **NOT_FORWARDED,
    }
    body = await gw.gql(EVERYTHING, headers=headers)
    assert body["data"]["viewer"]["albumProfile"]
    albums, profiles = upstream_headers(gw)
    assert albums
    assert profiles
    for sent in albums:
        assert sent["authorization"] == f"Grindr3 {session}"
        assert profiles_seed.OTHER_TOKEN not in str(sent)
    for sent in profiles:
        assert sent["authorization"] == f"Bearer {profiles_seed.OTHER_TOKEN}"
        assert session not in str(sent)
    for sent in albums + profiles:
        assert sent["x-request-id"] == "trace-me-42"
        assert "x-albums-authorization" not in sent
        assert "x-profiles-authorization" not in sent
        for name, value in NOT_FORWARDED.items():
            if name == "authorization":
                assert value not in str(sent)
                continue
            assert name not in sent or sent[name] != value, name
            assert value not in str(sent), name


async def test_every_upstream_call_carries_a_request_id(gw: Gateway) -> None:
    await gw.gql(EVERYTHING)
    albums, profiles = upstream_headers(gw)
    rids = {sent.get("x-request-id") for sent in albums + profiles}
    # The service sign-in belongs to no single request; every other call has the request's id.
    sign_in = [r for r in gw.albums.control.recorder.log if r.route == "/v8/sessions"]
    assert len(sign_in) == 1
    assert None not in {
        r.headers.get("x-request-id") or r.headers.get("X-Request-Id")
        for r in gw.albums.control.recorder.log + gw.profiles.control.recorder.log
        if r.route != "/v8/sessions"
    }
    assert len(rids - {None}) == 1


async def test_missing_or_rejected_credentials_are_unauthenticated() -> None:
    settings = hardened_settings(albums_email=None, albums_auth_token=None, profiles_token=None)
    async with gateway(settings) as gw:
        body = await gw.gql(EVERYTHING)
        assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}
        assert gw.total_calls() == 0
        body = await gw.gql(
            EVERYTHING,
            headers={
                "x-albums-authorization": "Grindr3 not-a-session",
                "x-profiles-authorization": "Bearer not-a-token",
            },
        )
        assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}
        assert "not-a-session" not in str(body)
        assert "not-a-token" not in str(body)


async def test_no_credential_appears_in_logs_errors_or_traces(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [albums_seed.DEMO_AUTH_TOKEN, profiles_seed.DEMO_TOKEN, "client-sent-token-123"]
    answers: list[Any] = []
    async with gateway(hardened_settings(resilience={"breaker_failures": 2})) as gw:
        session = await client_session(gw, albums_seed.OTHER_EMAIL, albums_seed.OTHER_AUTH_TOKEN)
        secrets += [session, albums_seed.OTHER_AUTH_TOKEN]
        # The service credentials: sign-in, the session, successful calls.
        answers.append(await gw.gql(EVERYTHING))
        # The client's own credentials, accepted and rejected, with faults along the way.
        gw.albums.control.add_fault(path_regex="^/v1/albums$", status=503, times=3)
        gw.profiles.control.add_fault(path_regex="spotlights", status=500, times=3)
        own = {"x-albums-authorization": f"Grindr3 {session}"}
        answers.append(await gw.gql(EVERYTHING, headers=own))
        rejected = {
            "x-albums-authorization": "Grindr3 client-sent-token-123",
            "x-profiles-authorization": "Bearer client-sent-token-123",
        }
        answers.append(await gw.gql(EVERYTHING, headers=rejected))
        # An unexpected failure (a resolver crash) logs a traceback: it must be clean too.
        gw.albums.control.add_fault(
            path_regex="^/v1/albums$", status=200, body={"albums": "not-a-list"}, times=1
        )
        answers.append(await gw.gql(EVERYTHING, headers=rejected))
        answers.append((await gw.post("{ nope }", headers=rejected)).json())
    logged = caplog.text + "".join(
        logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info
    )
    assert caplog.records, "the run logged something"
    for secret in secrets:
        assert secret not in logged, f"{secret[:6]}... leaked into the logs"
        assert secret not in str(answers), f"{secret[:6]}... leaked into an answer"


async def test_an_upstream_that_echoes_a_token_does_not_leak_it() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        token = request.headers["authorization"].split(" ", 1)[1]
        return httpx.Response(
            401,
            json={
                "request_status": "ERROR",
                "error_code": "UNAUTHORIZED",
                "display_message": f"token {token} is not valid",
            },
        )

    async with gateway(transports={"profiles": httpx.MockTransport(echo)}) as gw:
        body = await gw.gql("{ publicProfile { displayName } }")
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert profiles_seed.DEMO_TOKEN not in str(body)
        assert "[redacted]" in error["message"]

"""Albums credentials: a client's own session, or service credentials the gateway signs in with.

A ``sessionId`` lives exactly 30 minutes and cannot be extended (quirk 25), so the gateway
signs in again (A1) shortly before it expires, or on any 401, and retries that call once.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from gateway.settings import Secret
from gateway.upstreams._http import (
    Reply,
    UpstreamBadResponse,
    UpstreamHTTP,
    UpstreamUnauthenticated,
)
from gateway.upstreams._parse import ParseError, int64
from gateway.upstreams.albums_types import Session

SCHEME = "Grindr3"
SESSION_LIFETIME_SECONDS = 1800.0
#: Renew this long before the upstream would expire the session.
RENEW_MARGIN_SECONDS = 120.0


class AlbumsAuth(Protocol):
    """Supplies the ``Authorization`` value for Albums calls."""

    async def authorization(self) -> str: ...

    async def renew(self, stale: str) -> str | None:
        """A fresh value after a 401 on ``stale``; ``None`` when there is no way to renew."""
        ...

    async def profile_id(self) -> int | None: ...


def session_profile_id(session_id: str) -> int | None:
    """The ``profileId`` claim of a session JWT, read without verifying (the gateway never
    verifies upstream tokens; it only needs to know whose session it forwards)."""
    parts = session_id.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims: Any = json.loads(base64.urlsafe_b64decode(padded))
        return int64(claims.get("profileId"), "profileId") if isinstance(claims, dict) else None
    except (ValueError, ParseError):
        return None


async def authorized(
    auth: AlbumsAuth | None,
    call: Callable[[str], Awaitable[Reply]],
    *,
    may_resend: Callable[[], Awaitable[bool]] | None = None,
) -> Reply:
    """Call with the session's ``Authorization``; after a 401, renew the session and call once
    more (quirk 25) — unless ``may_resend`` says the request cannot be sent again."""
    if auth is None:
        raise UpstreamUnauthenticated(
            "albums: no credentials (send X-Albums-Authorization)", service="albums"
        )
    authorization = await auth.authorization()
    try:
        return await call(authorization)
    except UpstreamUnauthenticated:
        renewed = await auth.renew(authorization)
        if renewed is None or (may_resend is not None and not await may_resend()):
            raise
        return await call(renewed)


class ClientSession:
    """A session id the client sent: forwarded as is, never renewed by the gateway."""

    def __init__(self, session_id: str) -> None:
        self._value = f"{SCHEME} {session_id}"
        self._profile_id = session_profile_id(session_id)

    async def authorization(self) -> str:
        return self._value

    async def renew(self, stale: str) -> str | None:
        return None

    async def profile_id(self) -> int | None:
        return self._profile_id


class ServiceSessions:
    """Signs in with the configured service credentials and keeps one session fresh.

    Lifespan-owned and shared by every request; concurrent renewals collapse into one A1 call.
    """

    def __init__(
        self,
        http: UpstreamHTTP,
        *,
        email: str,
        auth_token: Secret,
        lifetime: float = SESSION_LIFETIME_SECONDS,
        margin: float = RENEW_MARGIN_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._email = email
        self._auth_token = auth_token
        self._lifetime = lifetime
        self._margin = margin
        self._monotonic = monotonic
        self._session: Session | None = None
        self._renew_at = 0.0
        self._lock = asyncio.Lock()

    async def current(self) -> Session:
        session = self._session
        if session is not None and self._monotonic() < self._renew_at:
            return session
        async with self._lock:
            if self._session is None or self._monotonic() >= self._renew_at:
                await self._sign_in()
            assert self._session is not None
            return self._session

    async def renew(self, stale_session_id: str) -> Session:
        async with self._lock:
            if self._session is None or self._session.session_id == stale_session_id:
                await self._sign_in()
            assert self._session is not None
            return self._session

    async def _sign_in(self) -> None:
        started = self._monotonic()
        reply = await self._http.call(
            "POST",
            "/v8/sessions",
            json_body={
                "email": self._email,
                "authToken": self._auth_token.reveal(),
                "token": None,
                "geohash": None,
            },
        )
        body = reply.body
        try:
            if not isinstance(body, dict) or not isinstance(body.get("sessionId"), str):
                raise ParseError("no sessionId")
            session = Session(
                profile_id=int64(body.get("profileId"), "profileId"),
                session_id=body["sessionId"],
            )
        except ParseError as exc:
            raise UpstreamBadResponse(
                "albums sent a malformed sign-in response", service="albums"
            ) from exc
        self._session = session
        self._renew_at = started + self._lifetime - self._margin


class ServiceAuth:
    """``AlbumsAuth`` over the shared ``ServiceSessions``."""

    def __init__(self, sessions: ServiceSessions) -> None:
        self._sessions = sessions

    async def authorization(self) -> str:
        return f"{SCHEME} {(await self._sessions.current()).session_id}"

    async def renew(self, stale: str) -> str | None:
        stale_id = stale.removeprefix(f"{SCHEME} ")
        return f"{SCHEME} {(await self._sessions.renew(stale_id)).session_id}"

    async def profile_id(self) -> int | None:
        return (await self._sessions.current()).profile_id

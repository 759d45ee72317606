"""Which credentials reach which upstream.

A client sends one header per upstream; each is forwarded only to its own upstream, as that
upstream's ``Authorization``, and nothing else the client sent is forwarded:

- ``X-Albums-Authorization: Grindr3 <sessionId>`` (or the bare session id) for the Albums API;
- ``X-Profiles-Authorization: Bearer <token>`` (or the bare token) for the Public Profile API.

Without a header the gateway uses its configured service credentials, if any (the demo has
them); without either, fields of that upstream fail with ``UNAUTHENTICATED`` before any call.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping

from gateway.settings import Settings
from gateway.upstreams.albums_auth import (
    SCHEME,
    AlbumsAuth,
    ClientSession,
    ServiceAuth,
    ServiceSessions,
)

ALBUMS_HEADER = "x-albums-authorization"
PROFILES_HEADER = "x-profiles-authorization"
REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_TOKEN = re.compile(r"^[\x21-\x7e]{1,4096}$")


def header_map(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """ASGI headers as a dict of lower-case names; the first of repeated headers wins, as
    with Starlette's ``Headers.get``."""
    headers: dict[str, str] = {}
    for name, value in raw:
        headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return headers


def _strip_scheme(value: str, scheme: str) -> str | None:
    value = value.strip()
    if value[: len(scheme) + 1].lower() == scheme.lower() + " ":
        value = value[len(scheme) + 1 :].strip()
    # Only visible ASCII: anything else cannot be a token and must not reach a header.
    return value if _TOKEN.match(value) else None


def albums_auth(headers: Mapping[str, str], sessions: ServiceSessions | None) -> AlbumsAuth | None:
    """The caller's own session if sent, else the service session, else nothing."""
    raw = headers.get(ALBUMS_HEADER)
    if raw is not None:
        session_id = _strip_scheme(raw, SCHEME)
        return ClientSession(session_id) if session_id else None
    return ServiceAuth(sessions) if sessions is not None else None


def profiles_token(headers: Mapping[str, str], settings: Settings) -> str | None:
    """The caller's own token if sent, else the service token, else nothing."""
    raw = headers.get(PROFILES_HEADER)
    if raw is not None:
        return _strip_scheme(raw, "Bearer")
    return settings.profiles_token.reveal() if settings.profiles_token else None


def request_id(headers: Mapping[str, str]) -> str:
    """The client's request id when it is safe to echo and forward, else a new one."""
    given = headers.get(REQUEST_ID_HEADER)
    if given and _SAFE_REQUEST_ID.match(given):
        return given
    return uuid.uuid4().hex

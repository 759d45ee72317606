"""A1 sessions: JWT-shaped ``sessionId`` tokens, their lifetime, and the request checks.

Every Albums endpoint needs ``Authorization: Grindr3 <sessionId>``; a missing header, another
scheme, an unknown token or an expired one is ``401 Unauthorized`` (quirk 25). The token is
only shaped like an RS256 JWT: its signature is random and nobody should verify it.
"""

from __future__ import annotations

import base64
import json
import random
from datetime import datetime, timedelta
from typing import Any

from starlette.datastructures import Headers

from emulators.albums.errors import HEADER_ERROR, INVALID_INPUT_PARAMETERS, ApiError, bad_request
from emulators.albums.model import Profile, Session, to_ms
from emulators.albums.store import Store

SCHEME = "Grindr3"
_HEADER = {"alg": "RS256", "typ": "JWT", "kid": "emulator"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(data: dict[str, Any]) -> str:
    return _b64(json.dumps(data, separators=(",", ":")).encode())


def issue(
    store: Store, profile: Profile, *, now: datetime, ttl_seconds: int, rng: random.Random
) -> Session:
    """Create a session token valid for ``ttl_seconds`` of emulator time."""
    expires = now + timedelta(seconds=ttl_seconds)
    payload = {
        "exp": int(expires.timestamp()),
        "profileId": str(profile.id),
        "roles": [],
        "features": [],
        "featureFlags": [],
        "systemTime": to_ms(now),
    }
    signature = _b64(rng.randbytes(256))
    token = f"{_segment(_HEADER)}.{_segment(payload)}.{signature}"
    session = Session(token=token, profile_id=profile.id, expires_at=expires)
    store.add_session(session, now)
    return session


def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise bad_request()
    return value


def sign_in(body: dict[str, Any], store: Store) -> Profile:
    """Check A1 credentials: ``email`` plus the stored ``authToken`` or the ``password``."""
    email = body.get("email")
    if not isinstance(email, str):
        raise bad_request()
    auth_token = _optional_str(body, "authToken")
    password = _optional_str(body, "password")
    for key in ("token", "geohash"):
        _optional_str(body, key)
    profile = store.by_email.get(email.lower())
    if profile is not None:
        if auth_token is not None and auth_token == profile.auth_token:
            return profile
        if password is not None and password == profile.password:
            return profile
    raise ApiError(400, INVALID_INPUT_PARAMETERS)


def check_headers(headers: Headers) -> None:
    """The ``strict_headers`` variant: the real API's check on the app's User-Agent."""
    if not headers.get("user-agent", "").startswith("grindr3/"):
        raise ApiError(400, HEADER_ERROR)


def caller(headers: Headers, store: Store, now: datetime) -> Profile:
    """The profile behind ``Authorization: Grindr3 <sessionId>``, else 401."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme != SCHEME or not token:
        raise ApiError(401)
    session = store.sessions.get(token.strip())
    if session is None or now >= session.expires_at:
        raise ApiError(401)
    profile = store.profiles.get(session.profile_id)
    if profile is None:
        raise ApiError(401)
    return profile

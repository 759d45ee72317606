"""Who may call what (§3, "Authorization in the emulator"): tokens, allowlist, profile rights."""

from __future__ import annotations

from emulators.profiles.entities import Profile, Token
from emulators.profiles.envelope import ApiError, denied
from emulators.profiles.store import Store


def token_value(header: str | None) -> str | None:
    """The token from ``Bearer <t>`` (scheme in any case) or from a raw ``<t>`` (quirk 17)."""
    if header is None:
        return None
    header = header.strip()
    scheme, _, rest = header.partition(" ")
    if scheme.lower() == "bearer" and rest.strip():
        return rest.strip()
    return header or None


def authenticate(store: Store, header: str | None) -> Token:
    """401 when the header is missing or the token unknown; 403 when not allowlisted."""
    value = token_value(header)
    if value is None:
        raise ApiError(401, "The Authorization header is missing")
    token = store.tokens.get(value)
    if token is None:
        raise ApiError(401, "The access token is invalid or expired")
    if not token.allowlisted:
        raise denied("This client is not allowlisted for the Public Profile API")
    return token


def administers(token: Token, profile: Profile) -> bool:
    return profile.organization_id in token.organization_ids


def require_read(token: Token, profile: Profile) -> None:
    """Reads need the profile's organization or its data-sharing opt-in."""
    if not (administers(token, profile) or profile.shares_data):
        raise denied(f"No permission to read public profile {profile.id}")


def require_write(token: Token, profile: Profile) -> None:
    if not administers(token, profile):
        raise denied(f"No permission to manage public profile {profile.id}")


def require_member(token: Token, organization_id: str, what: str) -> None:
    if organization_id not in token.organization_ids:
        raise denied(f"No permission on {what}")

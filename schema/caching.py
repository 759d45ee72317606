"""HTTP cache headers for queries over GET, from what their data came from.

Only GET answers may be cached at all. Public profile fields (the upstream's public
endpoint) may sit in a shared cache for a minute; what the caller's token reads may be cached
by the caller's own browser briefly; anything from the Albums API (personal, with signed URLs
that expire) and any answer with errors is never stored.
"""

from __future__ import annotations

#: Both credential headers: a cached answer is only ever reused for the same credentials.
VARY = "X-Albums-Authorization, X-Profiles-Authorization"
PUBLIC_MAX_AGE = 60
PRIVATE_MAX_AGE = 30


def cache_control(*, method: str, scopes: set[str], has_errors: bool) -> str:
    if method != "GET" or has_errors or "personal" in scopes:
        return "no-store"
    if "private" in scopes:
        return f"private, max-age={PRIVATE_MAX_AGE}"
    return f"public, max-age={PUBLIC_MAX_AGE}"

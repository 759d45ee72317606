"""Public profiles (P1-P4), the adjacent endpoints the gateway needs for links."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.routing import Route

from emulators.profiles import render
from emulators.profiles.auth import require_member
from emulators.profiles.context import Ctx, Host, api_route
from emulators.profiles.envelope import not_found


async def get_profile(ctx: Ctx) -> dict[str, Any]:
    """P1: read rights as for assets (owner, or the data-sharing opt-in)."""
    profile = ctx.profile()
    return ctx.listing("public_profiles", "public_profile", [profile], partial(render.profile, ctx))


async def get_public_profile(ctx: Ctx) -> dict[str, Any]:
    """P2: any allowlisted token; only the Is Public = Y fields (used for sponsor brands)."""
    ctx.token()
    profile = ctx.store.profiles.get(ctx.param("profile_id"))
    if profile is None:
        raise not_found(f"Public profile {ctx.param('profile_id')} was not found")
    return ctx.listing(
        "public_profiles",
        "public_profile",
        [profile],
        partial(render.profile, ctx, public_only=True),
    )


async def my_profile(ctx: Ctx) -> dict[str, Any]:
    """P3: the first profile the token administers, not wrapped."""
    token = ctx.token()
    for org_id in token.organization_ids:
        profiles = ctx.store.profiles_by_org.get(org_id)
        if profiles:
            return ctx.ok(public_profile=render.profile(ctx, profiles[0]))
    raise not_found("This token administers no public profile")


async def organization_profiles(ctx: Ctx) -> dict[str, Any]:
    """P4: the organization's profiles, paged; the caller must belong to the organization."""
    token = ctx.token()
    org_id = ctx.param("organization_id")
    if org_id not in ctx.store.organizations:
        raise not_found(f"Organization {org_id} was not found")
    require_member(token, org_id, f"organization {org_id}")
    items = ctx.store.profiles_by_org[org_id]
    return ctx.listing(
        "public_profiles",
        "public_profile",
        items,
        partial(render.profile, ctx),
        page=ctx.page(),
    )


def routes(host: Host) -> list[Route]:
    return [
        # Before P1, whose ``{profile_id}`` would otherwise swallow ``my_profile``.
        api_route("/v1/public_profiles/my_profile", my_profile, host=host, methods=["GET"]),
        api_route("/v1/public_profiles/{profile_id}", get_profile, host=host, methods=["GET"]),
        api_route(
            "/public/v1/public_profiles/{profile_id}",
            get_public_profile,
            host=host,
            methods=["GET"],
        ),
        api_route(
            "/v1/organizations/{organization_id}/public_profiles",
            organization_profiles,
            host=host,
            methods=["GET"],
        ),
    ]

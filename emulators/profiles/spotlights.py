"""Spotlights: S10 list, S11 one spotlight, S12 post (quirks 11, 12, 28)."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from starlette.routing import Route

from emulators.profiles import render
from emulators.profiles.context import Ctx, Host, api_route
from emulators.profiles.envelope import invalid, not_found
from emulators.profiles.inputs import json_object, optional_bool, optional_str
from emulators.profiles.posting import post_spotlight, usable_media

LOCALE = re.compile(r"[a-z]{2}_[A-Z]{2}")
MAX_DESCRIPTION = 160


async def list_spotlights(ctx: Ctx) -> dict[str, Any]:
    """S10: every spotlight (even ``skip_save_to_profile``), with ``next_page_id``."""
    profile = ctx.profile()
    items = ctx.store.shelves[profile.id].spotlights
    return ctx.listing(
        "spotlights",
        "spotlight",
        items,
        partial(render.spotlight, ctx),
        page=ctx.page(),
        page_id=True,
    )


async def get_spotlight(ctx: Ctx) -> dict[str, Any]:
    """S11: ``spotlights``, a list of one, without paging."""
    profile = ctx.profile()
    spotlight = ctx.store.spotlights.get(ctx.param("spotlight_id"))
    if spotlight is None or spotlight.profile_id != profile.id:
        raise not_found(f"Spotlight {ctx.param('spotlight_id')} was not found")
    return ctx.listing("spotlights", "spotlight", [spotlight], partial(render.spotlight, ctx))


async def post(ctx: Ctx) -> dict[str, Any]:
    """S12: the flat body only; ``locale`` required, ``description`` ≤ 160, video media only."""
    profile = ctx.profile(write=True)
    body = await json_object(ctx.request)
    skip = optional_bool(body, "skip_save_to_profile", default=False)
    description = optional_str(body, "description", max_len=MAX_DESCRIPTION)
    locale = body.get("locale")
    if not isinstance(locale, str) or not LOCALE.fullmatch(locale):
        raise invalid("locale is required, e.g. en_US")
    media = usable_media(ctx, profile, body.get("media_id"), purpose="spotlight")
    spotlight = post_spotlight(ctx, profile, media, description=description, skip_save=skip)
    return ctx.ok(spotlight_id=spotlight.id)


def routes(host: Host) -> list[Route]:
    # Only the slashed path exists; the docs' ``{profile_id}spotlights`` is a typo (quirk 28).
    prefix = "/v1/public_profiles/{profile_id}/spotlights"
    return [
        api_route(prefix, list_spotlights, host=host, methods=["GET"]),
        api_route(prefix, post, host=host, methods=["POST"]),
        api_route(prefix + "/{spotlight_id}", get_spotlight, host=host, methods=["GET"]),
    ]

"""Lenses (seed only): S13 list with ``next_page_id``, S14 one lens as a list of one (quirk 19)."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.routing import Route

from emulators.profiles import render
from emulators.profiles.context import Ctx, Host, api_route
from emulators.profiles.envelope import not_found


async def list_lenses(ctx: Ctx) -> dict[str, Any]:
    profile = ctx.profile()
    items = ctx.store.shelves[profile.id].lenses
    return ctx.listing(
        "lenses", "lens", items, partial(render.lens, ctx), page=ctx.page(), page_id=True
    )


async def get_lens(ctx: Ctx) -> dict[str, Any]:
    profile = ctx.profile()
    lens = ctx.store.lenses.get(ctx.param("lens_id"))
    if lens is None or lens.profile_id != profile.id:
        raise not_found(f"Lens {ctx.param('lens_id')} was not found")
    return ctx.listing("lenses", "lens", [lens], partial(render.lens, ctx))


def routes(host: Host) -> list[Route]:
    prefix = "/v1/public_profiles/{profile_id}/lenses"
    return [
        api_route(prefix, list_lenses, host=host, methods=["GET"]),
        api_route(prefix + "/{lens_id}", get_lens, host=host, methods=["GET"]),
    ]

"""Saved stories: S7 list (with ``visibility``), S8 snaps of a saved story, S9 create."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.routing import Route

from emulators.profiles import render
from emulators.profiles.context import Ctx, Host, api_route
from emulators.profiles.envelope import SUCCESS, cased, invalid, not_found
from emulators.profiles.inputs import json_object, optional_str
from emulators.profiles.posting import create_saved_story, resolve_source

VISIBILITIES = ("ALL", "VISIBLE_ON_PROFILE")
MAX_TITLE = 45


async def list_saved(ctx: Ctx) -> dict[str, Any]:
    """S7: ``visibility=ALL`` (default) includes hidden spotlight copies."""
    profile = ctx.profile()
    visibility = ctx.request.query_params.get("visibility", "ALL")
    if visibility not in VISIBILITIES:
        raise invalid("visibility must be ALL or VISIBLE_ON_PROFILE")
    shelf = ctx.store.shelves[profile.id]
    items = shelf.saved_all if visibility == "ALL" else shelf.saved_visible
    return ctx.listing(
        "saved_stories", "saved_story", items, partial(render.saved_story, ctx), page=ctx.page()
    )


async def list_saved_snaps(ctx: Ctx) -> dict[str, Any]:
    """S8: follows the documented table (``snaps``), not the example (quirk 18)."""
    profile = ctx.profile()
    saved = ctx.store.saved_stories.get(ctx.param("saved_story_id"))
    if saved is None or saved.profile_id != profile.id:
        raise not_found(f"Saved story {ctx.param('saved_story_id')} was not found")
    return ctx.listing(
        "snaps", "snap", saved.snaps, partial(render.saved_snap, ctx), page=ctx.page()
    )


async def create(ctx: Ctx) -> dict[str, Any]:
    """S9: exactly one saved story, title ≤ 45, one key per source, ≤ 5 min in total (quirk 13)."""
    profile = ctx.profile(write=True)
    body = await json_object(ctx.request)
    wrapper = body.get("saved_stories")
    if not isinstance(wrapper, list) or len(wrapper) != 1 or not isinstance(wrapper[0], dict):
        raise invalid("saved_stories must be a list holding exactly one saved story")
    spec: dict[str, Any] = wrapper[0]
    title = optional_str(spec, "title", max_len=MAX_TITLE, where="saved_stories[0].")
    sources = spec.get("snap_sources")
    if not isinstance(sources, list) or not sources:
        raise invalid("saved_stories[0].snap_sources must be a non-empty list")
    resolved = [resolve_source(ctx, profile, source, i) for i, source in enumerate(sources)]
    saved = create_saved_story(ctx, profile, title, resolved)
    item = {"sub_request_status": cased(SUCCESS, ctx.config), "saved_story": {"id": saved.id}}
    return ctx.ok(saved_stories=[item])


def routes(host: Host) -> list[Route]:
    prefix = "/v1/public_profiles/{profile_id}/saved_stories"
    return [
        api_route(prefix, list_saved, host=host, methods=["GET"]),
        api_route(prefix, create, host=host, methods=["POST"]),
        api_route(prefix + "/{saved_story_id}/snaps", list_saved_snaps, host=host, methods=["GET"]),
    ]

"""Stories and their snaps: S4 list, S5 snaps of a story, S6 post to the public story."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from starlette.routing import Route

from emulators.profiles import render
from emulators.profiles.context import Ctx, Host, api_route
from emulators.profiles.envelope import invalid, not_found
from emulators.profiles.inputs import json_object, query_time
from emulators.profiles.posting import post_story, usable_media

CUSTOMIZED_TTLS = ("ONE_DAY", "TWO_DAYS", "THREE_DAYS", "ONE_WEEK")


async def list_stories(ctx: Ctx) -> dict[str, Any]:
    """S4: newest first; paging with ``next_link`` only."""
    profile = ctx.profile()
    stories = ctx.store.shelves[profile.id].stories
    return ctx.listing("stories", "story", stories, partial(render.story, ctx), page=ctx.page())


async def list_snaps(ctx: Ctx) -> dict[str, Any]:
    """S5: snaps oldest first; ``created_at``/``ended_at`` are validated but do not filter."""
    profile = ctx.profile()
    story = ctx.store.stories.get(ctx.param("story_id"))
    if story is None or story.profile_id != profile.id:
        raise not_found(f"Story {ctx.param('story_id')} was not found")
    created, ended = query_time(ctx.request, "created_at"), query_time(ctx.request, "ended_at")
    if created is not None and ended is not None and ended - created > timedelta(hours=24):
        raise invalid("ended_at must be within 24 hours of created_at")
    page = ctx.page()
    return ctx.listing("snaps", "snap", story.snaps, partial(render.snap, ctx), page=page)


async def post(ctx: Ctx) -> dict[str, Any]:
    """S6: envelope only; the snap joins the live story or starts a new one."""
    profile = ctx.profile(write=True)
    body = await json_object(ctx.request)
    ttl = body.get("customized_ttl")
    if ttl is not None and ttl not in CUSTOMIZED_TTLS:
        raise invalid(f"customized_ttl must be one of {', '.join(CUSTOMIZED_TTLS)}")
    media = usable_media(ctx, profile, body.get("media_id"), purpose="story")
    post_story(ctx, profile, media)
    return ctx.ok()


def routes(host: Host) -> list[Route]:
    prefix = "/v1/public_profiles/{profile_id}/stories"
    return [
        api_route(prefix, list_stories, host=host, methods=["GET"]),
        api_route(prefix, post, host=host, methods=["POST"]),
        api_route(prefix + "/{story_id}/snaps", list_snaps, host=host, methods=["GET"]),
    ]

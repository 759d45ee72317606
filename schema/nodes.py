"""``node(id:)`` and ``nodes(ids:)``: refetch any entity from its global id, through the loaders."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import Annotated

import strawberry

from gateway.upstreams.profiles_assets import ResourceRef
from schema.albums.sharing import FeedOwner, Paywall, SharedAlbum
from schema.albums.types import Album, AlbumContent, AlbumProfile
from schema.context import Info
from schema.errors import BadUserInput
from schema.lenses.types import Lens
from schema.profiles.types import PublicProfile
from schema.relay import Node, parse_global_id
from schema.sharing.types import AdAccount, Organization, SharingPolicy
from schema.spotlights.types import Spotlight
from schema.stories.types import SavedStory, SavedStorySnap, Snap, Story

#: Most ids one `nodes` call accepts.
MAX_NODE_IDS = 100


def _int(value: str) -> int:
    if not value.isdigit():
        raise BadUserInput("The id does not name a valid object.")
    return int(value)


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise BadUserInput("The id does not name a valid object.") from None


async def _album(info: Info, parts: list[str]) -> Node | None:
    return Album.from_upstream(await info.context.loaders.album.load(_int(parts[0])))


async def _album_content(info: Info, parts: list[str]) -> Node | None:
    album_id, content_id = _int(parts[0]), _int(parts[1])
    album = await info.context.loaders.album.load(album_id)
    for item in album.content:
        if item.content_id == content_id:
            return AlbumContent.from_upstream(item)
    return None


async def _album_profile(info: Info, parts: list[str]) -> Node | None:
    profile = await info.context.loaders.album_profile.load(_int(parts[0]))
    return AlbumProfile.from_upstream(profile) if profile else None


async def _public_profile(info: Info, parts: list[str]) -> Node | None:
    return PublicProfile.from_upstream(
        await info.context.loaders.public_profile.load(_uuid(parts[0]))
    )


async def _spotlight(info: Info, parts: list[str]) -> Node | None:
    key = (_uuid(parts[0]), parts[1])
    return Spotlight.from_upstream(await info.context.loaders.spotlight.load(key))


async def _shared_album(info: Info, parts: list[str]) -> Node | None:
    album_id = _int(parts[0])
    for item in (await info.context.albums.feed()).shared_albums:
        if item.album_id == album_id:
            return SharedAlbum.from_upstream(item)
    return None


async def _feed_owner(info: Info, parts: list[str]) -> Node | None:
    profile_id = _int(parts[0])
    for item in (await info.context.albums.feed()).profile_feeds:
        if item.profile_id == profile_id:
            return FeedOwner.from_upstream(item)
    return None


async def _paywall(info: Info, parts: list[str]) -> Node | None:
    album_id = _int(parts[0])
    for item in await info.context.albums.paywall():
        if item.album_id == album_id:
            return Paywall.from_upstream(item)
    return None


async def _story(info: Info, parts: list[str]) -> Node | None:
    key = (_uuid(parts[0]), _uuid(parts[1]))
    return Story.from_upstream(await info.context.loaders.story.load(key))


async def _saved_story(info: Info, parts: list[str]) -> Node | None:
    key = (_uuid(parts[0]), _uuid(parts[1]))
    return SavedStory.from_upstream(await info.context.loaders.saved_story.load(key))


async def _snap(info: Info, parts: list[str]) -> Node | None:
    profile_id, story_id = _uuid(parts[0]), _uuid(parts[1])
    snap = await info.context.loaders.snap.load((profile_id, story_id, parts[2]))
    return Snap.from_upstream(snap, profile_id=profile_id, story_id=story_id)


async def _saved_story_snap(info: Info, parts: list[str]) -> Node | None:
    profile_id, saved_id = _uuid(parts[0]), _uuid(parts[1])
    snap = await info.context.loaders.saved_story_snap.load((profile_id, saved_id, parts[2]))
    return SavedStorySnap.from_upstream(snap, profile_id=profile_id, saved_story_id=saved_id)


async def _lens(info: Info, parts: list[str]) -> Node | None:
    key = (_uuid(parts[0]), _uuid(parts[1]))
    return Lens.from_upstream(await info.context.loaders.lens.load(key))


async def _organization(info: Info, parts: list[str]) -> Node | None:
    return Organization.of(_uuid(parts[0]))


async def _ad_account(info: Info, parts: list[str]) -> Node | None:
    return AdAccount.of(_uuid(parts[0]))


async def _sharing_policy(info: Info, parts: list[str]) -> Node | None:
    target_type, target_id, policy_id = parts[0], _uuid(parts[1]), _uuid(parts[2])
    if target_type not in ("adaccounts", "organizations"):
        raise BadUserInput("The id does not name a valid object.")
    seen = info.context.loaders.sharing_policy_seen(policy_id)
    if seen is None:
        target = ResourceRef(target_id, target_type)
        policies = await info.context.profiles.sharing_policies(target)
        info.context.loaders.prime_sharing_policies(policies)
        seen = info.context.loaders.sharing_policy_seen(policy_id)
    return SharingPolicy.from_upstream(seen) if seen else None


#: Type name -> (number of key parts, resolver).
RESOLVERS: Mapping[str, tuple[int, Callable[[Info, list[str]], Awaitable[Node | None]]]] = (
    MappingProxyType(
        {
            "Album": (1, _album),
            "AlbumContent": (2, _album_content),
            "AlbumProfile": (1, _album_profile),
            "PublicProfile": (1, _public_profile),
            "Spotlight": (2, _spotlight),
            "SharedAlbum": (1, _shared_album),
            "FeedOwner": (1, _feed_owner),
            "Paywall": (1, _paywall),
            "Story": (2, _story),
            "SavedStory": (2, _saved_story),
            "Snap": (3, _snap),
            "SavedStorySnap": (3, _saved_story_snap),
            "Lens": (2, _lens),
            "Organization": (1, _organization),
            "AdAccount": (1, _ad_account),
            "SharingPolicy": (3, _sharing_policy),
        }
    )
)


async def resolve_node(info: Info, value: str) -> Node | None:
    type_name, parts = parse_global_id(value)
    entry = RESOLVERS.get(type_name)
    if entry is None or entry[0] != len(parts):
        raise BadUserInput(f"{value!r} is not a valid id")
    # Root fields run concurrently: let the rest of the operation fetch first, so objects
    # it already has are reused instead of fetched again.
    await info.context.tracker.quiesce()
    return await entry[1](info, parts)


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global id (null when it no longer exists).")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> Node | None:
        return await resolve_node(info, str(id))

    @strawberry.field(
        description=f"Several objects by global id, in order (at most {MAX_NODE_IDS}); "
        "each entry fails or succeeds on its own."
    )
    def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids.")],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODE_IDS:
            raise BadUserInput(f"`nodes` takes at most {MAX_NODE_IDS} ids per call.")
        # Each item is awaited by the executor, so one bad id fails only its own entry.
        return [asyncio.ensure_future(resolve_node(info, str(i))) for i in ids]  # type: ignore[misc]

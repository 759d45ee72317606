"""GraphQL types of public stories, saved stories and their snaps."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.upstreams import profiles_stories as up
from schema.connections import PageArgs, paged_connection
from schema.context import Info
from schema.interfaces import MediaItem, media_kind
from schema.relay import After, Before, Connection, First, Last, Node, global_id

if TYPE_CHECKING:
    from schema.profiles.types import PublicProfile

PublicProfileRef = Annotated["PublicProfile", strawberry.lazy("schema.profiles.types")]


async def owner_profile(info: Info, profile_id: str) -> PublicProfileRef | None:
    from schema.profiles.types import PublicProfile

    return PublicProfile.from_upstream(await info.context.loaders.public_profile.load(profile_id))


@strawberry.type(description="A snap of a public story.")
class Snap(Node, MediaItem):
    snap_id: strawberry.ID = strawberry.field(
        description="The upstream snap id (an opaque string, not a UUID)."
    )
    media_type: str | None = strawberry.field(
        description="MEDIA_TYPE_VIDEO or MEDIA_TYPE_IMAGE, as the upstream names it."
    )
    created_at: datetime | None = strawberry.field(description="When it was posted.")
    caption: str | None = strawberry.field(
        description="All captions, comma-separated, including hashtags and mentions."
    )
    ml_tags: list[str] | None = strawberry.field(
        description="Machine-learning tags (only for allowlisted tokens)."
    )
    profile_id: strawberry.Private[str]
    story_id: strawberry.Private[str]

    @classmethod
    def from_upstream(cls, value: up.Snap, *, profile_id: str, story_id: str) -> Snap:
        return cls(
            id=global_id("Snap", profile_id, story_id, value.id),
            snap_id=strawberry.ID(value.id),
            created_at=value.created_at,
            caption=value.caption,
            ml_tags=list(value.ml_tags) if value.ml_tags is not None else None,
            profile_id=profile_id,
            story_id=story_id,
            media_url=value.media.media_url,
            thumbnail_url=value.media.thumbnail_url,
            media_kind=media_kind(value.media.media_type),
            media_type=value.media.media_type,
        )

    @strawberry.field(description="The story this snap belongs to.")
    async def story(self, info: Info) -> Story | None:
        found = await info.context.loaders.story.load((self.profile_id, self.story_id))
        return Story.from_upstream(found)


@strawberry.type(description="A public story: the snaps a profile posted in one 24-hour run.")
class Story(Node):
    story_id: strawberry.ID = strawberry.field(description="The upstream story UUID.")
    thumbnail_url: str | None = strawberry.field(description="Unencrypted thumbnail.")
    created_at: datetime | None = strawberry.field(description="When the story started.")
    ended_at: datetime | None = strawberry.field(
        description="When it ends: the last snap's time + 24 h (may be in the future)."
    )
    type: str | None = strawberry.field(description="PUBLIC_STORY.")
    profile_id: strawberry.Private[str]

    @classmethod
    def from_upstream(cls, value: up.Story) -> Story:
        return cls(
            id=global_id("Story", value.profile_id, value.id),
            story_id=strawberry.ID(value.id),
            thumbnail_url=value.thumbnail_url,
            created_at=value.created_at,
            ended_at=value.ended_at,
            type=value.type,
            profile_id=value.profile_id,
        )

    @strawberry.field(description="The profile that posted it.")
    async def profile(self, info: Info) -> PublicProfileRef | None:
        return await owner_profile(info, self.profile_id)

    @strawberry.field(description="The story's snaps, oldest first.")
    async def snaps(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Snap] | None:
        profile_id, story_id = self.profile_id, str(self.story_id)
        client, loaders = info.context.profiles, info.context.loaders
        return await paged_connection(
            info,
            lambda cursor, limit: client.story_snaps(
                profile_id, story_id, limit=limit, cursor=cursor
            ),
            prime=partial(loaders.prime_snaps, profile_id, story_id),
            convert=lambda snap: Snap.from_upstream(snap, profile_id=profile_id, story_id=story_id),
            args=PageArgs(first, after, last, before),
        )


@strawberry.type(description="A snap of a saved story, in the order of its sources.")
class SavedStorySnap(Node, MediaItem):
    snap_id: strawberry.ID = strawberry.field(description="The upstream snap id.")
    media_type: str | None = strawberry.field(description="MEDIA_TYPE_VIDEO or MEDIA_TYPE_IMAGE.")
    created_at: datetime | None = strawberry.field(description="When it was created.")
    title: str | None = strawberry.field(description="Title of the snap.")
    caption: str | None = strawberry.field(
        description="Text concatenated from the original overlay text; match it by substring."
    )
    profile_id: strawberry.Private[str]
    saved_story_id: strawberry.Private[str]

    @classmethod
    def from_upstream(
        cls, value: up.Snap, *, profile_id: str, saved_story_id: str
    ) -> SavedStorySnap:
        return cls(
            id=global_id("SavedStorySnap", profile_id, saved_story_id, value.id),
            snap_id=strawberry.ID(value.id),
            created_at=value.created_at,
            title=value.title,
            caption=value.caption,
            profile_id=profile_id,
            saved_story_id=saved_story_id,
            media_url=value.media.media_url,
            thumbnail_url=value.media.thumbnail_url,
            media_kind=media_kind(value.media.media_type),
            media_type=value.media.media_type,
        )

    @strawberry.field(description="The saved story this snap belongs to.")
    async def saved_story(self, info: Info) -> SavedStory | None:
        key = (self.profile_id, self.saved_story_id)
        return SavedStory.from_upstream(await info.context.loaders.saved_story.load(key))


@strawberry.type(description="A saved story: snaps kept on the profile, visible or hidden.")
class SavedStory(Node):
    saved_story_id: strawberry.ID = strawberry.field(description="The upstream saved story UUID.")
    title: str | None = strawberry.field(description="Title (up to 45 characters).")
    thumbnail_url: str | None = strawberry.field(description="Thumbnail of the first snap.")
    created_at: datetime | None = strawberry.field(description="When it was created.")
    updated_at: datetime | None = strawberry.field(description="When it last changed.")
    type: str | None = strawberry.field(description="SAVED_STORY.")
    profile_id: strawberry.Private[str]

    @classmethod
    def from_upstream(cls, value: up.SavedStory) -> SavedStory:
        return cls(
            id=global_id("SavedStory", value.profile_id, value.id),
            saved_story_id=strawberry.ID(value.id),
            title=value.title,
            thumbnail_url=value.thumbnail_url,
            created_at=value.created_at,
            updated_at=value.updated_at,
            type=value.type,
            profile_id=value.profile_id,
        )

    @strawberry.field(description="The profile that saved it.")
    async def profile(self, info: Info) -> PublicProfileRef | None:
        return await owner_profile(info, self.profile_id)

    @strawberry.field(description="Its snaps, in source order.")
    async def snaps(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SavedStorySnap] | None:
        profile_id, saved_id = self.profile_id, str(self.saved_story_id)
        client, loaders = info.context.profiles, info.context.loaders
        return await paged_connection(
            info,
            lambda cursor, limit: client.saved_story_snaps(
                profile_id, saved_id, limit=limit, cursor=cursor
            ),
            prime=partial(loaders.prime_saved_story_snaps, profile_id, saved_id),
            convert=lambda snap: SavedStorySnap.from_upstream(
                snap, profile_id=profile_id, saved_story_id=saved_id
            ),
            args=PageArgs(first, after, last, before),
        )

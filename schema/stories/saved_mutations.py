"""Saved story mutations: ``createSavedStory`` from spotlights, snaps and media (S9), in order."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry

from gateway.media import flows
from gateway.upstreams import profiles_stories as up
from gateway.upstreams.inputs import check_length
from gateway.upstreams.profiles_upload import MAX_TITLE, SnapSource
from schema.context import Info
from schema.failures import invalid, outcome
from schema.inputs import opaque_id, uuid_id
from schema.profiles.mutations import PROFILE_ID_DESCRIPTION, profile_id_of
from schema.results import (
    Forbidden,
    InvalidInput,
    MediaStillProcessing,
    NotFound,
    Unauthenticated,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.stories.types import SavedStory
from schema.writing import INPUT, KEY_DESCRIPTION, Written, ready, write_once, writes_of


@strawberry.input(
    one_of=True,
    description="One snap of a saved story: exactly one of a spotlight, a public story's snap "
    "or an uploaded media, all of the same profile.",
)
class SnapSourceInput:
    spotlight_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A spotlight (global id or spotlight id)."
    )
    snap_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A snap of a public story (global id or snap id)."
    )
    media_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A media from `uploadMedia`."
    )


@strawberry.input(description="A new saved story.")
class CreateSavedStoryInput:
    snap_sources: list[SnapSourceInput] = strawberry.field(
        description="Its snaps, in order (at most 5 minutes in all)."
    )
    title: str | None = strawberry.field(default=None, description="At most 45 characters.")
    profile_id: strawberry.ID | None = strawberry.field(
        default=None, description=PROFILE_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.type(description="The saved story was created.")
class SavedStoryCreated:
    saved_story: SavedStory = strawberry.field(description="The new saved story.")


CreateSavedStoryResult = Annotated[
    SavedStoryCreated
    | InvalidInput
    | MediaStillProcessing
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("CreateSavedStoryResult", description="The result of `createSavedStory`."),
]


def _source(index: int, source: SnapSourceInput) -> SnapSource:
    path = ["input", "snapSources", str(index)]
    if source.spotlight_id:
        value = opaque_id(source.spotlight_id, [*path, "spotlightId"], type_names=("Spotlight",))
        return SnapSource("spotlight_id", value)
    if source.snap_id:
        value = opaque_id(source.snap_id, [*path, "snapId"], type_names=("Snap",))
        return SnapSource("snap_id", value)
    if source.media_id:
        return SnapSource(
            "media_id", uuid_id(source.media_id, [*path, "mediaId"], type_names=("Media",))
        )
    raise invalid(path, "Give exactly one of spotlightId, snapId or mediaId.")


def saved_story_creator(
    info: Info, profile: str, sources: list[SnapSource], title: str | None
) -> Callable[[], Awaitable[Written[up.SavedStory]]]:
    """A background body: S9 (retrying while a media source processes), then read it."""
    writes = writes_of(info)
    media = next((s.id for s in sources if s.kind == "media_id"), "")

    async def create() -> Written[up.SavedStory]:
        saved_id = await flows.post_media(
            lambda: writes.profiles_writer().create_saved_story(profile, sources, title=title),
            media_id=media,
            settings=writes.settings.upload,
            jobs=writes.jobs,
        )
        saved = await flows.created_saved_story(writes.profiles_client(), profile, saved_id)
        return Written({"savedStoryId": saved.id}, saved)

    return create


async def saved_story_replay(info: Info, profile: str, done: Any) -> up.SavedStory:
    reader = writes_of(info).profiles_client()
    return await flows.created_saved_story(reader, profile, str(done["savedStoryId"]))


def saved_story_payload(info: Info, saved: up.SavedStory) -> SavedStoryCreated:
    info.context.loaders.prime_saved_stories([saved])
    return SavedStoryCreated(saved_story=SavedStory.from_upstream(saved))


async def _create_saved(info: Info, input: CreateSavedStoryInput) -> SavedStoryCreated:
    if not input.snap_sources:
        raise invalid(["input", "snapSources"], "Give at least one snap source.")
    sources = [_source(i, s) for i, s in enumerate(input.snap_sources)]
    check_length("title", input.title, max_chars=MAX_TITLE)
    profile = await profile_id_of(info, input.profile_id, ["input", "profileId"])
    saved = await write_once(
        info,
        operation="createSavedStory",
        key=input.idempotency_key,
        fingerprint=lambda: ready(
            {"profileId": profile, "title": input.title, "sources": [s.as_json() for s in sources]}
        ),
        write=saved_story_creator(info, profile, sources, input.title),
        replay=lambda done: saved_story_replay(info, profile, done),
    )
    return saved_story_payload(info, saved)


@strawberry.type
class SavedStoryMutations:
    @strawberry.mutation(
        description="Create a saved story from spotlights, public-story snaps and uploaded "
        "media, in the order given (S9)."
    )
    async def create_saved_story(
        self, info: Info, input: Annotated[CreateSavedStoryInput, INPUT]
    ) -> CreateSavedStoryResult:
        result: CreateSavedStoryResult = await outcome(
            _create_saved(info, input), CreateSavedStoryResult, {"snap_sources": "snapSources"}
        )
        return result

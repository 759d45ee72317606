"""Story mutations: post media to the public story (S6), and upload and post in one step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload as UploadScalar

from gateway.media import flows
from gateway.upstreams import profiles_stories as up
from schema.context import Info
from schema.failures import outcome
from schema.inputs import uuid_id
from schema.profiles.mutations import (
    PROFILE_ID_DESCRIPTION,
    check_media,
    media_name,
    profile_id_of,
)
from schema.results import (
    Forbidden,
    InvalidInput,
    MediaRejected,
    MediaStillProcessing,
    NotFound,
    Unauthenticated,
    UploadFailed,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.stories.types import Story
from schema.uploads.progress import UPLOAD_ID_DESCRIPTION, upload_file, uploading
from schema.uploads.types import UploadProgress
from schema.writing import (
    INPUT,
    KEY_DESCRIPTION,
    Written,
    file_digest,
    ready,
    write_once,
    writes_of,
)


@strawberry.input(description="Uploaded media to post to the public story.")
class PostStoryInput:
    media_id: strawberry.ID = strawberry.field(description="A media from `uploadMedia`.")
    profile_id: strawberry.ID | None = strawberry.field(
        default=None, description=PROFILE_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.input(description="A file to upload and post to the public story at once.")
class PublishStoryInput:
    file: UploadScalar = strawberry.field(
        description="An MP4 video (5-60 s, at least 540x960) or a JPEG/PNG image."
    )
    profile_id: strawberry.ID | None = strawberry.field(
        default=None, description=PROFILE_ID_DESCRIPTION
    )
    name: str | None = strawberry.field(default=None, description="The media's name.")
    upload_id: strawberry.ID | None = strawberry.field(
        default=None, description=UPLOAD_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.type(description="The media is a snap of the profile's public story.")
class StoryPosted:
    story: Story = strawberry.field(description="The story it was added to (the live one).")
    media_id: strawberry.ID = strawberry.field(description="The media posted.")
    upload: UploadProgress | None = strawberry.field(
        description="The upload's progress, when this mutation uploaded the file."
    )


PostStoryResult = Annotated[
    StoryPosted
    | InvalidInput
    | MediaStillProcessing
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("PostStoryResult", description="The result of `postStory`."),
]
PublishStoryResult = Annotated[
    StoryPosted
    | InvalidInput
    | MediaRejected
    | UploadFailed
    | MediaStillProcessing
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("PublishStoryResult", description="The result of `publishStory`."),
]


def story_poster(
    info: Info, profile: str, media_id: str
) -> Callable[[], Awaitable[Written[up.Story]]]:
    """A background body: post ``media_id`` to the story (retrying while it processes), then
    read the story it went to."""
    writes = writes_of(info)

    async def post() -> Written[up.Story]:
        story_id = await flows.post_media(
            lambda: writes.profiles_writer().post_story(profile, media_id),
            media_id=media_id,
            settings=writes.settings.upload,
            jobs=writes.jobs,
        )
        story = await flows.posted_story(writes.profiles_client(), profile, story_id)
        return Written({"storyId": story.id, "mediaId": media_id}, story)

    return post


async def story_replay(info: Info, profile: str, done: Any) -> up.Story:
    return await flows.posted_story(writes_of(info).profiles_client(), profile, done["storyId"])


def story_payload(
    info: Info, story: up.Story, media_id: str, upload: UploadProgress | None
) -> StoryPosted:
    info.context.loaders.prime_stories([story])
    return StoryPosted(
        story=Story.from_upstream(story), media_id=strawberry.ID(media_id), upload=upload
    )


async def _post(info: Info, input: PostStoryInput) -> StoryPosted:
    profile = await profile_id_of(info, input.profile_id, ["input", "profileId"])
    media_id = uuid_id(input.media_id, ["input", "mediaId"], type_names=("Media",))
    story = await write_once(
        info,
        operation="postStory",
        key=input.idempotency_key,
        fingerprint=lambda: ready({"profileId": profile, "mediaId": media_id}),
        write=story_poster(info, profile, media_id),
        replay=lambda done: story_replay(info, profile, done),
    )
    return story_payload(info, story, media_id, None)


async def _publish(info: Info, input: PublishStoryInput) -> StoryPosted:
    writes = writes_of(info)
    file, filename = upload_file(input.file)
    with uploading(writes, input.upload_id, "media") as upload:
        check = await check_media(file, "story")
        profile = await profile_id_of(info, input.profile_id, ["input", "profileId"])
        name = media_name(input.name, filename)

        async def write() -> Written[tuple[up.Story, str]]:
            media_id = await flows.upload_media(
                writes.jobs,
                writes.uploader(),
                profile_id=profile,
                file=file,
                name=name,
                check=check,
                upload=upload,
                finish=False,
            )
            posted = await story_poster(info, profile, media_id)()
            upload.tracker.finish()
            return Written(posted.outcome, (posted.value, media_id))

        async def replay(done: Any) -> tuple[up.Story, str]:
            return await story_replay(info, profile, done), str(done["mediaId"])

        async def fingerprint() -> dict[str, Any]:
            return {"profileId": profile, "name": name, "file": await file_digest(file)}

        story, media_id = await write_once(
            info,
            operation="publishStory",
            key=input.idempotency_key,
            fingerprint=fingerprint,
            write=write,
            replay=replay,
        )
    return story_payload(info, story, media_id, UploadProgress.of(upload.state()))


@strawberry.type
class StoryMutations:
    @strawberry.mutation(
        description="Post uploaded media as a snap of the public story (S6): added to the live "
        "story, or a new one. Media still processing is posted again with backoff (up to two "
        "minutes) before MediaStillProcessing."
    )
    async def post_story(
        self, info: Info, input: Annotated[PostStoryInput, INPUT]
    ) -> PostStoryResult:
        result: PostStoryResult = await outcome(_post(info, input), PostStoryResult)
        return result

    @strawberry.mutation(
        description="Upload a file and post it to the public story in one step: "
        "`uploadMedia` then `postStory`, in the background (follow it with `uploadProgress`)."
    )
    async def publish_story(
        self, info: Info, input: Annotated[PublishStoryInput, INPUT]
    ) -> PublishStoryResult:
        result: PublishStoryResult = await outcome(_publish(info, input), PublishStoryResult)
        return result

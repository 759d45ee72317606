"""Spotlight mutations: post uploaded media as a Spotlight (S12), or upload and post at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload as UploadScalar

from gateway.media import flows
from gateway.upstreams import profiles_types as up
from gateway.upstreams.inputs import InvalidInput as InvalidInputError
from gateway.upstreams.inputs import check_length
from gateway.upstreams.profiles_upload import LOCALE, MAX_DESCRIPTION
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
from schema.spotlights.types import Spotlight
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

LOCALE_DESCRIPTION = "The spotlight's locale, e.g. `en_US` (required by the upstream)."
DESCRIPTION_DESCRIPTION = (
    "At most 160 characters; becomes the title, and its #hashtags the hashtags."
)
SKIP_DESCRIPTION = "Keep it off the public profile (no hidden saved-story copy is made)."


@dataclass(frozen=True, slots=True)
class SpotlightOptions:
    """What S12 takes besides the media, checked before anything is sent."""

    locale: str
    description: str | None
    skip_save_to_profile: bool

    def check(self) -> None:
        if not LOCALE.fullmatch(self.locale):
            raise InvalidInputError("locale", "must look like en_US")
        check_length("description", self.description, max_chars=MAX_DESCRIPTION)


@strawberry.input(description="Uploaded media to post as a Spotlight.")
class PostSpotlightInput:
    media_id: strawberry.ID = strawberry.field(description="A video media from `uploadMedia`.")
    locale: str = strawberry.field(description=LOCALE_DESCRIPTION)
    description: str | None = strawberry.field(default=None, description=DESCRIPTION_DESCRIPTION)
    skip_save_to_profile: bool = strawberry.field(default=False, description=SKIP_DESCRIPTION)
    profile_id: strawberry.ID | None = strawberry.field(
        default=None, description=PROFILE_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.input(description="A video to upload and post as a Spotlight at once.")
class PublishSpotlightInput:
    file: UploadScalar = strawberry.field(description="An MP4 video of 5-60 s, at least 540x960.")
    locale: str = strawberry.field(description=LOCALE_DESCRIPTION)
    description: str | None = strawberry.field(default=None, description=DESCRIPTION_DESCRIPTION)
    skip_save_to_profile: bool = strawberry.field(default=False, description=SKIP_DESCRIPTION)
    profile_id: strawberry.ID | None = strawberry.field(
        default=None, description=PROFILE_ID_DESCRIPTION
    )
    name: str | None = strawberry.field(default=None, description="The media's name.")
    upload_id: strawberry.ID | None = strawberry.field(
        default=None, description=UPLOAD_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.type(description="The media is posted as a Spotlight (SUBMITTED, then reviewed).")
class SpotlightPosted:
    spotlight: Spotlight = strawberry.field(description="The new spotlight.")
    media_id: strawberry.ID = strawberry.field(description="The media posted.")
    upload: UploadProgress | None = strawberry.field(
        description="The upload's progress, when this mutation uploaded the file."
    )


PostSpotlightResult = Annotated[
    SpotlightPosted
    | InvalidInput
    | MediaStillProcessing
    | NotFound
    | Forbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("PostSpotlightResult", description="The result of `postSpotlight`."),
]
PublishSpotlightResult = Annotated[
    SpotlightPosted
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
    strawberry.union("PublishSpotlightResult", description="The result of `publishSpotlight`."),
]


def spotlight_poster(
    info: Info, profile: str, media_id: str, options: SpotlightOptions
) -> Callable[[], Awaitable[Written[up.Spotlight]]]:
    """A background body: S12 (retrying while the media processes), then S11."""
    writes = writes_of(info)

    async def post() -> Written[up.Spotlight]:
        spotlight_id = await flows.post_media(
            lambda: writes.profiles_writer().post_spotlight(
                profile,
                media_id,
                locale=options.locale,
                description=options.description,
                skip_save_to_profile=options.skip_save_to_profile,
            ),
            media_id=media_id,
            settings=writes.settings.upload,
            jobs=writes.jobs,
        )
        spotlight = await writes.profiles_client().spotlight(profile, spotlight_id)
        return Written({"spotlightId": spotlight_id, "mediaId": media_id}, spotlight)

    return post


async def spotlight_replay(info: Info, profile: str, done: Any) -> up.Spotlight:
    return await writes_of(info).profiles_client().spotlight(profile, str(done["spotlightId"]))


def spotlight_payload(
    info: Info, spotlight: up.Spotlight, media_id: str, upload: UploadProgress | None
) -> SpotlightPosted:
    info.context.loaders.prime_spotlights([spotlight])
    return SpotlightPosted(
        spotlight=Spotlight.from_upstream(spotlight),
        media_id=strawberry.ID(media_id),
        upload=upload,
    )


async def _post(info: Info, input: PostSpotlightInput) -> SpotlightPosted:
    options = SpotlightOptions(input.locale, input.description, input.skip_save_to_profile)
    options.check()
    media_id = uuid_id(input.media_id, ["input", "mediaId"], type_names=("Media",))
    profile = await profile_id_of(info, input.profile_id, ["input", "profileId"])
    spotlight = await write_once(
        info,
        operation="postSpotlight",
        key=input.idempotency_key,
        fingerprint=lambda: ready({"profileId": profile, "mediaId": media_id, **vars_of(options)}),
        write=spotlight_poster(info, profile, media_id, options),
        replay=lambda done: spotlight_replay(info, profile, done),
    )
    return spotlight_payload(info, spotlight, media_id, None)


def vars_of(options: SpotlightOptions) -> dict[str, Any]:
    return {
        "locale": options.locale,
        "description": options.description,
        "skip": options.skip_save_to_profile,
    }


async def _publish(info: Info, input: PublishSpotlightInput) -> SpotlightPosted:
    writes = writes_of(info)
    options = SpotlightOptions(input.locale, input.description, input.skip_save_to_profile)
    file, filename = upload_file(input.file)
    with uploading(writes, input.upload_id, "media") as upload:
        options.check()
        check = await check_media(file, "spotlight")
        profile = await profile_id_of(info, input.profile_id, ["input", "profileId"])
        name = media_name(input.name, filename)

        async def write() -> Written[tuple[up.Spotlight, str]]:
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
            posted = await spotlight_poster(info, profile, media_id, options)()
            upload.tracker.finish()
            return Written(posted.outcome, (posted.value, media_id))

        async def replay(done: Any) -> tuple[up.Spotlight, str]:
            return await spotlight_replay(info, profile, done), str(done["mediaId"])

        async def fingerprint() -> dict[str, Any]:
            digest = await file_digest(file)
            return {"profileId": profile, "name": name, "file": digest, **vars_of(options)}

        spotlight, media_id = await write_once(
            info,
            operation="publishSpotlight",
            key=input.idempotency_key,
            fingerprint=fingerprint,
            write=write,
            replay=replay,
        )
    return spotlight_payload(info, spotlight, media_id, UploadProgress.of(upload.state()))


@strawberry.type
class SpotlightMutations:
    @strawberry.mutation(
        description="Post uploaded video media as a Spotlight (S12): `locale` is required, "
        "`description` at most 160 characters (both checked first). Media still processing "
        "is posted again with backoff before MediaStillProcessing."
    )
    async def post_spotlight(
        self, info: Info, input: Annotated[PostSpotlightInput, INPUT]
    ) -> PostSpotlightResult:
        result: PostSpotlightResult = await outcome(_post(info, input), PostSpotlightResult)
        return result

    @strawberry.mutation(
        description="Upload a video and post it as a Spotlight in one step: `uploadMedia` then "
        "`postSpotlight`, in the background (follow it with `uploadProgress`)."
    )
    async def publish_spotlight(
        self, info: Info, input: Annotated[PublishSpotlightInput, INPUT]
    ) -> PublishSpotlightResult:
        result: PublishSpotlightResult = await outcome(
            _publish(info, input), PublishSpotlightResult
        )
        return result

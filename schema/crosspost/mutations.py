"""``crossPostAlbumContent``: an item of one of the caller's albums becomes encrypted Snap media,
posted as a story snap, a spotlight or a saved story (the contract's cross-API flow).

Only the caller's own albums: content shared *with* the caller is private and is refused before
any Public Profile call. G4/G5 are never called (a cross-post is not a view).
"""

from __future__ import annotations

import asyncio
from typing import IO, Annotated, Any

import strawberry

from gateway.media import flows
from gateway.media.crypto import MAX_CIPHERTEXT_BYTES
from gateway.media.preflight import Purpose, check_snap_media
from gateway.media.uploads import OwnedUpload
from gateway.upstreams import albums_types as albums_up
from gateway.upstreams.albums_download import download_to
from gateway.upstreams.inputs import InvalidInput as InvalidInputError
from gateway.upstreams.inputs import check_length
from gateway.upstreams.profiles_upload import MAX_TITLE, SnapSource
from schema.context import Info
from schema.failures import Refused, invalid, outcome
from schema.inputs import album_id, content_id
from schema.profiles.mutations import profile_id_of
from schema.results import (
    AlbumContentUnavailable,
    Forbidden,
    InvalidInput,
    MediaRejected,
    MediaStillProcessing,
    NotFound,
    NotFoundOrForbidden,
    Unauthenticated,
    UploadFailed,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.spotlights import mutations as spotlights
from schema.spotlights.mutations import SpotlightOptions, SpotlightPosted
from schema.stories import mutations as stories
from schema.stories import saved_mutations as saved
from schema.stories.mutations import StoryPosted
from schema.stories.saved_mutations import SavedStoryCreated
from schema.uploads.progress import UPLOAD_ID_DESCRIPTION, uploading
from schema.uploads.types import UploadProgress
from schema.writing import INPUT, KEY_DESCRIPTION, Written, ready, write_once, writes_of

PROFILE = "The public profile (global `id` or UUID); your token's first profile when omitted."


@strawberry.input(description="Post as a snap of the public story.")
class StoryTarget:
    profile_id: strawberry.ID | None = strawberry.field(default=None, description=PROFILE)


@strawberry.input(description="Post as a Spotlight (videos only).")
class SpotlightTarget:
    locale: str = strawberry.field(description=spotlights.LOCALE_DESCRIPTION)
    description: str | None = strawberry.field(
        default=None, description=spotlights.DESCRIPTION_DESCRIPTION
    )
    skip_save_to_profile: bool = strawberry.field(
        default=False, description=spotlights.SKIP_DESCRIPTION
    )
    profile_id: strawberry.ID | None = strawberry.field(default=None, description=PROFILE)


@strawberry.input(description="Post as a new saved story of one snap.")
class SavedStoryTarget:
    title: str | None = strawberry.field(default=None, description="At most 45 characters.")
    profile_id: strawberry.ID | None = strawberry.field(default=None, description=PROFILE)


@strawberry.input(one_of=True, description="Where the item goes: exactly one.")
class CrossPostTarget:
    story: StoryTarget | None = strawberry.field(
        default=strawberry.UNSET, description="The public story."
    )
    spotlight: SpotlightTarget | None = strawberry.field(
        default=strawberry.UNSET, description="A Spotlight."
    )
    saved_story: SavedStoryTarget | None = strawberry.field(
        default=strawberry.UNSET, description="A new saved story."
    )


@strawberry.input(description="An item of one of your albums to post on your public profile.")
class CrossPostAlbumContentInput:
    album_id: strawberry.ID = strawberry.field(
        description="One of your albums: its global `id` or `albumId`."
    )
    content_id: strawberry.ID = strawberry.field(
        description="The item: its global `id` or `contentId`."
    )
    to: CrossPostTarget = strawberry.field(description="Where to post it.")
    upload_id: strawberry.ID | None = strawberry.field(
        default=None, description=UPLOAD_ID_DESCRIPTION
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


CrossPostAlbumContentResult = Annotated[
    StoryPosted
    | SpotlightPosted
    | SavedStoryCreated
    | InvalidInput
    | Forbidden
    | NotFoundOrForbidden
    | AlbumContentUnavailable
    | MediaRejected
    | UploadFailed
    | MediaStillProcessing
    | NotFound
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union(
        "CrossPostAlbumContentResult", description="The result of `crossPostAlbumContent`."
    ),
]


def _target(to: CrossPostTarget) -> tuple[Purpose, Any]:
    try:
        if to.story:
            return "story", to.story
        if to.spotlight:
            options = SpotlightOptions(
                to.spotlight.locale, to.spotlight.description, to.spotlight.skip_save_to_profile
            )
            options.check()
            return "spotlight", to.spotlight
        if to.saved_story:
            check_length("title", to.saved_story.title, max_chars=MAX_TITLE)
            return "saved_story", to.saved_story
    except InvalidInputError as exc:
        where = "spotlight" if to.spotlight else "savedStory"
        raise invalid(["input", "to", where, exc.field], exc.message) from exc
    raise invalid(["input", "to"], "Give exactly one of story, spotlight or savedStory.")


async def _own_item(info: Info, album: int, item: int) -> albums_up.AlbumContent:
    """The item, read fresh (its signed URL lives 15 minutes), from an album of the caller."""
    writes = writes_of(info)
    reader = writes.albums_client()
    view, me = await asyncio.gather(reader.album(album), reader.viewer_profile_id())
    if me is None or view.owner_profile_id != me:
        raise Refused(
            Forbidden(
                message="Only your own albums can be cross-posted: content shared with you "
                "stays private.",
                code="FORBIDDEN",
                service="gateway",
            )
        )
    found = next((c for c in view.content if c.content_id == item), None)
    if found is None:
        raise Refused(
            NotFoundOrForbidden(
                message="albums: the album has no such item",
                code="NOT_FOUND_OR_FORBIDDEN",
                service="albums",
            )
        )
    if found.processing or not found.url:
        why = "is still processing" if found.processing else "has no download URL now"
        raise Refused(
            AlbumContentUnavailable(
                message=f"The item {why}; try again later.",
                code="CONTENT_UNAVAILABLE",
                processing=found.processing,
            )
        )
    return found


async def _download(info: Info, url: str) -> IO[bytes]:
    writes = writes_of(info)
    client = writes.upstreams.albums_uploads.client
    timeout = writes.settings.upload.call_timeout
    return await flows.download(
        lambda sink: download_to(
            client, url, sink, max_bytes=MAX_CIPHERTEXT_BYTES, time_limit=timeout
        )
    )


def _poster(info: Info, purpose: Purpose, target: Any, profile: str, media_id: str) -> Any:
    if purpose == "story":
        return stories.story_poster(info, profile, media_id)
    if purpose == "spotlight":
        options = SpotlightOptions(target.locale, target.description, target.skip_save_to_profile)
        return spotlights.spotlight_poster(info, profile, media_id, options)
    source = [SnapSource("media_id", media_id)]
    return saved.saved_story_creator(info, profile, source, target.title)


async def _replay(info: Info, purpose: Purpose, profile: str, done: Any) -> Any:
    if purpose == "story":
        return await stories.story_replay(info, profile, done)
    if purpose == "spotlight":
        return await spotlights.spotlight_replay(info, profile, done)
    return await saved.saved_story_replay(info, profile, done)


def _payload(
    info: Info, purpose: Purpose, value: Any, media_id: str, upload: OwnedUpload
) -> StoryPosted | SpotlightPosted | SavedStoryCreated:
    progress = UploadProgress.of(upload.state())
    if purpose == "story":
        return stories.story_payload(info, value, media_id, progress)
    if purpose == "spotlight":
        return spotlights.spotlight_payload(info, value, media_id, progress)
    return saved.saved_story_payload(info, value)


async def _cross_post(
    info: Info, input: CrossPostAlbumContentInput
) -> StoryPosted | SpotlightPosted | SavedStoryCreated:
    writes = writes_of(info)
    album = album_id(input.album_id, ["input", "albumId"])
    item_id = content_id(input.content_id, ["input", "contentId"], album=album)
    purpose, target = _target(input.to)
    with uploading(writes, input.upload_id, "media") as upload:
        item = await _own_item(info, album, item_id)
        path = ["input", "to", "savedStory" if purpose == "saved_story" else purpose, "profileId"]
        profile = await profile_id_of(info, target.profile_id, path)

        async def write() -> Written[tuple[Any, str]]:
            assert item.url is not None
            file = await _download(info, item.url)
            try:
                check = await asyncio.to_thread(check_snap_media, file, purpose=purpose)
                media_id = await flows.upload_media(
                    writes.jobs,
                    writes.uploader(),
                    profile_id=profile,
                    file=file,
                    name=f"album-{album}-{item_id}",
                    check=check,
                    upload=upload,
                    finish=False,
                )
            finally:
                file.close()
            posted = await _poster(info, purpose, target, profile, media_id)()
            upload.tracker.finish()
            return Written({**posted.outcome, "mediaId": media_id}, (posted.value, media_id))

        async def replay(done: Any) -> tuple[Any, str]:
            return await _replay(info, purpose, profile, done), str(done["mediaId"])

        options = {k: v for k, v in vars(target).items() if k != "profile_id"}
        fingerprint: dict[str, Any] = {
            "album": album,
            "item": item_id,
            "purpose": purpose,
            "profile": profile,
            "target": options,
        }
        value, media_id = await write_once(
            info,
            operation="crossPostAlbumContent",
            key=input.idempotency_key,
            fingerprint=lambda: ready(fingerprint),
            write=write,
            replay=replay,
        )
    return _payload(info, purpose, value, media_id, upload)


@strawberry.type
class CrossPostMutations:
    @strawberry.mutation(
        description="Post an item of one of your albums on your public profile: the item is "
        "read fresh (G2: its signed URL lives 15 minutes; refused while a video processes), "
        "downloaded to disk, checked against the Snap rules, encrypted and uploaded, then "
        "posted as a story snap, a spotlight or a saved story. Only your own albums: content "
        "shared with you is Forbidden, before any Public Profile call. It never counts as a "
        "view. Runs in the background; follow it with `uploadProgress`."
    )
    async def cross_post_album_content(
        self, info: Info, input: Annotated[CrossPostAlbumContentInput, INPUT]
    ) -> CrossPostAlbumContentResult:
        result: CrossPostAlbumContentResult = await outcome(
            _cross_post(info, input), CrossPostAlbumContentResult
        )
        return result

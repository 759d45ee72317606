"""Albums mutations of the viewer of shared albums: the view markers (G4, G5) and the feed's
mark-as-read (G29)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.upstreams._http import UpstreamForbidden
from schema.albums.sharing import SharedAlbum
from schema.albums.types import Album, AlbumContent
from schema.albums.writes import shown
from schema.context import Info
from schema.failures import invalid, outcome
from schema.inputs import album_id, album_profile_id, content_id
from schema.results import (
    InvalidInput,
    NotFoundOrForbidden,
    Unauthenticated,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.writing import INPUT, writes_of

ALBUM_ID = "The album: its global `id` or its `albumId`."


@strawberry.input(description="An album you are viewing.")
class RecordAlbumViewInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)


@strawberry.input(description="An album item you are viewing.")
class RecordAlbumContentViewInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    content_id: strawberry.ID = strawberry.field(
        description="The item: its global `id` or its `contentId`."
    )


@strawberry.input(description="An album in your feed to mark as seen.")
class MarkAlbumFeedItemReadInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    owner_profile_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Its owner (global id or `profileId`); read from your feed when omitted.",
    )


@strawberry.type(description="The view was recorded.")
class AlbumViewRecorded:
    album: Album = strawberry.field(description="The album as the viewer sees it now.")


@strawberry.type(
    description="A view-once album the caller had already opened: the view was not recorded "
    "again. Not an error; `album` shows it while its 30-minute window lasts."
)
class AlbumAlreadyViewed:
    album: Album = strawberry.field(description="The album as the viewer sees it now.")


@strawberry.type(description="The item view was recorded.")
class AlbumContentViewRecorded:
    remaining_views: int | None = strawberry.field(
        description="Views left: 1 then 0 on a view-once share (0 is not an error; the item's "
        "`url` is then null), -1 when unlimited."
    )
    content: AlbumContent | None = strawberry.field(description="The item as it is now.")


@strawberry.type(description="The feed item is marked as seen.")
class AlbumFeedItemMarkedRead:
    shared_album: SharedAlbum | None = strawberry.field(
        description="The album as your feed shows it now (null once it left the feed)."
    )


RecordAlbumViewResult = Annotated[
    AlbumViewRecorded
    | AlbumAlreadyViewed
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("RecordAlbumViewResult", description="The result of `recordAlbumView`."),
]
RecordAlbumContentViewResult = Annotated[
    AlbumContentViewRecorded
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union(
        "RecordAlbumContentViewResult", description="The result of `recordAlbumContentView`."
    ),
]
MarkAlbumFeedItemReadResult = Annotated[
    AlbumFeedItemMarkedRead
    | InvalidInput
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union(
        "MarkAlbumFeedItemReadResult", description="The result of `markAlbumFeedItemRead`."
    ),
]


async def _view(info: Info, input: RecordAlbumViewInput) -> AlbumViewRecorded | AlbumAlreadyViewed:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    try:
        await writes.albums_writer().record_album_view(target)
        again = False
    except UpstreamForbidden:
        # G4 answers 403 once a view-once share has been opened (quirk 3). If the album still
        # opens (G2 below), that was the 403; if it does not, the 403 meant no access.
        again = True
    finally:
        info.context.after_write()
    album = shown(info, await info.context.albums.album(target))
    return AlbumAlreadyViewed(album=album) if again else AlbumViewRecorded(album=album)


async def _content_view(info: Info, input: RecordAlbumContentViewInput) -> AlbumContentViewRecorded:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    item = content_id(input.content_id, ["input", "contentId"], album=target)
    try:
        remaining = await writes.albums_writer().record_content_view(target, item)
    finally:
        info.context.after_write()
    album = await info.context.albums.album(target)
    info.context.loaders.prime_albums([album])
    found = next((c for c in album.content if c.content_id == item), None)
    return AlbumContentViewRecorded(
        remaining_views=remaining,
        content=AlbumContent.from_upstream(found) if found is not None else None,
    )


async def _mark_read(info: Info, input: MarkAlbumFeedItemReadInput) -> AlbumFeedItemMarkedRead:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    if input.owner_profile_id is not None:
        owner = album_profile_id(input.owner_profile_id, ["input", "ownerProfileId"])
    else:
        feed = await writes.albums_client().feed()
        item = next((a for a in feed.shared_albums if a.album_id == target), None)
        found = item and (item.owner_profile_id or (item.owner and item.owner.profile_id))
        if not found:
            raise invalid(["input", "albumId"], "This album is not in your feed.")
        owner = found
    try:
        await writes.albums_writer().mark_feed_item_read(target, owner)
    finally:
        info.context.after_write()
    feed = await info.context.albums.feed()
    now = next((a for a in feed.shared_albums if a.album_id == target), None)
    return AlbumFeedItemMarkedRead(shared_album=SharedAlbum.from_upstream(now) if now else None)


@strawberry.type
class AlbumViewMutations:
    @strawberry.mutation(
        description="Record that you opened an album shared with you (G4). The first view of "
        "a view-once share opens its 30-minute window; later ones are AlbumAlreadyViewed."
    )
    async def record_album_view(
        self, info: Info, input: Annotated[RecordAlbumViewInput, INPUT]
    ) -> RecordAlbumViewResult:
        result: RecordAlbumViewResult = await outcome(_view(info, input), RecordAlbumViewResult)
        return result

    @strawberry.mutation(
        description="Record that you viewed an album item (G5) and get the views left."
    )
    async def record_album_content_view(
        self, info: Info, input: Annotated[RecordAlbumContentViewInput, INPUT]
    ) -> RecordAlbumContentViewResult:
        result: RecordAlbumContentViewResult = await outcome(
            _content_view(info, input), RecordAlbumContentViewResult
        )
        return result

    @strawberry.mutation(
        description="Mark an album of your feed as seen (G29): it no longer counts as unseen."
    )
    async def mark_album_feed_item_read(
        self, info: Info, input: Annotated[MarkAlbumFeedItemReadInput, INPUT]
    ) -> MarkAlbumFeedItemReadResult:
        result: MarkAlbumFeedItemReadResult = await outcome(
            _mark_read(info, input), MarkAlbumFeedItemReadResult
        )
        return result

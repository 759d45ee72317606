"""Albums mutations between people: share (G20), unshare (G21), the view markers (G4, G5) and
the feed's mark-as-read (G29)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from gateway.upstreams._http import UpstreamForbidden
from gateway.upstreams.albums_types import expiration_type
from schema.albums.sharing import ExpirationType, SharedAlbum
from schema.albums.types import Album, AlbumContent, AlbumProfile
from schema.albums.writes import AlbumContentChanged, read_album, shown
from schema.context import Info
from schema.failures import invalid, outcome
from schema.inputs import album_id, album_profile_id, content_id
from schema.results import (
    AlbumLimitReached,
    InvalidInput,
    NotFoundOrForbidden,
    Unauthenticated,
    UpstreamFailed,
    UpstreamRejected,
    UpstreamUnavailable,
)
from schema.writing import INPUT, writes_of

ALBUM_ID = "The album: its global `id` or its `albumId`."
PROFILE_IDS = "Albums profiles: global `AlbumProfile` ids or int64 `profileId`s."


@strawberry.input(description="Share one of your albums with some profiles.")
class ShareAlbumInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    profile_ids: list[strawberry.ID] = strawberry.field(description=PROFILE_IDS)
    expiration_type: ExpirationType = strawberry.field(
        description="How long the share lasts. Every earlier recipient of the album takes "
        "this type too, its expiry counted from now."
    )


@strawberry.input(description="Stop sharing one of your albums with some profiles.")
class UnshareAlbumInput:
    album_id: strawberry.ID = strawberry.field(description=ALBUM_ID)
    profile_ids: list[strawberry.ID] = strawberry.field(description=PROFILE_IDS)


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


@strawberry.type(description="The album is shared.")
class AlbumShared:
    album: Album = strawberry.field(description="The album (its `shares` list the recipients).")
    shared_with: list[AlbumProfile] = strawberry.field(
        description="The profiles of this share that the upstream knows."
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


ShareAlbumResult = Annotated[
    AlbumShared
    | InvalidInput
    | AlbumLimitReached
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("ShareAlbumResult", description="The result of `shareAlbum`."),
]
UnshareAlbumResult = Annotated[
    AlbumContentChanged
    | InvalidInput
    | NotFoundOrForbidden
    | Unauthenticated
    | UpstreamRejected
    | UpstreamUnavailable
    | UpstreamFailed,
    strawberry.union("UnshareAlbumResult", description="The result of `unshareAlbum`."),
]
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


def _profiles(values: list[strawberry.ID]) -> list[int]:
    if not values:
        raise invalid(["input", "profileIds"], "Name at least one profile.")
    return [album_profile_id(v, ["input", "profileIds", str(i)]) for i, v in enumerate(values)]


async def _share(info: Info, input: ShareAlbumInput) -> AlbumShared:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    profiles = _profiles(input.profile_ids)
    kind = expiration_type(input.expiration_type.name)
    if kind is None:
        raise invalid(["input", "expirationType"], "Unknown expiration type.")
    try:
        await writes.albums_writer().share_album(target, dict.fromkeys(profiles, kind))
    finally:
        info.context.after_write()
    loaders = info.context.loaders
    album, found = await asyncio.gather(
        read_album(info.context.albums, target),
        asyncio.gather(*(loaders.album_profile.load(p) for p in profiles)),
    )
    return AlbumShared(
        album=shown(info, album),
        shared_with=[AlbumProfile.from_upstream(p) for p in found if p is not None],
    )


async def _unshare(info: Info, input: UnshareAlbumInput) -> AlbumContentChanged:
    writes = writes_of(info)
    target = album_id(input.album_id, ["input", "albumId"])
    profiles = _profiles(input.profile_ids)
    try:
        await writes.albums_writer().unshare_album(target, profiles)
    finally:
        info.context.after_write()
    return AlbumContentChanged(album=shown(info, await read_album(info.context.albums, target)))


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
class AlbumSharingMutations:
    @strawberry.mutation(
        description="Share one of your albums (G20). Side effects of the upstream: the album "
        "is also posted into your chat with each profile, and every earlier recipient of the "
        "album takes the new expiration type, its expiry counted from now."
    )
    async def share_album(
        self, info: Info, input: Annotated[ShareAlbumInput, INPUT]
    ) -> ShareAlbumResult:
        result: ShareAlbumResult = await outcome(
            _share(info, input), ShareAlbumResult, {"profiles": "profileIds"}
        )
        return result

    @strawberry.mutation(
        description="Stop sharing one of your albums with some profiles (G21); they lose "
        "access at once. Unsharing someone who is not a recipient changes nothing."
    )
    async def unshare_album(
        self, info: Info, input: Annotated[UnshareAlbumInput, INPUT]
    ) -> UnshareAlbumResult:
        result: UnshareAlbumResult = await outcome(
            _unshare(info, input), UnshareAlbumResult, {"profiles": "profileIds"}
        )
        return result

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

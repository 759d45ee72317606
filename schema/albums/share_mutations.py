"""Albums mutations that share: share (G20) and unshare (G21)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from gateway.upstreams.albums_types import expiration_type
from schema.albums.sharing import ExpirationType
from schema.albums.types import Album, AlbumProfile
from schema.albums.writes import AlbumContentChanged, read_album, shown
from schema.context import Info
from schema.failures import invalid, outcome
from schema.inputs import album_id, album_profile_id
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


@strawberry.type(description="The album is shared.")
class AlbumShared:
    album: Album = strawberry.field(description="The album (its `shares` list the recipients).")
    shared_with: list[AlbumProfile] = strawberry.field(
        description="The profiles of this share that the upstream knows."
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

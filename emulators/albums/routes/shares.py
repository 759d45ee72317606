"""Sharing endpoints: G6 status, G7 shared by a profile, G19 recipients, G20 share, G21 unshare."""

from __future__ import annotations

from starlette.responses import Response

from emulators.albums import views
from emulators.albums.endpoint import Api, Call
from emulators.albums.errors import (
    INVALID_EXPIRATION_TYPE,
    SHARE_WITH_YOURSELF,
    ApiError,
    bad_request,
)
from emulators.albums.model import ChatMessage, ExpirationType
from emulators.albums.wire import as_id, empty_ok, json_ok, object_list, read_object


async def album_status(call: Call) -> Response:
    """G6: ``profileId`` as a number or a numeric string; 400 for an unknown profile."""
    body = await read_object(call.request)
    if "profileId" not in body:
        raise bad_request()
    target = call.store.profile(as_id(body["profileId"]))
    has_album = any(a.order for a in call.store.owned_albums(target.id))
    shared = any(
        call.store.active_share(a.id, call.me.id, call.now) is not None
        for a in call.store.owned_albums(target.id)
    )
    return json_ok({"profileId": target.id, "hasAlbum": has_album, "hasSharedWithMe": shared})


async def shared_by(call: Call) -> Response:
    """G7: active shares from ``{profileId}`` to the caller; ``[]`` when none (quirk 18)."""
    owner = call.ids["profileId"]
    briefs = []
    for album in call.store.owned_albums(owner):
        share = call.store.active_share(album.id, call.me.id, call.now)
        if share is not None:
            briefs.append(views.shared_brief(call, album, share))
    return json_ok({"albums": briefs})


async def recipients(call: Call) -> Response:
    """G19: the active recipients, owner only; there is no per-share id."""
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    shares = call.store.recipients(album.id, call.now)
    return json_ok({"profileIds": [s.recipient_id for s in shares]})


async def share(call: Call) -> Response:
    """G20: shares, re-types earlier shares and posts into chat (quirk 13)."""
    body = await read_object(call.request)
    entries = object_list(body.get("profiles"))
    if not entries or any("profileId" not in e for e in entries):
        raise bad_request()
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    listed: dict[int, ExpirationType] = {}
    for entry in entries:
        kind = ExpirationType.parse(entry.get("expirationType"))
        if kind is None:
            raise ApiError(400, INVALID_EXPIRATION_TYPE)
        recipient = call.store.profile(as_id(entry["profileId"]))
        if recipient.id == call.me.id:
            raise ApiError(400, SHARE_WITH_YOURSELF)
        listed.pop(recipient.id, None)  # a repeated recipient counts once, at its last place
        listed[recipient.id] = kind
    shares = call.store.share(album, list(listed.items()), call.now)
    for made in shares:
        call.store.chat.append(
            ChatMessage(
                message_id=f"album-share-{len(call.store.chat) + 1}",
                sender_id=call.me.id,
                recipient_id=made.recipient_id,
                type=made.type.chat_type,
                sent_at=call.now,
                body=views.message_body(call, album, made),
            )
        )
    return empty_ok()


async def unshare(call: Call) -> Response:
    """G21: ``shareId`` is ignored whatever its type (quirk 14); non-recipients are a no-op."""
    body = await read_object(call.request)
    entries = object_list(body.get("profiles"))
    if any("profileId" not in e for e in entries):
        raise bad_request()
    targets = [as_id(e["profileId"]) for e in entries]
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    for recipient in targets:
        call.store.drop_share(album.id, recipient)
    return empty_ok()


def register(api: Api) -> None:
    api.add("/v2/albums/shares", {"POST": album_status})
    api.add("/v2/albums/shares/{profileId}", {"GET": shared_by})
    api.add("/v1/albums/{albumId}/shares", {"GET": recipients})
    api.add("/v4/albums/{albumId}/shares", {"POST": share})
    api.add("/v1/albums/{albumId}/unshares", {"PUT": unshare})

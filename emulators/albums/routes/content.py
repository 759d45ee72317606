"""Content endpoints: G3 poster, G4/G5 views, G11 upload, G12 order, G13 delete, G14 processing."""

from __future__ import annotations

from datetime import timedelta

from starlette.responses import Response

from emulators.albums import upload
from emulators.albums.endpoint import Api, Call
from emulators.albums.errors import forbidden
from emulators.albums.model import ExpirationType, Share
from emulators.albums.wire import empty_ok, int_list, json_ok, read_object


def _open_once(call: Call, share: Share) -> None:
    window = timedelta(seconds=call.config.view_once_window_seconds)
    call.store.open_once(share, call.now, window)


async def poster(call: Call) -> Response:
    """G3: poster URLs; 403 without access or for an item not in the album."""
    album, _ = call.store.access(call.ids["albumId"], call.me.id, call.now)
    content = call.store.live_content(album, call.ids["contentId"])
    return json_ok(
        {
            "blurredPosterUrl": call.urls.media(album, content, "poster-blurred"),
            "posterUrl": call.urls.media(album, content, "poster"),
        }
    )


async def view_album(call: Call) -> Response:
    """G4, a GET with a side effect: marks the album seen; opens a ONCE share (quirk 3)."""
    _, share = call.store.access(call.ids["albumId"], call.me.id, call.now)
    if share is not None:
        if share.type is ExpirationType.ONCE:
            if share.opened_at is not None:
                raise forbidden()
            _open_once(call, share)
        share.has_unseen = False
    return empty_ok()


async def view_content(call: Call) -> Response:
    """G5: ``remainingViews`` 1 -> 0 on ONCE shares, then 0 with no error (quirk 6)."""
    album, share = call.store.access(call.ids["albumId"], call.me.id, call.now)
    content = call.store.live_content(album, call.ids["contentId"])
    if share is None or share.type is not ExpirationType.ONCE:
        return json_ok({"remainingViews": -1})
    if share.opened_at is None:
        _open_once(call, share)
    remaining = max(0, share.remaining_views(content.id) - 1)
    share.remaining[content.id] = remaining
    return json_ok({"remainingViews": remaining})


async def upload_content(call: Call) -> Response:
    """G11: multipart ``content`` part, idempotent by (album, SHA-256) (quirk 7)."""
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    limits = call.me.limits
    checked = upload.validate(await upload.read_content_part(call.request, limits), limits)
    content_id = call.store.add_content(
        album, checked, now=call.now, processing=call.config.video_processing_seconds
    )
    return json_ok({"contentId": content_id, "contentUrl": None})


async def reorder(call: Call) -> Response:
    """G12: the full permutation or 400 ``Invalid content order`` (quirk 12)."""
    body = await read_object(call.request)
    content_ids = int_list(body.get("contentIds"))
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    call.store.reorder(album, content_ids, call.now)
    return empty_ok()


async def delete_content(call: Call) -> Response:
    """G13: the item leaves the album but not the CDN (quirk 8); a repeat is 403."""
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    call.store.delete_content(album, call.ids["contentId"], call.now)
    return empty_ok()


async def processing(call: Call) -> Response:
    """G14: ``true`` for ``video_processing_seconds`` after a video upload (quirk 28)."""
    album, _ = call.store.access(call.ids["albumId"], call.me.id, call.now)
    content = call.store.live_content(album, call.ids["contentId"])
    return json_ok({"processing": content.processing(call.now)})


def register(api: Api) -> None:
    api.add("/v1/albums/{albumId}/content/order", {"POST": reorder})
    api.add("/v1/albums/{albumId}/content", {"POST": upload_content})
    api.add("/v1/albums/{albumId}/content/{contentId}", {"DELETE": delete_content})
    api.add("/v1/albums/{albumId}/content/{contentId}/poster", {"GET": poster})
    api.add("/v1/albums/{albumId}/content/{contentId}/processing", {"GET": processing})
    api.add("/v3/albums/{albumId}/view", {"GET": view_album})
    api.add("/v1/albums/{albumId}/view/content/{contentId}", {"POST": view_content})

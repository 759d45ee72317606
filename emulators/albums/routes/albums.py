"""Album endpoints: G1 list, G2 view, G8 create, G9 rename, G10 delete, G24 limits."""

from __future__ import annotations

from starlette.responses import Response

from emulators.albums import views
from emulators.albums.endpoint import Api, Call
from emulators.albums.errors import forbidden
from emulators.albums.wire import album_name, empty_ok, json_ok, read_object


async def my_albums(call: Call) -> Response:
    """G1: the caller's live albums, oldest first."""
    albums = call.store.owned_albums(call.me.id)
    return json_ok({"albums": [views.my_album(call, a) for a in albums]})


async def get_album(call: Call) -> Response:
    """G2: 403 for unknown, deleted, foreign or expired albums (quirk 1)."""
    album, share = call.store.access(call.ids["albumId"], call.me.id, call.now)
    return json_ok(views.album_view(call, album, share))


async def create_album(call: Call) -> Response:
    """G8: 402 once the caller owns ``maxAlbums`` albums (quirk 10)."""
    name = album_name(await read_object(call.request))
    album = call.store.create_album(call.me, name, call.now)
    body: dict[str, object] = {"albumId": album.id}
    if call.config.create_album_echo_name:
        body["albumName"] = album.name
    return json_ok(body)


async def rename_album(call: Call) -> Response:
    """G9: owner only; bumps ``version`` and ``updatedAt``."""
    body = await read_object(call.request)
    album = call.store.owned_album(call.ids["albumId"], call.me.id)
    album.name = album_name(body)
    album.touch(call.now)
    return json_ok({"albumId": album.id, "albumName": album.name})


async def delete_album(call: Call) -> Response:
    """G10: a repeated delete is 403 like any other missing album (quirk 2)."""
    album = call.store.live_album(call.ids["albumId"])
    if album is None or album.owner_id != call.me.id:
        raise forbidden()
    call.store.delete_album(album)
    return empty_ok()


async def storage(call: Call) -> Response:
    """G24 (and the unused ``/v2`` twin): the caller's limits, in ms and bytes (quirk 11)."""
    return json_ok(call.me.limits.as_json())


def register(api: Api) -> None:
    api.add("/v1/albums/storage", {"GET": storage})
    api.add("/v2/albums/storage", {"GET": storage})
    api.add("/v1/albums", {"GET": my_albums})
    api.add("/v2/albums", {"POST": create_album})
    api.add("/v2/albums/{albumId}", {"GET": get_album, "PUT": rename_album})
    api.add("/v1/albums/{albumId}", {"DELETE": delete_album})

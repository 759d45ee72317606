"""WIP endpoints with the contract's minimal shapes: G15-G18 counters, G22, G23, G25."""

from __future__ import annotations

from starlette.responses import Response

from emulators.albums.endpoint import Api, Call
from emulators.albums.errors import bad_request, forbidden
from emulators.albums.wire import as_int, empty_ok, json_ok, read_object


async def limited_pics(call: Call) -> Response:
    """G15."""
    return json_ok(call.me.limited_pics.as_json())


async def report_expiring_pics(call: Call) -> Response:
    """G16: ``{"count": n}`` takes ``n`` from the expiring-photo counter (floor 0)."""
    body = await read_object(call.request)
    count = as_int(body.get("count"))
    if count < 0:
        raise bad_request()
    counter = call.me.expiring_pics
    counter.available = max(0, counter.available - count)
    return json_ok(counter.as_json())


async def expiring_pics(call: Call) -> Response:
    """G17: the counter G16 decrements."""
    return json_ok(call.me.expiring_pics.as_json())


async def expiring_videos(call: Call) -> Response:
    """G18: an independent counter."""
    return json_ok(call.me.expiring_videos.as_json())


async def remove_all_shares(call: Call) -> Response:
    """G22: always 403 and no effect, for PUT and POST alike (quirk 15)."""
    raise forbidden()


async def chat_list_by_id(call: Call) -> Response:
    """G23: always 400 (quirk 16)."""
    raise bad_request()


async def red_dot(call: Call) -> Response:
    """G25: 200 with an empty body; any body is ignored unread."""
    return empty_ok()


def register(api: Api) -> None:
    api.add("/v1/pics/limited/status", {"GET": limited_pics})
    api.add("/v4/pics/expiring", {"POST": report_expiring_pics})
    api.add("/v4/pics/expiring/status", {"GET": expiring_pics})
    api.add("/v4/videos/expiring/status", {"GET": expiring_videos})
    api.add("/v1/albums/red-dot", {"PUT": red_dot})
    api.add(
        "/v1/albums/{albumId}/shares/remove", {"PUT": remove_all_shares, "POST": remove_all_shares}
    )
    api.add("/v1/albums/{albumId}/content/chat/list-by-id", {"POST": chat_list_by_id})

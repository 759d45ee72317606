"""The "shared with me" feed: G26 (and its alias G30), G27 paywall, G28 one owner, G29 mark read."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from emulators.albums import views
from emulators.albums.endpoint import Api, Call
from emulators.albums.errors import bad_request
from emulators.albums.model import Share
from emulators.albums.wire import (
    as_id,
    empty_ok,
    json_ok,
    optional_bool,
    read_json,
    read_object,
)


def _feed_items(call: Call, shares: list[Share]) -> list[dict[str, Any]]:
    return [views.feed_item(call, call.store.albums[s.album_id], s) for s in shares]


async def feed(call: Call) -> Response:
    """G26/G30: active shares to the caller, newest first, with the optional filters."""
    body = await read_object(call.request, required=False)
    only_favourites, only_online = (
        optional_bool(body, "isFavorite"),
        optional_bool(body, "isOnline"),
    )
    only_video = optional_bool(body, "onlyVideo")
    optional_bool(body, "blur")  # accepted and ignored: blurring is not emulated
    store, me, now = call.store, call.me, call.now
    shares = []
    for share in store.shares_to_viewer(me.id, now):
        owner = store.profiles[share.owner_id]
        if only_favourites and owner.id not in me.favourites:
            continue
        if only_online and not owner.online(now):
            continue
        if only_video and not any(c.is_video for c in store.items(store.albums[share.album_id])):
            continue
        shares.append(share)
    owners: dict[int, list[Share]] = {}
    for share in shares:
        owners.setdefault(share.owner_id, []).append(share)
    profile_feeds = [
        {
            "profileId": owner_id,
            "paywallStatus": "ALLOW",
            "seen": not any(s.has_unseen for s in owned),
            "content": {},
            "profile": views.profile_mini(call, store.profiles[owner_id]),
        }
        for owner_id, owned in owners.items()
    ]
    return json_ok(
        {
            "profileFeeds": profile_feeds,
            "sharedAlbums": _feed_items(call, shares),
            "experimentStatus": 0,
            "nonEmptyPersonalAlbumCount": sum(bool(a.order) for a in store.owned_albums(me.id)),
            "emptyAlbumId": None,
        }
    )


async def paywall(call: Call) -> Response:
    """G27: seeded paywall items; empty body, ``{}`` or ``{counterpartyId, blur}``."""
    body = await read_json(call.request, required=False)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise bad_request()
    counterparty = body.get("counterpartyId")
    owner = None if counterparty is None else as_id(counterparty)
    optional_bool(body, "blur")
    items = call.store.paywall_for(call.me.id, owner)
    return json_ok({"albumPaywallContent": [views.paywall_item(call, i, a) for i, a in items]})


async def owner_feed(call: Call) -> Response:
    """G28 (WIP): one owner's active shares to the caller and that owner's paywall items."""
    owner = call.ids["profileId"]
    shares = [s for s in call.store.shares_to_viewer(call.me.id, call.now) if s.owner_id == owner]
    paywalled = {
        str(item.album_id): views.paywall_item(call, item, album)
        for item, album in call.store.paywall_for(call.me.id, owner)
    }
    return json_ok({"content": _feed_items(call, shares), "paywalledAlbums": paywalled})


async def mark_read(call: Call) -> Response:
    """G29 (WIP): clears ``hasUnseenContent`` of one shared album; unknown items are a no-op."""
    body = await read_object(call.request)
    if "itemId" not in body or "targetProfileId" not in body:
        raise bad_request()
    album_id, owner = as_id(body["itemId"]), as_id(body["targetProfileId"])
    share = call.store.active_share(album_id, call.me.id, call.now)
    if share is not None and share.owner_id == owner:
        share.has_unseen = False
    return empty_ok()


def register(api: Api) -> None:
    api.add("/v3/pressie-albums/feed", {"POST": feed})
    api.add("/v3/pressie-albums/fresh-feed", {"POST": feed})
    api.add("/v3/pressie-albums/feed/paywall/", {"POST": paywall})
    api.add("/v3/pressie-albums/feed/update/read", {"POST": mark_read})
    # G27 without its trailing slash is an unknown route (quirk 17), not a G28 profile id.
    api.add_unknown("/v3/pressie-albums/feed/paywall")
    api.add("/v3/pressie-albums/feed/{profileId}", {"GET": owner_feed})

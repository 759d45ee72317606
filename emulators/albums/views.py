"""The Albums API's JSON shapes (contract §2), built from store entities for one caller."""

from __future__ import annotations

from typing import Any

from emulators._common.clock import iso_local
from emulators.albums.endpoint import Call
from emulators.albums.model import (
    Album,
    Content,
    ExpirationType,
    PaywallItem,
    Profile,
    Share,
    to_ms,
)


def expiration(call: Call, kind: ExpirationType) -> str | int:
    """``expirationType`` in the configured wire form (quirk 23)."""
    return int(kind) if call.config.expiration_type_form == "int" else kind.name


def counts(call: Call, album: Album) -> tuple[int, int]:
    """(imageCount, videoCount) of the live items."""
    items = call.store.items(album)
    videos = sum(c.is_video for c in items)
    return len(items) - videos, videos


def content_min(call: Call, album: Album, content: Content) -> dict[str, Any]:
    """AlbumContentMin."""
    return {
        "contentId": content.id,
        "contentType": content.mime,
        "coverUrl": call.urls.media(album, content, "cover"),
        "statusId": 1,
    }


def content_full(call: Call, album: Album, content: Content, share: Share | None) -> dict[str, Any]:
    """AlbumContent, plus ``remainingViews`` for recipients only (quirk 5)."""
    item = content_min(call, album, content)
    remaining = None if share is None else share.remaining_views(content.id)
    item["thumbUrl"] = call.urls.media(album, content, "thumb")
    item["url"] = "" if remaining == 0 else call.urls.media(album, content, "original")
    item["processing"] = content.processing(call.now)
    item["rejectionId"] = None
    if remaining is not None:
        item["remainingViews"] = remaining
    return item


def details(call: Call, album: Album) -> dict[str, Any]:
    """AlbumDetails; zoneless UTC times (quirk 26)."""
    return {
        "sharedCount": len(call.store.recipients(album.id, call.now)),
        "createdAt": iso_local(album.created_at),
        "updatedAt": iso_local(album.updated_at),
    }


def my_album(call: Call, album: Album) -> dict[str, Any]:
    """MyAlbum, an element of G1."""
    items = [content_full(call, album, c, None) for c in call.store.items(album)]
    content: Any = (
        items if call.config.my_album_content_shape == "array" else next(iter(items), None)
    )
    return {
        "albumId": album.id,
        "albumName": album.name,
        "profileId": album.owner_id,
        "version": album.version,
        "content": content,
        "isShareable": bool(items),
        **details(call, album),
    }


def album_min(call: Call, album: Album, share: Share | None) -> dict[str, Any]:
    """AlbumMin; ``albumName`` is always null here (quirk 21)."""
    number, total = call.store.rank(album, call.me.id, call.now)
    return {
        "albumId": album.id,
        "albumNumber": number,
        "totalAlbumsShared": total,
        "hasUnseenContent": share is not None and share.has_unseen,
        "albumName": None,
        "profileId": album.owner_id,
        "albumViewable": True,
    }


def album_view(call: Call, album: Album, share: Share | None) -> dict[str, Any]:
    """AlbumView, the response of G2."""
    items = [content_full(call, album, c, share) for c in call.store.items(album)]
    return {**album_min(call, album, share), **details(call, album), "content": items}


def shared_brief(call: Call, album: Album, share: Share) -> dict[str, Any]:
    """SharedAlbumBrief, an element of G7."""
    first = next(iter(call.store.items(album)), None)
    images, videos = counts(call, album)
    return {
        **album_min(call, album, share),
        "expiresAt": to_ms(share.expires_at),
        "expirationType": expiration(call, share.type),
        "content": None if first is None else content_min(call, album, first),
        "contentCount": {"imageCount": images, "videoCount": videos},
    }


def profile_mini(call: Call, profile: Profile) -> dict[str, Any]:
    """PressieProfileMini."""
    return {
        "profileId": profile.id,
        "name": profile.name,
        "profileUrl": call.urls.profile_image(profile.image_hash),
        "onlineUntil": to_ms(profile.online_until),
        "distanceKm": profile.distance_km,
    }


def feed_item(call: Call, album: Album, share: Share) -> dict[str, Any]:
    """SharedAlbumFeedItem; key spellings follow the variant switches (quirks 19, 20)."""
    number, total = call.store.rank(album, call.me.id, call.now)
    images, videos = counts(call, album)
    first = next(iter(call.store.items(album)), None)
    cover = None
    if first is not None:
        cover = {
            "id": first.id,
            "contentType": first.mime,
            call.config.feed_cover_key: call.urls.media(album, first, "cover"),
            "status": "ACTIVE",
        }
    return {
        "albumId": album.id,
        "albumNumber": number,
        "totalAlbumsShared": total,
        "hasUnseenContent": share.has_unseen,
        "albumViewable": True,
        "albumVersion": album.version,
        call.config.feed_expires_key: to_ms(share.expires_at),
        "name": album.name,
        "ownerProfileId": album.owner_id,
        "imageCount": images,
        "videoCount": videos,
        "coverContent": cover,
        "profile": profile_mini(call, call.store.profiles[album.owner_id]),
    }


def paywall_item(call: Call, item: PaywallItem, album: Album) -> dict[str, Any]:
    """AlbumPaywallItem: one ``paywall`` URL per item, the first one doubling as cover."""
    urls = [call.urls.media(album, c, "paywall") for c in call.store.items(album)]
    return {
        "albumId": item.album_id,
        "profile": profile_mini(call, call.store.profiles[album.owner_id]),
        "paywallCoverUrl": urls[0] if urls else "",
        "paywallUrls": urls,
        "albumsItemCount": len(urls),
    }


def profile(call: Call, target: Profile) -> dict[str, Any]:
    """The Profile subset of §2.5 (A2, A3): ids as numeric strings."""
    return {
        "profileId": str(target.id),
        "displayName": target.name or None,
        "onlineUntil": to_ms(target.online_until),
        "distance": None if target.id == call.me.id else target.distance_km,
        "profileImageMediaHash": target.image_hash,
        "isFavorite": target.id in call.me.favourites,
    }


def message_body(call: Call, album: Album, share: Share) -> dict[str, Any]:
    """AlbumMessageBody, the chat side effect of G20 (§2.4), with URLs for the recipient."""
    number, total = call.store.rank(album, share.recipient_id, call.now)
    items = call.store.items(album)
    first = next(iter(items), None)
    cover = None
    if first is not None:
        cover = call.urls.for_viewer(share.recipient_id).media(album, first, "cover")
    return {
        "albumId": album.id,
        "albumNumber": number,
        "totalAlbumsShared": total,
        "hasUnseenContent": share.has_unseen,
        "expiresAt": to_ms(share.expires_at),
        "expirationType": expiration(call, share.type),
        "coverUrl": cover,
        "ownerProfileId": album.owner_id,
        "isViewable": share.active(call.now),
        "hasVideo": any(c.is_video for c in items),
        "hasPhoto": any(not c.is_video for c in items),
        "viewableUntil": to_ms(share.expires_at),
    }

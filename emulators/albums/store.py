"""The Albums emulator's in-memory state and the rules of contract §5 (access, expiry, limits)."""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from emulators.albums.errors import (
    INVALID_CONTENT_ORDER,
    INVALID_VIDEO_LENGTH,
    ApiError,
    bad_request,
    forbidden,
    payment_required,
)
from emulators.albums.model import (
    Album,
    ChatMessage,
    Content,
    ExpirationType,
    PaywallItem,
    Profile,
    Session,
    Share,
)

#: Album and content ids live in [2^31, 2^53) so 32-bit handling breaks in tests (quirk 27).
ID_MIN = 2**31
ID_MAX = 2**53


@dataclass(frozen=True, slots=True, kw_only=True)
class Upload:
    """A validated upload, ready to be stored."""

    data: bytes
    mime: str
    sha256: str
    duration_ms: int | None


class Store:
    """Profiles, albums, content, shares, chat, paywall items and sessions of one emulator."""

    def __init__(self, *, rng: random.Random) -> None:
        self.rng = rng
        self.profiles: dict[int, Profile] = {}
        self.by_email: dict[str, Profile] = {}
        #: Every album ever created, deleted ones included (their CDN URLs outlive them).
        self.albums: dict[int, Album] = {}
        #: owner id -> live albums, oldest first (the feed ranks albums per owner often).
        self.by_owner: dict[int, list[Album]] = {}
        #: Every content item ever uploaded, deleted ones included (quirk 8).
        self.contents: dict[int, Content] = {}
        #: album id -> recipient id -> share, and the reverse index for the feed.
        self.shares_of: dict[int, dict[int, Share]] = {}
        self.shares_to: dict[int, dict[int, Share]] = {}
        self.chat: list[ChatMessage] = []
        self.paywall: list[PaywallItem] = []
        self.sessions: dict[str, Session] = {}
        self._prune_sessions_at = 1024

    # -- ids and lookups -------------------------------------------------------------

    def new_id(self) -> int:
        while True:
            candidate = self.rng.randrange(ID_MIN, ID_MAX)
            if candidate not in self.albums and candidate not in self.contents:
                return candidate

    def add_profile(self, profile: Profile) -> Profile:
        self.profiles[profile.id] = profile
        if profile.email:
            self.by_email[profile.email.lower()] = profile
        return profile

    def live_album(self, album_id: int) -> Album | None:
        album = self.albums.get(album_id)
        return None if album is None or album.deleted else album

    def owned_album(self, album_id: int, caller: int) -> Album:
        """The caller's own live album, else 403 (quirk 1: no 404 for albums)."""
        album = self.live_album(album_id)
        if album is None or album.owner_id != caller:
            raise forbidden()
        return album

    def active_share(self, album_id: int, recipient: int, now: datetime) -> Share | None:
        share = self.shares_of.get(album_id, {}).get(recipient)
        return share if share is not None and share.active(now) else None

    def access(self, album_id: int, caller: int, now: datetime) -> tuple[Album, Share | None]:
        """Owner (share ``None``) or recipient with an active share; anything else is 403."""
        album = self.live_album(album_id)
        if album is None:
            raise forbidden()
        if album.owner_id == caller:
            return album, None
        share = self.active_share(album_id, caller, now)
        if share is None:
            raise forbidden()
        return album, share

    def live_content(self, album: Album, content_id: int) -> Content:
        if content_id not in album.order:
            raise forbidden()
        return self.contents[content_id]

    def items(self, album: Album) -> list[Content]:
        return [self.contents[cid] for cid in album.order]

    def owned_albums(self, owner: int) -> list[Album]:
        """The owner's live albums, oldest first."""
        return list(self.by_owner.get(owner, ()))

    def add_session(self, session: Session, now: datetime) -> None:
        """Keep a session; expired ones are dropped now and then so long runs stay small."""
        self.sessions[session.token] = session
        if len(self.sessions) >= self._prune_sessions_at:
            self.sessions = {t: s for t, s in self.sessions.items() if s.expires_at > now}
            self._prune_sessions_at = max(1024, 2 * len(self.sessions))

    # -- shares -------------------------------------------------------------------------

    def recipients(self, album_id: int, now: datetime) -> list[Share]:
        """Active shares of an album, in share order."""
        found = [s for s in self.shares_of.get(album_id, {}).values() if s.active(now)]
        found.sort(key=lambda s: (s.shared_at, s.recipient_id))
        return found

    def shares_to_viewer(self, viewer: int, now: datetime) -> list[Share]:
        """Active shares to ``viewer`` on live albums, newest share first."""
        found = [
            s
            for s in self.shares_to.get(viewer, {}).values()
            if s.active(now) and self.live_album(s.album_id) is not None
        ]
        found.sort(key=lambda s: (s.shared_at, s.album_id), reverse=True)
        return found

    def rank(self, album: Album, viewer: int, now: datetime) -> tuple[int | None, int | None]:
        """``(albumNumber, totalAlbumsShared)`` of ``album`` as ``viewer`` sees it.

        For a recipient: the 1-based rank by ``createdAt`` among the owner's albums shared
        with the viewer, and their count. For the owner: the same over all own albums.
        """
        if album.owner_id == viewer:
            ranked = self.owned_albums(viewer)
        else:
            ranked = [
                a
                for a in self.owned_albums(album.owner_id)
                if self.active_share(a.id, viewer, now) is not None
            ]
        ids = [a.id for a in ranked]
        if album.id not in ids:
            return None, None
        return ids.index(album.id) + 1, len(ids)

    def put_share(self, share: Share) -> None:
        self.shares_of.setdefault(share.album_id, {})[share.recipient_id] = share
        self.shares_to.setdefault(share.recipient_id, {})[share.album_id] = share

    def drop_share(self, album_id: int, recipient: int) -> None:
        self.shares_of.get(album_id, {}).pop(recipient, None)
        self.shares_to.get(recipient, {}).pop(album_id, None)

    def share(
        self, album: Album, listed: list[tuple[int, ExpirationType]], now: datetime
    ) -> list[Share]:
        """G20: create or replace the listed shares, re-typing every other active one.

        Validation (profiles, types) happens before; this checks the share limits and then
        applies everything, so a 402 changes nothing. The last listed type is "the new
        type" that earlier shares inherit (quirk 13).
        """
        limits = self.profiles[album.owner_id].limits
        active = {s.recipient_id for s in self.recipients(album.id, now)}
        if len(active | {pid for pid, _ in listed}) > limits.max_shares:
            raise payment_required()
        if not active:
            shared_albums = [
                a for a in self.owned_albums(album.owner_id) if self.recipients(a.id, now)
            ]
            if len(shared_albums) >= limits.max_shareable_albums:
                raise payment_required()
        newest = listed[-1][1]
        listed_ids = {pid for pid, _ in listed}
        for recipient in active - listed_ids:
            self.shares_of[album.id][recipient].apply(newest, now)
        result = []
        for recipient, kind in listed:
            share = Share(
                album_id=album.id,
                owner_id=album.owner_id,
                recipient_id=recipient,
                type=kind,
                shared_at=now,
            )
            share.apply(kind, now)
            self.put_share(share)
            result.append(share)
        return result

    def open_once(self, share: Share, now: datetime, window: timedelta) -> None:
        """Open a ONCE share: access ends ``window`` later (§5.2, quirk 4)."""
        share.opened_at = now
        share.expires_at = now + window

    # -- albums and content ---------------------------------------------------------------

    def create_album(self, owner: Profile, name: str | None, now: datetime) -> Album:
        if len(self.owned_albums(owner.id)) >= owner.limits.max_albums:
            raise payment_required()
        album = Album(
            id=self.new_id(), owner_id=owner.id, name=name, created_at=now, updated_at=now
        )
        self.albums[album.id] = album
        owned = self.by_owner.setdefault(owner.id, [])
        bisect.insort(owned, album, key=lambda a: (a.created_at, a.id))
        return album

    def delete_album(self, album: Album) -> None:
        """Delete the album and every share; owner-issued CDN URLs keep working (§4, G10)."""
        album.deleted = True
        owned = self.by_owner[album.owner_id]
        owned[:] = [a for a in owned if a is not album]
        for recipient in list(self.shares_of.get(album.id, {})):
            self.drop_share(album.id, recipient)

    def add_content(self, album: Album, upload: Upload, *, now: datetime, processing: float) -> int:
        """G11 after sniffing: idempotent by (album, SHA-256), restoring deleted items.

        Then the contract's remaining checks in order: item and video counts (402), MP4
        length (400; WebM length is not checked).
        """
        existing = album.by_hash.get(upload.sha256)
        if existing is not None and existing in album.order:
            return existing
        limits = self.profiles[album.owner_id].limits
        items = self.items(album)
        if len(items) >= limits.max_content_items_per_album:
            raise payment_required()
        is_video = upload.mime.startswith("video/")
        if is_video and sum(c.is_video for c in items) >= limits.max_videos_per_album:
            raise payment_required()
        if upload.duration_ms is not None and not (
            limits.min_video_length_ms <= upload.duration_ms <= limits.max_video_length_ms
        ):
            raise ApiError(400, INVALID_VIDEO_LENGTH)
        content_id = existing if existing is not None else self.new_id()
        self.contents[content_id] = Content(
            id=content_id,
            album_id=album.id,
            owner_id=album.owner_id,
            data=upload.data,
            mime=upload.mime,
            sha256=upload.sha256,
            uploaded_at=now,
            duration_ms=upload.duration_ms,
            processing_until=now + timedelta(seconds=processing) if is_video else None,
        )
        album.by_hash[upload.sha256] = content_id
        album.order.append(content_id)
        album.touch(now)
        for share in self.shares_of.get(album.id, {}).values():
            share.has_unseen = True
        return content_id

    def reorder(self, album: Album, content_ids: list[int], now: datetime) -> None:
        if len(content_ids) != len(album.order) or set(content_ids) != set(album.order):
            raise ApiError(400, INVALID_CONTENT_ORDER)
        album.order = list(content_ids)
        album.touch(now)

    def delete_content(self, album: Album, content_id: int, now: datetime) -> None:
        """G13: the item leaves the album; its bytes and hash mapping stay (quirks 7, 8)."""
        if content_id not in album.order:
            raise forbidden()
        album.order.remove(content_id)
        self.contents[content_id].deleted = True
        album.touch(now)

    def paywall_for(self, viewer: int, owner: int | None = None) -> list[tuple[PaywallItem, Album]]:
        """Seeded paywall items shown to ``viewer`` (optionally of one owner), live albums only."""
        found = []
        for item in self.paywall:
            album = self.live_album(item.album_id)
            if item.viewer_id != viewer or album is None:
                continue
            if owner is None or album.owner_id == owner:
                found.append((item, album))
        return found

    def profile(self, profile_id: int) -> Profile:
        profile = self.profiles.get(profile_id)
        if profile is None:
            raise bad_request("Profile not found")
        return profile

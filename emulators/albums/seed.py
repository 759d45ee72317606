"""Deterministic seed data of the Albums emulator and the credentials the gateway uses.

Times are laid out relative to the clock reading at seeding (``SEED_EPOCH`` unless the
clock says otherwise); album and content ids come from ``random.Random(seed)``, so they are
the same for the same seed. Media bytes are tiny PNG/JPEG/MP4 files with distinct salts.

Profiles (``*`` = online, ``♥`` = a favourite of the demo user):

- ``demo`` (DEMO_*): owns 2 of its 3 allowed albums, so one more can be created.
  "Summer 2026" (2 PNG, 1 JPEG, 1 MP4 of 8 s) is shared INDEFINITE with ``other`` and ``alex``;
  "Private" (1 JPEG, 1 MP4 of 12 s) is not shared.
- ``other`` (OTHER_*): the isolation user. Owns "Other's album" (not shared with demo,
  shared with ``casey``); receives demo's "Summer 2026" and alex's "Beach".
- ``alex`` *♥: owns 3 albums (its maximum), all shared with demo, so albumNumber runs
  1..3 and every shareable-album slot is taken: "Beach" INDEFINITE (also to ``other``),
  "Gym" ONE_HOUR (50 min left), "Night out" TEN_MINUTES (6 min left).
- ``sam`` *♥: "For your eyes only", ONCE, unopened.
- ``jordan``: "Road trip" ONE_DAY (22 h left) and "Old news" whose TEN_MINUTES share
  expired a day ago (it is in no feed).
- ``kai`` *♥: "Videos" (2 MP4s, no images) INDEFINITE, also paywalled for demo.
- ``taylor`` *: premium limits; "Empty for now", an empty album shared INDEFINITE
  (its feed ``coverContent`` is null).
- ``riley``: "Premium", not shared, paywalled for demo (G27 only).
- ``morgan``: an empty display name and an unnamed (``null``) album shared ONE_DAY
  (19 h left), so the feed carries both documented blanks.
- ``casey``: owns nothing; receives "Other's album".

Each profile signs in with ``<name>@mediagraph.test`` and ``<name>-auth-token`` (or the
password ``<name>-password``).
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from emulators._common.media import make_jpeg, make_mp4, make_png, sniff_mime
from emulators.albums.model import ExpirationType, Limits, PaywallItem, Profile, Share
from emulators.albums.store import Store, Upload

DEMO_EMAIL = "demo@mediagraph.test"
DEMO_AUTH_TOKEN = "demo-auth-token"  # noqa: S105 (public seed credential)
DEMO_PASSWORD = "demo-password"  # noqa: S105 (public seed credential)
DEMO_PROFILE_ID = 3_100_000_001
OTHER_EMAIL = "other@mediagraph.test"
OTHER_AUTH_TOKEN = "other-auth-token"  # noqa: S105 (public seed credential)
OTHER_PASSWORD = "other-password"  # noqa: S105 (public seed credential)
OTHER_PROFILE_ID = 3_100_000_002
ALEX_PROFILE_ID = 3_100_000_003
SAM_PROFILE_ID = 3_100_000_004
JORDAN_PROFILE_ID = 3_100_000_005
RILEY_PROFILE_ID = 3_100_000_006
KAI_PROFILE_ID = 3_100_000_007
TAYLOR_PROFILE_ID = 3_100_000_008
MORGAN_PROFILE_ID = 3_100_000_009
CASEY_PROFILE_ID = 3_100_000_010

_H = timedelta(hours=1)
_D = timedelta(days=1)
_M = timedelta(minutes=1)

#: (login name, id, display name, onlineUntil relative to now or None, distance km, avatar)
_PROFILES = [
    ("demo", DEMO_PROFILE_ID, "Demo", 12 * _H, None, True),
    ("other", OTHER_PROFILE_ID, "Other", -3 * _H, 4.2, True),
    ("alex", ALEX_PROFILE_ID, "Alex", 12 * _H, 1.2, True),
    ("sam", SAM_PROFILE_ID, "Sam", 12 * _H, 3.4, True),
    ("jordan", JORDAN_PROFILE_ID, "Jordan", -3 * _H, 12.5, True),
    ("riley", RILEY_PROFILE_ID, "Riley", None, None, False),
    ("kai", KAI_PROFILE_ID, "Kai", 12 * _H, 0.8, True),
    ("taylor", TAYLOR_PROFILE_ID, "Taylor", 12 * _H, 25.0, False),
    ("morgan", MORGAN_PROFILE_ID, "", -1 * _D, 7.7, False),
    ("casey", CASEY_PROFILE_ID, "Casey", None, 40.1, True),
]
DEMO_FAVOURITES = frozenset({ALEX_PROFILE_ID, SAM_PROFILE_ID, KAI_PROFILE_ID})

#: (owner, name, created ago, items, [(recipient, type, shared ago, unseen)])
#: Items: "png", "jpeg" or an MP4 length in ms.
_ALBUMS: list[
    tuple[
        int,
        str | None,
        timedelta,
        list[str | int],
        list[tuple[int, ExpirationType, timedelta, bool]],
    ]
] = [
    (
        DEMO_PROFILE_ID,
        "Summer 2026",
        30 * _D,
        ["png", "jpeg", 8000, "png"],
        [
            (OTHER_PROFILE_ID, ExpirationType.INDEFINITE, 10 * _D, False),
            (ALEX_PROFILE_ID, ExpirationType.INDEFINITE, 9 * _D, True),
        ],
    ),
    (DEMO_PROFILE_ID, "Private", 20 * _D, ["jpeg", 12000], []),
    (
        OTHER_PROFILE_ID,
        "Other's album",
        15 * _D,
        ["png", "jpeg"],
        [
            (CASEY_PROFILE_ID, ExpirationType.INDEFINITE, 14 * _D, True),
        ],
    ),
    (
        ALEX_PROFILE_ID,
        "Beach",
        60 * _D,
        ["png", "png", 5000],
        [
            (DEMO_PROFILE_ID, ExpirationType.INDEFINITE, 7 * _D, False),
            (OTHER_PROFILE_ID, ExpirationType.INDEFINITE, 6 * _D, True),
        ],
    ),
    (
        ALEX_PROFILE_ID,
        "Gym",
        40 * _D,
        ["jpeg"],
        [
            (DEMO_PROFILE_ID, ExpirationType.ONE_HOUR, 10 * _M, True),
        ],
    ),
    (
        ALEX_PROFILE_ID,
        "Night out",
        5 * _D,
        ["png", 10000],
        [
            (DEMO_PROFILE_ID, ExpirationType.TEN_MINUTES, 4 * _M, True),
        ],
    ),
    (
        SAM_PROFILE_ID,
        "For your eyes only",
        3 * _D,
        ["jpeg", 6000],
        [
            (DEMO_PROFILE_ID, ExpirationType.ONCE, 1 * _H, True),
        ],
    ),
    (
        JORDAN_PROFILE_ID,
        "Road trip",
        12 * _D,
        ["png", "png", "jpeg"],
        [
            (DEMO_PROFILE_ID, ExpirationType.ONE_DAY, 2 * _H, False),
        ],
    ),
    (
        JORDAN_PROFILE_ID,
        "Old news",
        30 * _D,
        ["jpeg"],
        [
            (DEMO_PROFILE_ID, ExpirationType.TEN_MINUTES, 1 * _D, True),
        ],
    ),
    (
        KAI_PROFILE_ID,
        "Videos",
        8 * _D,
        [4000, 9000],
        [
            (DEMO_PROFILE_ID, ExpirationType.INDEFINITE, 1 * _D, True),
        ],
    ),
    (
        TAYLOR_PROFILE_ID,
        "Empty for now",
        2 * _D,
        [],
        [
            (DEMO_PROFILE_ID, ExpirationType.INDEFINITE, 30 * _M, True),
        ],
    ),
    (RILEY_PROFILE_ID, "Premium", 25 * _D, ["jpeg", "png"], []),
    (
        MORGAN_PROFILE_ID,
        None,
        45 * _D,
        ["jpeg"],
        [(DEMO_PROFILE_ID, ExpirationType.ONE_DAY, 5 * _H, True)],
    ),
]

#: (album name, viewer) pairs shown in G27.
_PAYWALL = [("Videos", DEMO_PROFILE_ID), ("Premium", DEMO_PROFILE_ID)]


def _media(kind: str | int, salt: bytes) -> bytes:
    if kind == "png":
        return make_png(salt=salt)
    if kind == "jpeg":
        return make_jpeg(salt=salt)
    assert isinstance(kind, int)
    return make_mp4(duration_ms=kind, salt=salt)


def _profiles(store: Store, now: datetime) -> None:
    for login, profile_id, name, online, distance, avatar in _PROFILES:
        store.add_profile(
            Profile(
                id=profile_id,
                name=name,
                email=f"{login}@mediagraph.test",
                auth_token=f"{login}-auth-token",
                password=f"{login}-password",
                online_until=None if online is None else now + online,
                distance_km=distance,
                image=make_png(salt=f"avatar-{login}".encode()) if avatar else None,
                favourites=set(DEMO_FAVOURITES) if profile_id == DEMO_PROFILE_ID else set(),
            )
        )
    store.profiles[TAYLOR_PROFILE_ID].limits = Limits(
        subscription_type="PremiumAlbums", max_albums=10, max_shareable_albums=10
    )


def build_store(*, seed: int, now: datetime) -> Store:
    """A fresh store holding the seed; ``now`` anchors every seeded time."""
    # Whole seconds, so a flowing clock still yields the same zoneless timestamps.
    now = now.replace(microsecond=0)
    store = Store(rng=random.Random(seed))
    _profiles(store, now)
    by_name = {}
    salt = 0
    for owner, name, created_ago, items, shares in _ALBUMS:
        created = now - created_ago
        album = store.create_album(store.profiles[owner], name, created)
        by_name[name] = album
        for index, kind in enumerate(items):
            salt += 1
            data = _media(kind, f"albums-seed-{salt}".encode())
            mime = sniff_mime(data)
            assert mime is not None
            # Seed media skip the upload checks: the seed is trusted and within limits.
            upload = Upload(
                data=data, mime=mime, sha256=hashlib.sha256(data).hexdigest(), duration_ms=None
            )
            store.add_content(album, upload, now=created + (index + 1) * _M, processing=0)
        for recipient, kind, shared_ago, unseen in shares:
            share = Share(
                album_id=album.id,
                owner_id=owner,
                recipient_id=recipient,
                type=kind,
                shared_at=now - shared_ago,
            )
            share.apply(kind, now - shared_ago)
            share.has_unseen = unseen
            store.put_share(share)
    for album_name, viewer in _PAYWALL:
        store.paywall.append(PaywallItem(by_name[album_name].id, viewer))
    return store

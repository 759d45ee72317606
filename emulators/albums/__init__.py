"""In-memory emulator of the Albums API (contract: shared/upstream/albums-api.md)."""

from __future__ import annotations

from emulators.albums.config import AlbumsConfig
from emulators.albums.emulator import AlbumsEmulator, create_app
from emulators.albums.seed import (
    ALEX_PROFILE_ID,
    CASEY_PROFILE_ID,
    DEMO_AUTH_TOKEN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROFILE_ID,
    JORDAN_PROFILE_ID,
    KAI_PROFILE_ID,
    MORGAN_PROFILE_ID,
    OTHER_AUTH_TOKEN,
    OTHER_EMAIL,
    OTHER_PASSWORD,
    OTHER_PROFILE_ID,
    RILEY_PROFILE_ID,
    SAM_PROFILE_ID,
    TAYLOR_PROFILE_ID,
)

__all__ = [
    "ALEX_PROFILE_ID",
    "CASEY_PROFILE_ID",
    "DEMO_AUTH_TOKEN",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "DEMO_PROFILE_ID",
    "JORDAN_PROFILE_ID",
    "KAI_PROFILE_ID",
    "MORGAN_PROFILE_ID",
    "OTHER_AUTH_TOKEN",
    "OTHER_EMAIL",
    "OTHER_PASSWORD",
    "OTHER_PROFILE_ID",
    "RILEY_PROFILE_ID",
    "SAM_PROFILE_ID",
    "TAYLOR_PROFILE_ID",
    "AlbumsConfig",
    "AlbumsEmulator",
    "create_app",
]

"""Fixtures for the Public Profile emulator tests: a frozen clock, the app, and an API helper."""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from starlette.applications import Starlette

# `python -m pytest` puts the project root on sys.path, but a bare `pytest` in importlib
# mode does not; the emulator package (and the test modules' imports) need it either way.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from emulators._common.clock import Clock  # noqa: E402
from emulators._common.media import make_jpeg, make_mp4, make_png  # noqa: E402
from emulators.profiles import (  # noqa: E402
    DEMO_PROFILE_ID,
    DEMO_TOKEN,
    ProfilesEmulator,
    create_app,
)

BASE_URL = "http://profiles.test"


def encrypt(plain: bytes, key: bytes, iv: bytes) -> bytes:
    """AES-256-CBC with PKCS#7 over the whole file, as §4.1 says."""
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()


class ProfilesApi:
    """Drives the emulator in process; calls are made as ``token`` (the demo token)."""

    def __init__(self, http: httpx.AsyncClient, app: Starlette) -> None:
        self.http = http
        self.app = app
        self.emulator: ProfilesEmulator = app.state.emulator
        self._salt = 0

    @property
    def clock(self) -> Clock:
        return self.emulator.clock

    @staticmethod
    def prefix(profile_id: str = DEMO_PROFILE_ID) -> str:
        return f"/v1/public_profiles/{profile_id}"

    async def call(
        self, method: str, path: str, *, token: str | None = DEMO_TOKEN, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers.setdefault("Authorization", f"Bearer {token}")
        return await self.http.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("POST", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("DELETE", path, **kwargs)

    # media fixtures

    def salt(self) -> bytes:
        self._salt += 1
        return f"salt-{self._salt}".encode()

    def video(
        self, *, seconds: float = 10, width: int = 1080, height: int = 1920, extra: int = 0
    ) -> bytes:
        return make_mp4(
            duration_ms=int(seconds * 1000),
            width=width,
            height=height,
            salt=self.salt(),
            mdat_bytes=extra,
        )

    def png(self) -> bytes:
        return make_png(salt=self.salt())

    def jpeg(self) -> bytes:
        return make_jpeg(salt=self.salt())

    # the upload pipeline

    async def create_media(
        self,
        kind: str = "VIDEO",
        *,
        key: bytes,
        iv: bytes,
        profile_id: str = DEMO_PROFILE_ID,
        token: str = DEMO_TOKEN,
    ) -> httpx.Response:
        body = {
            "type": kind,
            "name": "clip",
            "key": base64.b64encode(key).decode(),
            "iv": base64.b64encode(iv).decode(),
        }
        return await self.post(f"{self.prefix(profile_id)}/media", json=body, token=token)

    async def add(
        self, path: str, number: int | str, chunk: bytes, **kwargs: Any
    ) -> httpx.Response:
        return await self.post(
            path,
            data={"action": "ADD", "part_number": str(number)},
            files={"file": ("part.bin", chunk, "application/octet-stream")},
            **kwargs,
        )

    async def finalize(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.post(path, files={"action": (None, "FINALIZE")}, **kwargs)

    async def start_upload(self, kind: str = "VIDEO") -> tuple[str, str, bytes, bytes]:
        """S1 with a fresh key and IV: (media_id, add_path, key, iv)."""
        key, iv = os.urandom(32), os.urandom(16)
        response = await self.create_media(kind, key=key, iv=iv)
        assert response.status_code == 200, response.text
        body = response.json()
        return body["media_id"], body["add_path"], key, iv

    async def upload(
        self,
        plain: bytes,
        kind: str = "VIDEO",
        *,
        part_size: int | None = None,
        order: Sequence[int] | None = None,
        ready: bool = True,
    ) -> str:
        """Encrypt, split, ADD (in ``order``), FINALIZE; past the processing window if ``ready``."""
        media_id, path, key, iv = await self.start_upload(kind)
        cipher = encrypt(plain, key, iv)
        size = part_size or len(cipher)
        parts = [cipher[i : i + size] for i in range(0, len(cipher), size)]
        for index in order or range(len(parts)):
            response = await self.add(path, index + 1, parts[index])
            assert response.status_code == 200, response.text
        response = await self.finalize(path)
        assert response.status_code == 200, response.text
        if ready:
            self.clock.advance(self.emulator.config.media_processing_seconds)
        return media_id

    async def post_spotlight(self, media_id: str, **fields: Any) -> httpx.Response:
        body = {"media_id": media_id, "locale": "en_US", **fields}
        return await self.post(f"{self.prefix()}/spotlights", json=body)


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen=True)


@pytest.fixture
def app(clock: Clock) -> Starlette:
    return create_app(clock=clock)


@pytest.fixture
def emulator(app: Starlette) -> ProfilesEmulator:
    emulator: ProfilesEmulator = app.state.emulator
    return emulator


@pytest.fixture
async def http(app: Starlette, anyio_backend: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient, app: Starlette) -> ProfilesApi:
    return ProfilesApi(http, app)

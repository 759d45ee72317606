"""Fixtures for the Albums emulator tests: a frozen clock, the app, and an API helper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from emulators._common.clock import Clock
from emulators._common.media import make_jpeg, make_mp4, make_png
from emulators.albums import DEMO_PROFILE_ID as DEMO
from emulators.albums import AlbumsEmulator, create_app
from emulators.albums.model import Album

BASE_URL = "http://albums.test"


class AlbumsApi:
    """Drives the emulator in process; every call signs in as ``as_`` (the demo user)."""

    def __init__(self, http: httpx.AsyncClient, app: Starlette) -> None:
        self.http = http
        self.app = app
        self.emulator: AlbumsEmulator = app.state.emulator
        self._salt = 0

    @property
    def clock(self) -> Clock:
        return self.emulator.clock

    def auth(self, profile_id: int = DEMO) -> dict[str, str]:
        """A fresh session each time, so clock jumps in tests never leave a stale one."""
        return {"Authorization": f"Grindr3 {self.emulator.session_for(profile_id)}"}

    async def call(
        self, method: str, path: str, *, as_: int | None = DEMO, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if as_ is not None:
            headers = {**self.auth(as_), **headers}
        return await self.http.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("POST", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("PUT", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("DELETE", path, **kwargs)

    def album(self, name: str) -> Album:
        """A seeded (or created) live album by name."""
        for album in self.emulator.store.albums.values():
            if album.name == name and not album.deleted:
                return album
        raise KeyError(name)

    def album_id(self, name: str) -> int:
        return self.album(name).id

    def content_ids(self, name: str) -> list[int]:
        return list(self.album(name).order)

    def _next_salt(self) -> bytes:
        self._salt += 1
        return f"test-{self._salt}".encode()

    def png(self) -> bytes:
        """Bytes no other test upload has."""
        return make_png(salt=self._next_salt())

    def jpeg(self) -> bytes:
        return make_jpeg(salt=self._next_salt())

    def mp4(self, duration_ms: int = 3000, **kwargs: Any) -> bytes:
        return make_mp4(duration_ms=duration_ms, salt=self._next_salt(), **kwargs)

    async def upload(
        self, album_id: int, data: bytes, *, as_: int = DEMO, **kwargs: Any
    ) -> httpx.Response:
        files = {"content": ("upload.bin", data, "application/octet-stream")}
        return await self.post(f"/v1/albums/{album_id}/content", as_=as_, files=files, **kwargs)

    async def create_album(self, name: str | None = "Created", *, as_: int = DEMO) -> int:
        response = await self.post("/v2/albums", as_=as_, json={"albumName": name})
        assert response.status_code == 200, response.text
        return int(response.json()["albumId"])

    async def feed(self, body: Any = None, *, as_: int = DEMO) -> dict[str, Any]:
        response = await self.post("/v3/pressie-albums/feed", as_=as_, json=body or {})
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    @staticmethod
    def error(response: httpx.Response, status: int, message: str) -> None:
        """Assert the API's error shape: the status and ``{"message": text}`` as JSON."""
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert response.json() == {"message": message}

    @staticmethod
    def empty_ok(response: httpx.Response) -> None:
        """Assert the API's empty success: 200 with ``Content-Length: 0``."""
        assert response.status_code == 200, response.text
        assert response.content == b""
        assert response.headers["content-length"] == "0"

    async def feed_item(self, album_id: int, *, as_: int = DEMO) -> dict[str, Any] | None:
        for item in (await self.feed(as_=as_))["sharedAlbums"]:
            if item["albumId"] == album_id:
                return dict(item)
        return None


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen=True)


@pytest.fixture
def app(clock: Clock) -> Starlette:
    return create_app(clock=clock)


@pytest.fixture
async def http(app: Starlette, anyio_backend: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient, app: Starlette) -> AlbumsApi:
    return AlbumsApi(http, app)

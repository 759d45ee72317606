"""The real gateway over in-process emulators, for writes: a clock whose sleeps only move the
clocks (ours and both emulators'), GraphQL multipart requests, an in-process websocket, and a
gate that holds FINALIZE calls until a test lets them through."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from emulators._common.clock import Clock
from emulators._common.media import make_jpeg, make_mp4
from gateway.app import create_app
from gateway.resilience import Timing
from gateway.settings import HTTPSafety, UploadSettings
from tests.gateway.conftest import Stack, make_settings, make_stack
from tests.media.conftest import Spy

#: Waits that cost nothing: the fake clock moves, nothing sleeps.
FAST = UploadSettings(part_backoff=0.01, part_backoff_max=0.04)
PREFLIGHT = {"GraphQL-Preflight": "1"}


class FakeTime:
    """A monotonic clock and a sleep that only move the clocks (ours and the emulators')."""

    def __init__(self, *clocks: Clock) -> None:
        self.now = 1000.0
        self.waits: list[float] = []
        self.clocks = clocks

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds
        for clock in self.clocks:
            clock.advance(seconds)
        await asyncio.sleep(0)  # a yield, not a wait


class FinalizeGate(Spy):
    """The profiles transport: records upload actions (``Spy``), and holds every FINALIZE at
    ``finalize`` while it is set, until the test opens it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        super().__init__(inner)
        self.finalize: asyncio.Event | None = None
        self.finalize_waiting = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.finalize is not None and request.url.path.endswith("/multipart-upload"):
            action = await self._action(request)
            if action == "FINALIZE":
                self.finalize_waiting.set()
                await self.finalize.wait()
            # ``_action`` replayed the stream, so the parent can read it again.
        return await super().handle_async_request(request)


@dataclass
class WriteStack(Stack):
    """``Stack`` plus the ASGI app, the fake clock and the profiles transport."""

    app: Any = None
    time: FakeTime = field(default_factory=FakeTime)
    gate: FinalizeGate | None = None
    #: The lifespan's shared resources (jobs, uploads, idempotency store).
    upstreams: Any = None

    async def upload(
        self,
        query: str,
        variables: dict[str, Any],
        files: dict[str, tuple[str, Any, str]],
        *,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """A GraphQL multipart request: ``files`` maps a variable path (``input.file``) to
        (file name, bytes or an open file, content type)."""
        response = await self.multipart(query, variables, files, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def multipart(
        self,
        query: str,
        variables: dict[str, Any],
        files: dict[str, tuple[str, Any, str]],
        *,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        paths = list(files)
        mapping = {str(i): [f"variables.{path}"] for i, path in enumerate(paths)}
        return await self.client.post(
            "/graphql",
            data={
                "operations": json.dumps({"query": query, "variables": variables}),
                "map": json.dumps(mapping),
            },
            files={str(i): files[path] for i, path in enumerate(paths)},
            headers={**PREFLIGHT, **self.headers, **(headers or {})},
        )

    def websocket(self, headers: dict[str, str] | None = None) -> WebSocket:
        return WebSocket(self.app, headers or {})


class write_stack(make_stack):
    """``make_stack`` with a fake clock, no rate limit, fast retries, and the FINALIZE gate."""

    def __init__(self, **overrides: Any) -> None:
        overrides.setdefault("http", HTTPSafety(rate_per_second=0))
        overrides.setdefault("upload", FAST)
        super().__init__(**overrides)
        self.time = FakeTime(
            self.albums_app.state.emulator.clock, self.profiles_app.state.emulator.clock
        )
        self.gate = FinalizeGate(httpx.ASGITransport(app=self.profiles_app))
        self.app = create_app(
            make_settings(**overrides),
            transports={
                "albums": httpx.ASGITransport(app=self.albums_app),
                "profiles": self.gate,
            },
            timing=Timing(monotonic=self.time.monotonic, sleep=self.time.sleep, random=lambda: 0.5),
        )
        self._manager = LifespanManager(self.app)

    async def __aenter__(self) -> WriteStack:  # type: ignore[override]
        stack = await super().__aenter__()
        return WriteStack(
            client=stack.client,
            albums=stack.albums,
            profiles=stack.profiles,
            albums_client=stack.albums_client,
            app=self._manager.app,
            time=self.time,
            gate=self.gate,
            upstreams=self._manager._state["upstreams"],
        )


@pytest.fixture
async def stack(anyio_backend: str) -> AsyncIterator[WriteStack]:
    async with write_stack() as running:
        yield running


class WebSocket:
    """An in-process websocket client speaking graphql-transport-ws to the ASGI app."""

    def __init__(self, app: Any, headers: dict[str, str]) -> None:
        self._app = app
        self._headers = headers
        self._to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        #: The app's answer to the handshake: ``websocket.accept`` or ``websocket.close``.
        self.handshake: dict[str, Any] = {}

    async def __aenter__(self) -> WebSocket:
        headers = [(k.lower().encode(), v.encode()) for k, v in self._headers.items()]
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "scheme": "ws",
            "server": ("gateway.test", 80),
            "client": ("127.0.0.1", 50000),
            "root_path": "",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "headers": [*headers, (b"sec-websocket-protocol", b"graphql-transport-ws")],
            "subprotocols": ["graphql-transport-ws"],
        }
        self._task = asyncio.create_task(self._app(scope, self._to_app.get, self._from_app.put))
        await self._to_app.put({"type": "websocket.connect"})
        self.handshake = await self._from_app.get()
        if self.handshake["type"] == "websocket.accept":
            assert self.handshake.get("subprotocol") == "graphql-transport-ws"
        return self

    async def send(self, message: dict[str, Any]) -> None:
        await self._to_app.put({"type": "websocket.receive", "text": json.dumps(message)})

    async def receive(self) -> dict[str, Any]:
        message = await self._from_app.get()
        assert message["type"] == "websocket.send", message
        received: dict[str, Any] = json.loads(message["text"])
        return received

    async def init(self, payload: dict[str, Any] | None = None) -> None:
        assert self.handshake["type"] == "websocket.accept", self.handshake
        await self.send({"type": "connection_init", "payload": payload or {}})
        assert (await self.receive())["type"] == "connection_ack"

    async def __aexit__(self, *exc: object) -> None:
        await self._to_app.put({"type": "websocket.disconnect", "code": 1000})
        assert self._task is not None
        try:
            await asyncio.wait_for(self._task, timeout=5)
        except TimeoutError:
            self._task.cancel()


def video(
    path: Path, *, duration_ms: int = 10_000, mdat_bytes: int = 20_000, salt: int = 0
) -> Path:
    """An MP4 (1080x1920) padded with ``mdat_bytes`` distinct bytes, written to ``path``."""
    header = make_mp4(duration_ms=duration_ms, width=1080, height=1920)
    body = bytes((salt + i) % 251 for i in range(mdat_bytes))
    path.write_bytes(header + (8 + len(body)).to_bytes(4, "big") + b"mdat" + body)
    return path


def jpeg(salt: bytes = b"") -> bytes:
    return make_jpeg(salt=salt or b"mediagraph")

"""Fixtures for the media pipeline tests: the real emulators in process behind ``UpstreamHTTP``,
a clock and sleep that never wait, and MP4 files written to a temporary directory."""

from __future__ import annotations

import asyncio
import hashlib
import random
import struct
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

# A bare `pytest` in importlib mode does not put the project root on sys.path.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from emulators._common.clock import Clock  # noqa: E402
from emulators._common.media import make_mp4  # noqa: E402
from emulators.albums import create_app as create_albums  # noqa: E402
from emulators.albums import seed as albums_seed  # noqa: E402
from emulators.profiles import DEMO_PROFILE_ID, DEMO_TOKEN  # noqa: E402
from emulators.profiles import create_app as create_profiles  # noqa: E402
from gateway.media.upload import MediaUploader  # noqa: E402
from gateway.settings import Secret, UploadSettings  # noqa: E402
from gateway.upstreams._http import UpstreamHTTP  # noqa: E402
from gateway.upstreams.albums_auth import ServiceAuth, ServiceSessions  # noqa: E402
from gateway.upstreams.albums_upload import AlbumsWriter  # noqa: E402
from gateway.upstreams.profiles_upload import ProfilesWriter  # noqa: E402

PROFILES_URL = "http://profiles.test"
ALBUMS_URL = "http://albums.test"
#: Small parts so a file of a few hundred KiB exercises many parts, retries and concurrency.
SMALL_PART = 64 * 1024
SMALL_CHUNK = 16 * 1024
#: Waits near zero, as the contract says tests should use.
FAST = UploadSettings(
    part_backoff=0.001,
    part_backoff_max=0.004,
    posting_backoff=1.0,
    posting_backoff_max=15.0,
    posting_give_up=120.0,
)


class FakeTime:
    """A monotonic clock and a sleep that only move the clocks (ours and the emulator's)."""

    def __init__(self, emulator_clock: Clock | None = None) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self._emulator_clock = emulator_clock

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds
        if self._emulator_clock is not None:
            self._emulator_clock.advance(seconds)
        await asyncio.sleep(0)  # a yield, not a wait


class Spy(httpx.AsyncBaseTransport):
    """Wraps the emulator's transport: records each upload request's action and how many ADDs
    are in flight, and can hold ADDs at a gate or fail requests before they reach the emulator.
    """

    #: Loop turns each request yields before it is forwarded, so parallel requests overlap.
    TURNS = 8

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.actions: list[str] = []
        self.bodies: list[bytes] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.gate: asyncio.Event | None = None
        self.arrived = 0
        self.arrivals = asyncio.Event()
        self.wanted_arrivals = 0
        self.failures: dict[str, list[httpx.Response | Exception]] = {"ADD": [], "FINALIZE": []}

    def hold_adds(self, until: int) -> asyncio.Event:
        """Hold every ADD until the returned gate opens; ``arrivals`` fires at ``until``."""
        self.gate = asyncio.Event()
        self.wanted_arrivals = until
        return self.gate

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/multipart-upload"):
            body = await request.aread()
            self.bodies.append(body)
            return await self.inner.handle_async_request(request)
        action = await self._action(request)
        self.actions.append(action)
        if action == "ADD":
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(self.TURNS):
                await asyncio.sleep(0)
            if action == "ADD" and self.gate is not None:
                self.arrived += 1
                if self.arrived >= self.wanted_arrivals:
                    self.arrivals.set()
                await self.gate.wait()
            if self.failures[action]:
                failure = self.failures[action].pop(0)
                if isinstance(failure, Exception):
                    raise failure
                return failure
            return await self.inner.handle_async_request(request)
        finally:
            if action == "ADD":
                self.in_flight -= 1

    @staticmethod
    async def _action(request: httpx.Request) -> str:
        """Peek at the multipart fields that precede the file, then replay the stream."""
        stream = request.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        iterator = stream.__aiter__()
        head: list[bytes] = []
        async for chunk in iterator:
            head.append(chunk)
            seen = b"".join(head)
            if b"FINALIZE" in seen:
                action = "FINALIZE"
                break
            if b'name="part_number"' in seen:
                action = "ADD"
                break
        else:
            action = "?"

        async def replay() -> AsyncIterator[bytes]:
            for chunk in head:
                yield chunk
            async for chunk in iterator:
                yield chunk

        request.stream = _Replay(replay())
        return action


class _Replay(httpx.AsyncByteStream):
    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._chunks:
            yield chunk


def failure(status: int, code: str = "INTERNAL_ERROR") -> httpx.Response:
    """An upstream error answer in the Public Profile envelope."""
    body = {"request_status": "ERROR", "request_id": "r", "error_code": code}
    return httpx.Response(status, json=body)


@dataclass
class Profiles:
    """The Public Profile emulator in process and a writer for the demo profile."""

    app: Any
    http: UpstreamHTTP
    writer: ProfilesWriter
    time: FakeTime
    spy: Spy
    profile_id: str = DEMO_PROFILE_ID

    @property
    def emulator(self) -> Any:
        return self.app.state.emulator

    def uploader(self, **options: Any) -> MediaUploader:
        values: dict[str, Any] = {
            "settings": FAST,
            "part_size": SMALL_PART,
            "chunk_size": SMALL_CHUNK,
            "sleep": self.time.sleep,
        }
        values.update(options)
        return MediaUploader(self.writer, **values)

    def media(self, media_id: str) -> Any:
        return self.emulator.store.media[media_id]

    def calls(self) -> dict[str, int]:
        return dict(self.emulator.control.counts())

    def total_calls(self) -> int:
        return sum(self.calls().values())


def upstream(client: httpx.AsyncClient, service: str) -> UpstreamHTTP:
    """As the lifespan builds it, without the resilience layer (its retries are not ours)."""
    protocol = "envelope" if service == "profiles" else "plain"
    return UpstreamHTTP(client, service=service, protocol=protocol, max_concurrency=64)


@pytest.fixture
async def profiles(anyio_backend: str) -> AsyncIterator[Profiles]:
    app = create_profiles(clock=Clock(frozen=True))
    spy = Spy(httpx.ASGITransport(app=app))
    async with httpx.AsyncClient(transport=spy, base_url=PROFILES_URL) as client:
        http = upstream(client, "profiles")
        yield Profiles(
            app=app,
            http=http,
            writer=ProfilesWriter(http, token=DEMO_TOKEN),
            time=FakeTime(app.state.emulator.clock),
            spy=spy,
        )


@dataclass
class Albums:
    """The Albums emulator in process and a writer signed in as the demo profile."""

    app: Any
    http: UpstreamHTTP
    writer: AlbumsWriter
    sessions: ServiceSessions
    log: list[httpx.Request] = field(default_factory=list)

    @property
    def emulator(self) -> Any:
        return self.app.state.emulator


@pytest.fixture
async def albums(anyio_backend: str) -> AsyncIterator[Albums]:
    app = create_albums(clock=Clock(frozen=True))
    log: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        log.append(request)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=ALBUMS_URL, event_hooks={"request": [record]}
    ) as client:
        http = upstream(client, "albums")
        sessions = ServiceSessions(
            http,
            email=albums_seed.DEMO_EMAIL,
            auth_token=Secret(albums_seed.DEMO_AUTH_TOKEN),
        )
        writer = AlbumsWriter(http, auth=ServiceAuth(sessions))
        yield Albums(app=app, http=http, writer=writer, sessions=sessions, log=log)


def _split_header(mp4: bytes) -> tuple[bytes, bytes]:
    """``make_mp4`` writes ftyp then moov: return them apart."""
    (ftyp_size,) = struct.unpack(">I", mp4[:4])
    (moov_size,) = struct.unpack(">I", mp4[ftyp_size : ftyp_size + 4])
    return mp4[:ftyp_size], mp4[ftyp_size : ftyp_size + moov_size]


def write_mp4(
    path: Path,
    *,
    duration_ms: int = 10_000,
    width: int = 1080,
    height: int = 1920,
    mdat_bytes: int = 0,
    moov_last: bool = False,
    large_mdat: bool = False,
    seed: int = 0,
) -> str:
    """Write an MP4 whose ``mdat`` holds pseudo-random bytes, streamed in 1 MiB pieces so the
    test never holds the file; ``moov_last`` puts ``moov`` after ``mdat``, ``large_mdat`` gives
    ``mdat`` a 64-bit size. Returns the file's SHA-256."""
    ftyp, moov = _split_header(make_mp4(duration_ms=duration_ms, width=width, height=height))
    if large_mdat:
        mdat_header = struct.pack(">I4sQ", 1, b"mdat", 16 + mdat_bytes)
    else:
        mdat_header = struct.pack(">I4s", 8 + mdat_bytes, b"mdat")
    digest = hashlib.sha256()
    rng = random.Random(seed)
    with path.open("wb") as out:

        def put(data: bytes) -> None:
            digest.update(data)
            out.write(data)

        put(ftyp)
        if not moov_last:
            put(moov)
        if mdat_bytes or large_mdat:
            put(mdat_header)
            left = mdat_bytes
            while left:
                piece = rng.randbytes(min(left, 1 << 20))
                put(piece)
                left -= len(piece)
        if moov_last:
            put(moov)
    return digest.hexdigest()

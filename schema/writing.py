"""What mutations need per request: the caller's writers and fresh readers, the shared write
resources, and ``write_once``, which runs a write in the background and under an idempotency
key."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import IO, Any, Generic, TypeVar

import strawberry

from gateway.credentials import ALBUMS_HEADER, PROFILES_HEADER, albums_auth, profiles_token
from gateway.idempotency import (
    IdempotencyStore,
    InFlight,
    Mismatch,
    Outcome,
    Replay,
    check_key,
    fingerprint_of,
    scope_of,
)
from gateway.jobs import Jobs
from gateway.lifespan import Upstreams
from gateway.media.upload import MediaUploader
from gateway.media.uploads import OwnedUploads
from gateway.settings import Settings
from gateway.upstreams._http import CallTracker
from gateway.upstreams.albums import AlbumsClient
from gateway.upstreams.albums_auth import AlbumsAuth
from gateway.upstreams.albums_upload import AlbumsWriter
from gateway.upstreams.profiles import ProfilesClient
from gateway.upstreams.profiles_upload import ProfilesWriter
from schema.context import Info
from schema.failures import invalid
from schema.loaders import Loaders

T = TypeVar("T")
KEY_FIELD = ["input", "idempotencyKey"]


def caller_of(headers: Mapping[str, str]) -> str:
    """Who is calling, as a hash of the credential headers (never the credentials). Callers
    without headers act with the gateway's service credentials and share one identity."""
    digest = hashlib.blake2b(person=b"mediagraph-who", digest_size=16)
    albums = (headers.get(ALBUMS_HEADER) or "").strip()
    profiles = (headers.get(PROFILES_HEADER) or "").strip()
    digest.update(f"{albums}\n{profiles}".encode())
    return digest.hexdigest()


@dataclass
class Writes:
    """One caller's write side, built with the request's context (cheaply: what it derives from
    the headers is worked out on first use, so reads pay nothing for it)."""

    upstreams: Upstreams
    settings: Settings
    headers: Mapping[str, str]
    forwarded: dict[str, str]
    #: Albums this request deleted: a 403 on deleting one again means "already deleted".
    deleted_albums: set[int] = field(default_factory=set)

    @classmethod
    def of(
        cls, upstreams: Upstreams, settings: Settings, headers: Mapping[str, str], rid: str
    ) -> Writes:
        return cls(
            upstreams=upstreams,
            settings=settings,
            headers=headers,
            forwarded={"X-Request-Id": rid},
        )

    @cached_property
    def caller(self) -> str:
        return caller_of(self.headers)

    @cached_property
    def albums_auth(self) -> AlbumsAuth | None:
        return albums_auth(self.headers, self.upstreams.album_sessions)

    @cached_property
    def profiles_token(self) -> str | None:
        return profiles_token(self.headers, self.settings)

    @property
    def jobs(self) -> Jobs:
        return self.upstreams.jobs

    @property
    def uploads(self) -> OwnedUploads:
        return self.upstreams.uploads

    @property
    def idempotency(self) -> IdempotencyStore:
        return self.upstreams.idempotency

    def albums_writer(self, *, uploads: bool = False) -> AlbumsWriter:
        http = self.upstreams.albums_uploads if uploads else self.upstreams.albums
        return AlbumsWriter(http, auth=self.albums_auth, extra_headers=self.forwarded)

    def profiles_writer(self, *, uploads: bool = False) -> ProfilesWriter:
        http = self.upstreams.profiles_uploads if uploads else self.upstreams.profiles
        return ProfilesWriter(http, token=self.profiles_token, extra_headers=self.forwarded)

    def uploader(self) -> MediaUploader:
        """The media pipeline over the upload clients, waiting with the jobs' clock."""
        return MediaUploader(
            self.profiles_writer(uploads=True),
            settings=self.settings.upload,
            sleep=self.jobs.timing.sleep,
        )

    def albums_client(self, tracker: CallTracker | None = None) -> AlbumsClient:
        """A reader with nothing memoized: what it reads is read now."""
        return AlbumsClient(
            self.upstreams.albums,
            auth=self.albums_auth,
            extra_headers=self.forwarded,
            tracker=tracker,
        )

    def profiles_client(self, tracker: CallTracker | None = None) -> ProfilesClient:
        # Deliberately without the cross-request shared reads: after a write, a few seconds
        # old public data is exactly what must not be shown.
        return ProfilesClient(
            self.upstreams.profiles,
            token=self.profiles_token,
            extra_headers=self.forwarded,
            tracker=tracker,
        )

    def readers(self, tracker: CallTracker) -> tuple[AlbumsClient, ProfilesClient, Loaders]:
        albums, profiles = self.albums_client(tracker), self.profiles_client(tracker)
        metrics = self.upstreams.observer.metrics
        return albums, profiles, Loaders(albums=albums, profiles=profiles, metrics=metrics)


@dataclass(frozen=True, slots=True)
class Written(Generic[T]):
    """A write's result: ``outcome`` (ids, remembered under an idempotency key) and ``value``
    (what the payload shows, read after the write)."""

    outcome: Outcome
    value: T


def writes_of(info: Info) -> Writes:
    writes = info.context.writes
    if not isinstance(writes, Writes):
        raise RuntimeError("this context was built without write support")
    return writes


async def write_once(
    info: Info,
    *,
    operation: str,
    key: str | None,
    fingerprint: Callable[[], Awaitable[Mapping[str, Any]]],
    write: Callable[[], Awaitable[Written[T]]],
    replay: Callable[[Outcome], Awaitable[T]],
    background: bool = True,
) -> T:
    """Run ``write`` once per idempotency key (``replay`` reads the remembered outcome again).

    Keyed writes and ``background`` ones run as jobs: outside the request deadline, and to their
    end even when the client goes away, so a retry finds their result. The key is completed
    or released by the job itself, never by a request that may be gone.
    """
    writes = writes_of(info)
    jobs, store = writes.jobs, writes.idempotency
    try:
        if key is None:
            done = await (jobs.run(write) if background else write())
            return done.value
        problem = check_key(key)
        if problem is not None:
            raise invalid(KEY_FIELD, f"The idempotency key {problem}.")
        scope = scope_of(writes.caller, operation, key)
        digest = fingerprint_of(await fingerprint())
        while True:
            claim = await store.claim(scope, digest)
            if isinstance(claim, Mismatch):
                raise invalid(KEY_FIELD, "This idempotency key was used with different input.")
            if isinstance(claim, Replay):
                return await jobs.run(partial(replay, claim.outcome))
            if isinstance(claim, InFlight):
                await claim.wait()
                continue

            async def guarded() -> Written[T]:
                try:
                    done = await write()
                except BaseException:
                    await store.abandon(scope)
                    raise
                await store.complete(scope, done.outcome)
                return done

            return (await jobs.run(guarded)).value
    finally:
        info.context.after_write()


def _sha256(file: IO[bytes]) -> str:
    start = file.tell()
    digest = hashlib.sha256()
    try:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    finally:
        file.seek(start)
    return digest.hexdigest()


async def file_digest(file: IO[bytes]) -> str:
    """SHA-256 of a seekable file from its position (read in a worker thread)."""
    return await asyncio.to_thread(_sha256, file)


KEY_DESCRIPTION = (
    "Makes retries safe: a retry with the same key (from the same credentials, with the same "
    "input) returns the first success instead of writing again, and waits for it while it "
    "runs. Reusing a key with other input is InvalidInput. Keys are kept for 24 hours; a "
    "failure releases its key. Use a fresh random value (a UUID) per intended write."
)


async def ready(value: T) -> T:
    """An awaitable of a value already at hand (for ``fingerprint``/``replay`` arguments)."""
    return value


#: The description of every mutation's one argument.
INPUT = strawberry.argument(description="Everything this mutation needs.")

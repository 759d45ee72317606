"""The one error boundary: every upstream call goes through here, and only here are
``httpx`` errors caught and statuses and envelopes turned into typed errors.

Exception tree (``code`` is the GraphQL ``extensions.code``)::

    UpstreamError                                   UPSTREAM_ERROR
     ├── UpstreamUnauthenticated   401, no creds     UNAUTHENTICATED
     ├── UpstreamForbidden         403               FORBIDDEN
     ├── UpstreamNotFound          404               NOT_FOUND
     ├── UpstreamRejected          400, 413, 422     UPSTREAM_REJECTED
     ├── UpstreamLimitReached      402               LIMIT_REACHED
     ├── UpstreamTimeout           timeouts, deadline    UPSTREAM_TIMEOUT
     ├── UpstreamUnavailable       connect, 429/502/503, open circuit  UPSTREAM_UNAVAILABLE
     └── UpstreamBadResponse       other 5xx, garbage    UPSTREAM_ERROR

Idempotent calls (GETs, and calls that opt in with ``idempotent=True``) are retried after
timeouts, refused connections and 429/502/503/504, with jittered backoff that honours
``Retry-After``; nothing else is ever sent twice. A per-upstream circuit breaker fails calls
fast while the upstream is down and lets one probe through after a pause. Every attempt is
bounded by the upstream's total timeout and by what is left of the request deadline.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import AsyncIterable, Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import httpx
import orjson

from gateway.observability.upstream import UpstreamObserver
from gateway.resilience import Timing
from gateway.resilience.breaker import CircuitBreaker
from gateway.resilience.deadline import remaining
from gateway.resilience.retry import IDEMPOTENT_METHODS, RETRYABLE_STATUSES, RetryPolicy

logger = logging.getLogger("gateway.upstreams")
Protocol = Literal["plain", "envelope"]
T = TypeVar("T")
#: What a response's stream becomes once its body is read (see ``UpstreamHTTP._send``).
_SPENT = httpx.ByteStream(b"")


class UpstreamError(Exception):
    """An upstream call failed; ``message`` is safe to show to clients."""

    code = "UPSTREAM_ERROR"

    def __init__(
        self,
        message: str,
        *,
        service: str,
        status: int | None = None,
        upstream_code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.service = service
        self.status = status
        self.upstream_code = upstream_code
        self.retry_after = retry_after


class UpstreamUnauthenticated(UpstreamError):
    code = "UNAUTHENTICATED"


class UpstreamForbidden(UpstreamError):
    code = "FORBIDDEN"


class UpstreamNotFound(UpstreamError):
    code = "NOT_FOUND"


class UpstreamRejected(UpstreamError):
    code = "UPSTREAM_REJECTED"


class UpstreamLimitReached(UpstreamError):
    code = "LIMIT_REACHED"


class UpstreamTimeout(UpstreamError):
    code = "UPSTREAM_TIMEOUT"


class UpstreamUnavailable(UpstreamError):
    code = "UPSTREAM_UNAVAILABLE"


class UpstreamBadResponse(UpstreamError):
    code = "UPSTREAM_ERROR"


class _CircuitOpen(UpstreamUnavailable):
    """Failed fast without calling: the circuit is open (never retried)."""


_BY_STATUS: dict[int, type[UpstreamError]] = {
    400: UpstreamRejected,
    401: UpstreamUnauthenticated,
    402: UpstreamLimitReached,
    403: UpstreamForbidden,
    404: UpstreamNotFound,
    405: UpstreamBadResponse,
    409: UpstreamRejected,
    413: UpstreamRejected,
    422: UpstreamRejected,
    429: UpstreamUnavailable,
    502: UpstreamUnavailable,
    503: UpstreamUnavailable,
    504: UpstreamTimeout,
}

#: Snap ``error_code`` values that decide the error class whatever the HTTP status.
_BY_ENVELOPE_CODE: dict[str, type[UpstreamError]] = {
    "UNAUTHORIZED": UpstreamUnauthenticated,
    "AUTHORIZATION_PERMISSION_DENIED": UpstreamForbidden,
    "RESOURCE_NOT_FOUND": UpstreamNotFound,
    "INTERNAL_ERROR": UpstreamBadResponse,
}


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful upstream answer: status, parsed JSON body (``None`` when empty), headers."""

    status: int
    body: Any
    headers: httpx.Headers = field(repr=False)
    #: Values parsed from ``body`` (immutable, typed), by what parsed them: the requests that
    #: share one reply (single flight, kept public reads) parse it once between them.
    parsed: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def parse(self, how: Hashable, parse: Callable[[Any], T]) -> T:
        """``parse(body)``, kept under ``how`` (a failure is not kept: it raises each time)."""
        try:
            return self.parsed[how]  # type: ignore[no-any-return]
        except KeyError:
            value = self.parsed[how] = parse(self.body)
            return value


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _decode(content: bytes) -> Any:
    """Parse a JSON body; ``None`` for an empty one; ``ValueError`` for anything else."""
    if not content.strip():
        return None
    return orjson.loads(content)


def _envelope_status(body: Any) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("request_status"), str):
        return str(body["request_status"]).upper()
    return None


class UpstreamHTTP:
    """Sends requests to one upstream with a bounded number in flight, retries what is safe to
    retry, fails fast while the upstream is down, and types every failure."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        service: str,
        protocol: Protocol,
        max_concurrency: int,
        total_timeout: float = 15.0,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        timing: Timing | None = None,
        observer: UpstreamObserver | None = None,
    ) -> None:
        self.client = client
        self.service = service
        self.protocol = protocol
        self.breaker = breaker
        self._slots = asyncio.Semaphore(max_concurrency)
        self._total_timeout = total_timeout
        self._retry = retry
        self._timing = timing or Timing()
        self._observer = observer or UpstreamObserver(metrics=None, tracing=None)

    async def call(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        json_body: Any = None,
        files: Any = None,
        data: dict[str, str] | None = None,
        content: bytes | AsyncIterable[bytes] | None = None,
        idempotent: bool | None = None,
    ) -> Reply:
        """Send one request; return the parsed reply or raise an ``UpstreamError``.

        ``idempotent`` defaults to "the method is GET/HEAD/OPTIONS"; pass ``True`` for a
        side-effecting call that is safe to repeat (an upload part), never for anything else.
        ``content`` is a raw body; a stream can be sent only once, so never with ``idempotent``.
        """
        kwargs: dict[str, Any] = {"headers": headers, "params": params}
        if json_body is not None:
            kwargs["content"] = json.dumps(json_body, separators=(",", ":")).encode()
            kwargs["headers"] = {**(headers or {}), "Content-Type": "application/json"}
        if files is not None:
            kwargs["files"] = files
        if data is not None:
            kwargs["data"] = data
        if content is not None:
            kwargs["content"] = content
        retryable = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent
        attempt = 0
        while True:
            try:
                return self._read(await self._attempt(method, url, kwargs))
            except _CircuitOpen:
                raise
            except UpstreamError as exc:
                delay = self._retry_delay(exc, attempt) if retryable else None
                if delay is None:
                    raise
                logger.info(
                    "%s %s %s failed with %s; attempt %d in %.2f s",
                    self.service,
                    method,
                    url,
                    exc.code,
                    attempt + 2,
                    delay,
                )
                await self._timing.sleep(delay)
                attempt += 1

    def _retry_delay(self, exc: UpstreamError, attempt: int) -> float | None:
        transient = exc.status in RETRYABLE_STATUSES or (
            exc.status is None and isinstance(exc, UpstreamTimeout | UpstreamUnavailable)
        )
        if self._retry is None or not transient:
            return None
        delay = self._retry.delay(attempt, exc.retry_after)
        left = remaining(self._timing.monotonic)
        if delay is None or (left is not None and delay >= left):
            return None
        return delay

    async def _attempt(self, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Response:
        """One attempt, bounded by the total timeout and the request deadline, reported to the
        breaker: timeouts, refused connections and 5xx are failures, any other answer a
        success."""
        left = remaining(self._timing.monotonic)
        if left is not None and left <= 0:
            raise UpstreamTimeout(
                f"{self.service} was not called: the request ran out of time",
                service=self.service,
            )
        breaker = self.breaker
        if breaker is not None and not breaker.allow():
            wait = math.ceil(breaker.retry_after())
            raise _CircuitOpen(
                f"{self.service} is unavailable; the gateway is not calling it for now",
                service=self.service,
                retry_after=float(wait) if wait else None,
            )
        budget = self._total_timeout if left is None else min(self._total_timeout, left)
        upstream_at_fault = True
        verdict: bool | None = None
        try:
            async with asyncio.timeout(budget):
                async with self._slots:
                    response = await self._send(method, url, kwargs)
            verdict = response.status_code < 500
            return response
        except (TimeoutError, httpx.TimeoutException) as exc:
            # Cut short by the request deadline rather than the upstream's own budget: the
            # upstream may be healthy, so the breaker hears nothing.
            upstream_at_fault = budget >= self._total_timeout or isinstance(
                exc, httpx.TimeoutException
            )
            verdict = False if upstream_at_fault else None
            raise UpstreamTimeout(
                f"{self.service} did not answer in time", service=self.service
            ) from exc
        except httpx.TransportError as exc:
            verdict = False
            raise UpstreamUnavailable(
                f"{self.service} cannot be reached", service=self.service
            ) from exc
        finally:
            if breaker is not None:
                if verdict is True:
                    breaker.success()
                elif verdict is False:
                    breaker.failure()
                else:
                    breaker.release()
                self._observer.breaker(self.service, breaker.state)

    async def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Response:
        """The HTTP exchange itself, observed: a client span, ``traceparent``, metrics."""
        headers = dict(kwargs.get("headers") or {})
        with self._observer.attempt(self.service, method, url, headers) as seen:
            response = await self.client.request(method, url, **{**kwargs, "headers": headers})
            seen.status = response.status_code
            # The body is read by now. httpx's response and its body stream refer to each
            # other; replacing the spent stream lets reference counting free the exchange at
            # once instead of leaving it to the cycle collector.
            response.stream = _SPENT
            return response

    def _read(self, response: httpx.Response) -> Reply:
        status = response.status_code
        try:
            body = _decode(response.content)
        except ValueError:
            if 200 <= status < 300:
                raise UpstreamBadResponse(
                    f"{self.service} sent a malformed response", service=self.service, status=status
                ) from None
            body = None  # HTML or text error pages: the status says enough
        if 200 <= status < 300:
            if self.protocol == "envelope" and _envelope_status(body) == "ERROR":
                raise self._error(status, body, secret=_credential(response))
            return Reply(status=status, body=body, headers=response.headers)
        raise self._error(
            status, body, retry_after=_retry_after(response.headers), secret=_credential(response)
        )

    def _error(
        self,
        status: int,
        body: Any,
        *,
        retry_after: float | None = None,
        secret: str | None = None,
    ) -> UpstreamError:
        upstream_code: str | None = None
        detail: str | None = None
        if isinstance(body, dict):
            if self.protocol == "envelope":
                upstream_code = _text(body.get("error_code"))
                # display_message is meant for people; debug_message is the upstream's internals.
                detail = _text(body.get("display_message"))
            else:
                detail = _text(body.get("message"))
                upstream_code = detail
        cls = _BY_ENVELOPE_CODE.get(upstream_code or "") or _BY_STATUS.get(status)
        if cls is None:
            cls = UpstreamBadResponse if status >= 500 or status < 400 else UpstreamRejected
        if detail and secret and secret in detail:
            # An upstream that echoes the credential it refused must not pass it on.
            detail = detail.replace(secret, "[redacted]")
        if cls is UpstreamBadResponse:
            # Server-side details are not the client's business.
            message = f"{self.service} failed (HTTP {status})"
        else:
            message = f"{self.service}: {detail}" if detail else f"{self.service}: HTTP {status}"
        return cls(
            message,
            service=self.service,
            status=status,
            upstream_code=upstream_code,
            retry_after=retry_after,
        )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _credential(response: httpx.Response) -> str | None:
    """The token the request carried (without its scheme), to keep it out of messages."""
    try:
        authorization = response.request.headers.get("authorization", "")
    except RuntimeError:  # a response built without a request
        return None
    token = authorization.split(" ", 1)[-1].strip()
    return token if len(token) >= 8 else None


class GetMemo:
    """Collapses identical GETs made for one GraphQL request into one upstream call.

    Owned by a per-request client, so nothing is shared between callers or credentials.
    """

    def __init__(self) -> None:
        self._replies: dict[tuple[str, tuple[tuple[str, str], ...]], asyncio.Future[Reply]] = {}

    async def get(
        self,
        path: str,
        params: dict[str, str] | None,
        send: Callable[[], Awaitable[Reply]],
    ) -> Reply:
        key = (path, tuple(sorted((params or {}).items())))
        future = self._replies.get(key)
        if future is None:
            future = asyncio.ensure_future(send())
            self._replies[key] = future
        return await asyncio.shield(future)


class CallTracker:
    """The upstream calls of one GraphQL request that are still in flight.

    ``quiesce`` waits until the request's other work has stopped calling upstreams, so a
    ``node(id:)`` asked alongside a list can reuse what the list fetched.
    """

    #: Loop turns without any call in flight before the request counts as quiet: the hops
    #: between one call's answer and the next call it causes are plain CPU work of the
    #: executor, each a loop turn or two.
    QUIET_TURNS = 16

    def __init__(self) -> None:
        self._pending: set[asyncio.Future[Any]] = set()
        #: What the request's data came from: "public" (anyone may see it), "private"
        #: (the caller's own view), "personal" (never to be stored: signed URLs, albums).
        self.scopes: set[str] = set()

    def track(self, awaitable: Awaitable[T], *, scope: str = "personal") -> asyncio.Future[T]:
        self.scopes.add(scope)
        future = asyncio.ensure_future(awaitable)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    async def quiesce(self) -> None:
        quiet = 0
        while quiet < self.QUIET_TURNS:
            if self._pending:
                await asyncio.wait(list(self._pending))
                quiet = 0
            else:
                quiet += 1
                await asyncio.sleep(0)

"""Downloads of album content from its signed CDN URL, streamed to a file, never held whole.

The CDN is not the Albums API (no auth, no JSON, bodies up to the album size limit), so this
is the one call outside ``_http.UpstreamHTTP``; it translates its own ``httpx`` errors into the
same typed errors, once, here.
"""

from __future__ import annotations

import asyncio
from typing import IO

import httpx

from gateway.upstreams._http import (
    UpstreamBadResponse,
    UpstreamForbidden,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from gateway.upstreams.streams import CHUNK_SIZE

SERVICE = "albums"


async def download_to(
    client: httpx.AsyncClient,
    url: str,
    sink: IO[bytes],
    *,
    max_bytes: int,
    time_limit: float,
) -> int:
    """Write the body at ``url`` into ``sink`` chunk by chunk; return its size. Raises
    ``UpstreamForbidden`` for a refused URL (expired, or the item is gone), and
    ``UpstreamRejected`` once the body passes ``max_bytes``."""
    if not url.startswith(("https://", "http://")):
        raise UpstreamBadResponse(f"{SERVICE} sent an unusable content URL", service=SERVICE)
    size = 0
    try:
        async with asyncio.timeout(time_limit):
            # The client's default headers carry no credential: the URL's signature is the key.
            async with client.stream("GET", url) as response:
                status = response.status_code
                if status in (401, 403, 404):
                    raise UpstreamForbidden(
                        f"{SERVICE}: the content URL was refused (expired or removed)",
                        service=SERVICE,
                        status=status,
                    )
                if status != 200:
                    raise UpstreamBadResponse(
                        f"{SERVICE} CDN failed (HTTP {status})", service=SERVICE, status=status
                    )
                async for chunk in response.aiter_bytes(CHUNK_SIZE):
                    size += len(chunk)
                    if size > max_bytes:
                        raise UpstreamRejected(
                            f"{SERVICE}: the content is larger than {max_bytes} bytes",
                            service=SERVICE,
                        )
                    await asyncio.to_thread(sink.write, chunk)
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise UpstreamTimeout(f"{SERVICE} CDN did not answer in time", service=SERVICE) from exc
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(f"{SERVICE} CDN cannot be reached", service=SERVICE) from exc
    return size

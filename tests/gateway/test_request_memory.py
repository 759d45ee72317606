"""A finished request leaves nothing for the cycle collector: its executor, context, loaders,
upstream exchanges and parsed pages are freed by reference counting the moment it ends.

Memory under load depends on it: what waits for the collector piles up across concurrent
requests (a page of 100 spotlights with their profiles is about a thousand objects).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from starlette.types import Message

from emulators.profiles import seed as profiles_seed
from schema.context import Context
from tests.gateway.conftest import make_stack

pytestmark = pytest.mark.anyio

P = profiles_seed.DEMO_PROFILE_ID
QUERIES = {
    "one entity": f'{{ publicProfile(profileId: "{P}") {{ id displayName }} }}',
    "a page with a profile per item": (
        f'{{ publicProfile(profileId: "{P}") {{ spotlights(first: 10) {{ nodes {{ id title '
        "profile { displayName } sponsor { profile { displayName } } } } } }"
    ),
    "three levels": (
        f'{{ publicProfile(profileId: "{P}") {{ stories(first: 5) {{ nodes {{ id '
        "snaps(first: 5) { nodes { id mediaUrl } } } } } }"
    ),
    "both upstreams": (
        "{ viewer { albums { nodes { name owner { id } } } } publicProfile { displayName } }"
    ),
}
#: Whose objects count: the gateway's own, graphql-core's executor, the dataloaders, and the
#: upstream exchanges (the emulators are not the gateway).
OWNED = ("gateway.", "schema.", "graphql.execution", "aiodataloader", "httpx", "aiohttp")


@contextmanager
def _garbage() -> Iterator[list[str]]:
    """Collects what becomes cyclic garbage inside the block, by type name."""
    found: list[str] = []
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        for obj in gc.garbage:
            kind = type(obj)
            name = f"{kind.__module__}.{kind.__qualname__}"
            if name.startswith(OWNED):
                found.append(name)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def _ask(app: Any, query: str) -> dict[str, Any]:
    """One POST straight into the ASGI app (an HTTP client would leave garbage of its own)."""
    body = json.dumps({"query": query}).encode()
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("gateway.test", 80),
        "headers": [(b"host", b"gateway.test"), (b"content-type", b"application/json")],
    }  # fmt: skip
    await app(scope, receive, send)
    assert sent[0]["status"] == 200
    answer: dict[str, Any] = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    return answer


@pytest.mark.parametrize("query", QUERIES.values(), ids=list(QUERIES))
async def test_a_finished_request_leaves_no_reference_cycles(query: str) -> None:
    running = make_stack()
    async with running:
        app = running.asgi
        first = await _ask(app, query)  # sign-in, lazy state and the document cache
        assert "errors" not in first, first
        with _garbage() as garbage:
            answer = await _ask(app, query)
    assert answer == first
    assert garbage == []


async def test_the_check_sees_a_cycle_a_request_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a request context that refers to itself is reported."""
    made = Context.__init__

    def refer_to_itself(self: Context, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.__dict__["itself"] = self

    monkeypatch.setattr(Context, "__init__", refer_to_itself)
    running = make_stack()
    async with running:
        query = QUERIES["one entity"]
        await _ask(running.asgi, query)
        with _garbage() as garbage:
            await _ask(running.asgi, query)
    assert "schema.context.Context" in garbage

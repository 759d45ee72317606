"""Following an upload: prepareUpload, the uploadProgress subscription over graphql-transport-ws
(start to FINALIZE to DONE, driven by the FINALIZE gate, no sleeps) and over SSE, the upload(id:)
query, and that only the caller who started an upload can see it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from emulators.profiles import ML_TAGS_TOKEN
from tests.mutations.conftest import WriteStack, video
from tests.mutations.test_upload_media import UPLOAD

pytestmark = pytest.mark.anyio

PREPARE = """
mutation ($input: PrepareUploadInput!) {
  prepareUpload(input: $input) {
    __typename
    ... on UploadPrepared { upload { id kind phase } }
    ... on MutationError { message code }
  }
}
"""
FIELDS = "id phase bytesTotal bytesEncrypted bytesUploaded partsDone partsTotal mediaId error"
SUBSCRIBE = f"subscription ($id: ID!) {{ uploadProgress(id: $id) {{ {FIELDS} }} }}"
QUERY = f"query ($id: ID!) {{ upload(id: $id) {{ {FIELDS} }} }}"
OTHER_CALLER = {"X-Profiles-Authorization": f"Bearer {ML_TAGS_TOKEN}"}


async def prepare(stack: WriteStack, kind: str = "MEDIA", **headers: str) -> str:
    body = await stack.gql(PREPARE, {"input": {"kind": kind}}, headers=headers)
    result = body["data"]["prepareUpload"]
    assert result["__typename"] == "UploadPrepared", result
    assert result["upload"]["phase"] == "PREPARED"
    upload_id: str = result["upload"]["id"]
    return upload_id


async def start_upload(stack: WriteStack, path: Path, upload_id: str) -> dict[str, Any]:
    with path.open("rb") as file:
        body = await stack.upload(
            UPLOAD,
            {"input": {"file": None, "uploadId": upload_id}},
            {"input.file": (path.name, file, "video/mp4")},
        )
    result: dict[str, Any] = body["data"]["uploadMedia"]
    return result


async def next_state(ws: Any) -> dict[str, Any]:
    message = await ws.receive()
    assert message["type"] == "next", message
    state: dict[str, Any] = message["payload"]["data"]["uploadProgress"]
    return state


async def test_the_subscription_follows_an_upload_from_start_to_finalize(
    stack: WriteStack, tmp_path: Path
) -> None:
    path = video(tmp_path / "clip.mp4", mdat_bytes=3_000_000)
    upload_id = await prepare(stack)
    assert stack.gate is not None
    stack.gate.finalize = asyncio.Event()
    async with stack.websocket() as ws:
        await ws.init()
        await ws.send(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"id": upload_id}},
            }
        )
        states = [await next_state(ws)]
        assert states[0]["phase"] == "PREPARED"
        upload = asyncio.create_task(start_upload(stack, path, upload_id))
        while states[-1]["phase"] != "FINALIZING":
            states.append(await next_state(ws))
        # FINALIZE is held upstream: every part is in, nothing is finalized yet.
        held = states[-1]
        assert held["partsDone"] == held["partsTotal"] == 1
        assert held["bytesEncrypted"] == held["bytesTotal"] == path.stat().st_size
        assert held["mediaId"] is not None
        stack.gate.finalize.set()
        while states[-1]["phase"] != "DONE":
            states.append(await next_state(ws))
        assert (await ws.receive()) == {"id": "1", "type": "complete"}
        result = await upload
    assert result["__typename"] == "MediaUploaded"
    assert result["upload"]["id"] == upload_id
    assert states[-1]["mediaId"] == result["mediaId"]
    phases = [state["phase"] for state in states]
    order = ["PREPARED", "PREFLIGHT", "QUEUED", "ENCRYPTING", "UPLOADING", "FINALIZING", "DONE"]
    assert phases == sorted(phases, key=order.index)  # never backwards
    assert phases[0] == "PREPARED"
    assert phases[-2:] == ["FINALIZING", "DONE"]
    uploaded = [state["bytesUploaded"] for state in states]
    assert uploaded == sorted(uploaded)


async def test_the_upload_query_and_its_owner(stack: WriteStack, tmp_path: Path) -> None:
    upload_id = await prepare(stack)
    result = await start_upload(stack, video(tmp_path / "c.mp4"), upload_id)
    assert result["__typename"] == "MediaUploaded"
    mine = (await stack.gql(QUERY, {"id": upload_id}))["data"]["upload"]
    assert mine["phase"] == "DONE"
    assert mine["mediaId"] == result["mediaId"]
    # Another caller cannot see it, nor subscribe to it, nor send a file for it.
    theirs = await stack.gql(QUERY, {"id": upload_id}, headers=OTHER_CALLER)
    assert theirs["data"]["upload"] is None
    assert (await stack.gql(QUERY, {"id": "made-up"}))["data"]["upload"] is None
    async with stack.websocket(OTHER_CALLER) as ws:
        await ws.init()
        await ws.send(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"id": upload_id}},
            }
        )
        message = await ws.receive()
        assert message["type"] == "next"
        assert message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_prepared_upload_is_used_once_by_its_owner(
    stack: WriteStack, tmp_path: Path
) -> None:
    upload_id = await prepare(stack)
    path = video(tmp_path / "c.mp4")
    with path.open("rb") as file:
        body = await stack.upload(
            UPLOAD,
            {"input": {"file": None, "uploadId": upload_id}},
            {"input.file": ("c.mp4", file, "video/mp4")},
            headers=OTHER_CALLER,
        )
    assert body["data"]["uploadMedia"]["field"] == ["input", "uploadId"]
    assert (await start_upload(stack, path, upload_id))["__typename"] == "MediaUploaded"
    again = await start_upload(stack, path, upload_id)
    assert again["__typename"] == "InvalidInput"


async def test_credentials_may_come_in_the_connection_init_payload(
    stack: WriteStack, tmp_path: Path
) -> None:
    upload_id = await prepare(stack, **OTHER_CALLER)
    async with stack.websocket() as ws:
        await ws.init({"X-Profiles-Authorization": OTHER_CALLER["X-Profiles-Authorization"]})
        await ws.send(
            {
                "id": "7",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"id": upload_id}},
            }
        )
        assert (await next_state(ws))["phase"] == "PREPARED"


async def test_an_unused_prepared_upload_fails_after_15_minutes(stack: WriteStack) -> None:
    upload_id = await prepare(stack)
    stack.time.now += 901
    await prepare(stack)  # any new upload sweeps the old ones
    state = (await stack.gql(QUERY, {"id": upload_id}))["data"]["upload"]
    assert state["phase"] == "FAILED"
    assert state["error"] == "No file arrived for this upload"


async def test_server_sent_events(stack: WriteStack, tmp_path: Path) -> None:
    upload_id = await prepare(stack)
    await start_upload(stack, video(tmp_path / "c.mp4"), upload_id)
    response = await stack.client.post(
        "/graphql",
        json={"query": SUBSCRIBE, "variables": {"id": upload_id}},
        headers={"Accept": "text/event-stream"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    text = response.text.replace("\r\n", "\n")
    events = [block for block in text.split("\n\n") if block.strip()]
    assert events[0].startswith("event: next")
    data = json.loads(events[0].split("data: ", 1)[1])
    assert data["data"]["uploadProgress"]["phase"] == "DONE"
    assert events[-1].startswith("event: complete")


async def test_prepare_needs_credentials_for_its_upstream() -> None:
    from tests.mutations.conftest import write_stack

    async with write_stack(profiles_token=None) as stack:
        body = await stack.gql(PREPARE, {"input": {"kind": "MEDIA"}})
        assert body["data"]["prepareUpload"]["__typename"] == "Unauthenticated"


async def test_sse_only_when_the_client_prefers_it(stack: WriteStack) -> None:
    # urql lists text/event-stream after JSON on every request: it gets JSON.
    response = await stack.client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Accept": "application/json, text/event-stream"},
    )
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_uploads_beyond_the_slots_wait_queued(tmp_path: Path) -> None:
    from gateway.settings import UploadSettings
    from tests.mutations.conftest import write_stack

    async with write_stack(upload=UploadSettings(max_concurrent=1)) as stack:
        assert stack.gate is not None
        stack.gate.finalize = asyncio.Event()
        first = asyncio.create_task(
            start_upload(stack, video(tmp_path / "a.mp4"), await prepare(stack))
        )
        await stack.gate.finalize_waiting.wait()  # the first holds the only slot
        second_id = await prepare(stack)
        async with stack.websocket() as ws:
            await ws.init()
            await ws.send(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": SUBSCRIBE, "variables": {"id": second_id}},
                }
            )
            assert (await next_state(ws))["phase"] == "PREPARED"
            second = asyncio.create_task(
                start_upload(stack, video(tmp_path / "b.mp4", salt=1), second_id)
            )
            phases = [(await next_state(ws))["phase"]]
            while phases[-1] != "QUEUED":
                phases.append((await next_state(ws))["phase"])
            stack.gate.finalize.set()
            while phases[-1] != "DONE":
                phases.append((await next_state(ws))["phase"])
        results = await asyncio.gather(first, second)
        assert [r["__typename"] for r in results] == ["MediaUploaded", "MediaUploaded"]
        assert "ENCRYPTING" in phases[phases.index("QUEUED") :]


async def test_websockets_pass_the_middleware_but_not_from_another_origin(
    stack: WriteStack,
) -> None:
    # No preflight header is needed (CSRF concerns HTTP), but a browser page of another
    # origin may not open one: it would act with the page user's cookies.
    async with stack.websocket({"Origin": "https://evil.test", "Host": "gateway.test"}) as ws:
        assert ws.handshake["type"] == "websocket.close"
    async with stack.websocket({"Origin": "http://gateway.test", "Host": "gateway.test"}) as ws:
        await ws.init()
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}

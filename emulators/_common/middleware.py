"""Pure-ASGI middleware that records every upstream request and applies latency and faults."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulators._common.control import ControlPlane, Fault, RequestRecord

#: Builds the API's own error body for a status: (body bytes, content type).
ErrorBody = Callable[[int], tuple[bytes, str]]

CONTROL_PREFIX = "/__emulator/"
#: The emulator's own OpenAPI description: served, but not an upstream request to count.
DESCRIPTION_PATH = "/openapi.json"


class EmulatorMiddleware:
    """Counts requests per route template, then injects latency and one-shot faults."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        control: ControlPlane,
        routes: Sequence[BaseRoute],
        error_body: ErrorBody,
    ) -> None:
        self.app = app
        self.control = control
        self.routes = routes
        self.error_body = error_body

    def _template(self, scope: Scope) -> str:
        partial = None
        for route in self.routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return str(getattr(route, "path", scope["path"]))
            if match is Match.PARTIAL and partial is None:
                partial = str(getattr(route, "path", scope["path"]))
        return partial or "<unknown>"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(CONTROL_PREFIX) or path == DESCRIPTION_PATH:
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        record = RequestRecord(
            method=method,
            path=path,
            route=self._template(scope),
            query=scope.get("query_string", b"").decode("latin-1"),
            headers={k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]},
        )
        self.control.recorder.record(record)
        delay = self.control.latency_for(method, path)
        if delay > 0:
            await asyncio.sleep(delay)
        fault = self.control.take_fault(method, path)
        if fault is not None:
            record.status = fault.status
            await self._send_fault(fault, send)
            return

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
            await send(message)

        await self.app(scope, receive, recording_send)

    def _fault_body(self, fault: Fault) -> tuple[bytes, str]:
        body: Any = fault.body
        if body is None:
            return self.error_body(fault.status)
        if isinstance(body, str):
            return body.encode(), fault.content_type or "text/plain; charset=utf-8"
        return json.dumps(body).encode(), fault.content_type or "application/json"

    async def _send_fault(self, fault: Fault, send: Send) -> None:
        if fault.mode == "respond" and fault.delay_seconds > 0:
            await asyncio.sleep(fault.delay_seconds)
        body, content_type = self._fault_body(fault)
        headers = [
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": fault.status, "headers": headers})
        if fault.mode == "truncate":
            await send({"type": "http.response.body", "body": body[: len(body) // 2]})
            return
        if fault.mode == "slow_body":
            step = max(1, len(body) // 4)
            for start in range(0, len(body), step):
                await asyncio.sleep(fault.delay_seconds)
                chunk = body[start : start + step]
                more = start + step < len(body)
                await send({"type": "http.response.body", "body": chunk, "more_body": more})
            return
        await send({"type": "http.response.body", "body": body})

"""The ``/__emulator/`` control routes shared by both emulators."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulators._common.clock import iso_millis, parse_iso
from emulators._common.control import ControlError, ControlPlane, Fault, LatencyRule, apply_config


async def read_json(request: Request) -> Any:
    """The request body as JSON (``{}`` when empty); ``ControlError`` when malformed."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ControlError(f"body is not JSON: {exc}") from exc


def control_error(exc: ControlError) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=400)


def control_routes(control: ControlPlane, *, reset_store: Callable[[], None]) -> list[Route]:
    """Routes for reset, clock, config, faults, requests and latency."""

    async def reset(request: Request) -> Response:
        control.reset()
        reset_store()
        return JSONResponse({"reset": True})

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            try:
                body = await read_json(request)
                if not isinstance(body, dict):
                    raise ControlError("clock body must be an object")
                if "advance_seconds" in body:
                    control.clock.advance(float(body["advance_seconds"]))
                elif "now" in body:
                    control.clock.set(parse_iso(str(body["now"])))
                if "frozen" in body:
                    control.clock.freeze(bool(body["frozen"]))
            except (ControlError, TypeError, ValueError) as exc:
                return control_error(ControlError(str(exc)))
        now = control.clock.now()
        return JSONResponse(
            {
                "now": iso_millis(now),
                "now_ms": control.clock.now_ms(),
                "frozen": control.clock.frozen,
            }
        )

    async def config(request: Request) -> Response:
        if request.method == "PUT":
            try:
                apply_config(control.config, await read_json(request))
            except ControlError as exc:
                return control_error(exc)
        return JSONResponse(vars(control.config))

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            try:
                body = await read_json(request)
                items = body if isinstance(body, list) else [body]
                control.faults.extend(Fault.from_json(item) for item in items)
            except ControlError as exc:
                return control_error(exc)
        elif request.method == "DELETE":
            control.faults.clear()
        return JSONResponse({"faults": [f.describe() for f in control.faults]})

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            control.recorder.clear()
        recorder = control.recorder
        return JSONResponse(
            {
                "total": recorder.total(),
                "counts": dict(recorder.counts),
                "log": [r.as_json() for r in recorder.log],
            }
        )

    async def latency(request: Request) -> Response:
        if request.method == "PUT":
            try:
                body = await read_json(request)
                rules = body.get("rules", []) if isinstance(body, dict) else body
                if not isinstance(rules, list):
                    raise ControlError("latency rules must be a list")
                control.set_latency([LatencyRule.from_json(r) for r in rules])
            except ControlError as exc:
                return control_error(exc)
        elif request.method == "DELETE":
            control.set_latency([])
        return JSONResponse(
            {
                "rules": [
                    {
                        "path_regex": r.path_regex.pattern,
                        "method": r.method,
                        "fixed_ms": r.fixed_ms,
                        "min_ms": r.min_ms,
                        "max_ms": r.max_ms,
                    }
                    for r in control.latency
                ]
            }
        )

    return [
        Route("/__emulator/reset", reset, methods=["POST"]),
        Route("/__emulator/clock", clock, methods=["GET", "POST"]),
        Route("/__emulator/config", config, methods=["GET", "PUT"]),
        Route("/__emulator/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/__emulator/requests", requests, methods=["GET", "DELETE"]),
        Route("/__emulator/latency", latency, methods=["GET", "PUT", "DELETE"]),
    ]

"""Graceful shutdown of ``mediagraph serve``: on SIGTERM, requests in flight finish within the
grace period (``MEDIAGRAPH_SHUTDOWN_GRACE_SECONDS``), and not longer."""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import Any

import httpx
import pytest

from emulators.albums import seed as albums_seed
from emulators.profiles import seed as profiles_seed

pytestmark = pytest.mark.e2e

QUERY = "{ publicProfile { displayName } }"


def start_stack(processes: Any, *, grace: int, profiles_delay_ms: int) -> tuple[Any, Any]:
    """Both emulators and the gateway as processes; the profiles emulator answers GETs slowly."""
    urls: dict[str, str] = {}
    emulators: dict[str, Any] = {}
    for name in ("albums", "profiles"):
        running = processes.start(
            [sys.executable, "-m", "gateway.cli", "emulate", name, "--port", "0"],
            address=rf"{name} emulator: (http://\S+)",
        )
        urls[name] = running.url
        emulators[name] = running
    delay = {"rules": [{"method": "GET", "path_regex": ".*", "fixed_ms": profiles_delay_ms}]}
    httpx.put(f"{urls['profiles']}/__emulator/latency", json=delay).raise_for_status()
    gateway = processes.start(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", "0"],
        address=r"Gateway: (http://\S+)",
        env={
            "MEDIAGRAPH_ALBUMS_URL": urls["albums"],
            "MEDIAGRAPH_PROFILES_URL": urls["profiles"],
            "MEDIAGRAPH_ALBUMS_EMAIL": albums_seed.DEMO_EMAIL,
            "MEDIAGRAPH_ALBUMS_AUTH_TOKEN": albums_seed.DEMO_AUTH_TOKEN,
            "MEDIAGRAPH_PROFILES_TOKEN": profiles_seed.DEMO_TOKEN,
            "MEDIAGRAPH_SHUTDOWN_GRACE_SECONDS": str(grace),
            "MEDIAGRAPH_RETRIES": "0",
        },
    )
    gateway.wait_ok("/readyz")
    return gateway, emulators["profiles"]


def query_in_background(url: str) -> tuple[threading.Thread, list[Any]]:
    """POST the query from a thread; the result list gets the response or the exception."""
    outcome: list[Any] = []

    def send() -> None:
        try:
            outcome.append(httpx.post(f"{url}/graphql", json={"query": QUERY}, timeout=30))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread, outcome


def wait_until_upstream_called(profiles_url: str, *, seconds: float = 10) -> None:
    """Poll the emulator's request log until the gateway's upstream GET has arrived."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = httpx.get(f"{profiles_url}/__emulator/requests").json()["log"]
        if any(entry["method"] == "GET" for entry in log):
            return
        time.sleep(0.02)
    raise AssertionError("the query never reached the profiles emulator")


def test_sigterm_lets_the_request_in_flight_finish(processes: Any) -> None:
    gateway, profiles = start_stack(processes, grace=20, profiles_delay_ms=1500)
    thread, outcome = query_in_background(gateway.url)
    wait_until_upstream_called(profiles.url)

    code = gateway.stop(signal.SIGTERM, timeout=20)
    thread.join(timeout=20)

    assert code in (0, -signal.SIGTERM), gateway.output()
    (response,) = outcome
    assert isinstance(response, httpx.Response), response
    assert response.status_code == 200
    assert response.json()["data"]["publicProfile"]["displayName"]


def test_the_grace_period_bounds_the_wait(processes: Any) -> None:
    gateway, profiles = start_stack(processes, grace=1, profiles_delay_ms=8000)
    thread, outcome = query_in_background(gateway.url)
    wait_until_upstream_called(profiles.url)

    started = time.monotonic()
    code = gateway.stop(signal.SIGTERM, timeout=20)
    waited = time.monotonic() - started
    thread.join(timeout=20)
    profiles.process.kill()  # it would hold its slow answer for the rest of the delay

    assert code in (0, -signal.SIGTERM), gateway.output()
    assert waited < 6, f"shutdown took {waited:.1f}s with a 1s grace period"
    # Cut off: the connection drops, or the cancelled request answers 500.
    (result,) = outcome
    assert isinstance(result, httpx.HTTPError) or result.status_code >= 500

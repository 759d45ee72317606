"""Two gateway processes on one Redis: rate limits and persisted documents hold across them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from schema.persisted import sha256

pytestmark = pytest.mark.e2e


def start_gateway(redis_url: str) -> tuple[subprocess.Popen[str], str]:
    env = {
        **os.environ,
        "MEDIAGRAPH_REDIS_URL": redis_url,
        "MEDIAGRAPH_RATE_PER_SECOND": "0.01",
        "MEDIAGRAPH_RATE_BURST": "4",
        "MEDIAGRAPH_LOG_FORMAT": "text",
        # No upstream is called by these operations; nothing listens on port 9.
        "MEDIAGRAPH_ALBUMS_URL": "http://127.0.0.1:9",
        "MEDIAGRAPH_PROFILES_URL": "http://127.0.0.1:9",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"Gateway: (http://\S+)", line)
        if match:
            return process, match.group(1)
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError("the gateway did not start")


@pytest.fixture
def replicas(redis_url: str) -> Iterator[tuple[str, str]]:
    started = [start_gateway(redis_url) for _ in range(2)]
    try:
        with httpx.Client(timeout=5) as client:
            for _, url in started:
                deadline = time.monotonic() + 20
                while client.get(f"{url}/healthz").status_code != 200:
                    assert time.monotonic() < deadline
        yield started[0][1], started[1][1]
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGTERM)
        for process, _ in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()


def test_documents_and_rate_limits_hold_across_two_processes(replicas: tuple[str, str]) -> None:
    a, b = replicas
    query = "query Shared { __typename }"
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
    headers = {"X-Profiles-Authorization": "Bearer some-client"}
    with httpx.Client(timeout=10) as client:
        # Registered on one replica, served by hash on the other.
        registered = client.post(
            f"{a}/graphql", json={"query": query, "extensions": persisted}, headers=headers
        )
        assert registered.json() == {"data": {"__typename": "Query"}}
        by_hash = client.post(f"{b}/graphql", json={"extensions": persisted}, headers=headers)
        assert by_hash.json() == {"data": {"__typename": "Query"}}
        # A burst of 4 for this client, whichever replica it reaches: two used above.
        third = client.post(f"{a}/graphql", json={"query": query}, headers=headers)
        fourth = client.post(f"{b}/graphql", json={"query": query}, headers=headers)
        fifth = client.post(f"{a}/graphql", json={"query": query}, headers=headers)
        assert [third.status_code, fourth.status_code] == [200, 200]
        assert fifth.status_code == 429
        assert int(fifth.headers["retry-after"]) >= 1
        # Another client has its own bucket.
        other = client.post(
            f"{b}/graphql", json={"query": query}, headers={"X-Profiles-Authorization": "Bearer x"}
        )
        assert other.status_code == 200

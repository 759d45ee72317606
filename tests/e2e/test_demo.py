"""``mediagraph demo`` as a real process on 127.0.0.1: it starts, prints its address,
and answers a query that touches both upstreams over real sockets."""

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

pytestmark = pytest.mark.e2e

STARTUP_SECONDS = 30


@pytest.fixture(scope="module")
def demo() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "demo", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        url = None
        deadline = time.monotonic() + STARTUP_SECONDS
        lines: list[str] = []
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = re.search(r"GraphiQL:\s+(http://\S+)", line)
            if match:
                url = match.group(1)
        assert url, "demo did not print its address:\n" + "".join(lines)
        with httpx.Client(timeout=5) as client:
            while time.monotonic() < deadline:
                try:
                    if client.get(url.replace("/graphql", "/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_demo_answers_a_query_touching_both_upstreams(demo: str) -> None:
    query = """{
      viewer { albums(first: 2) { nodes { name content(first: 1) { nodes { thumbUrl } } } } }
      publicProfile { displayName spotlights(first: 2) { nodes { title } } }
    }"""
    with httpx.Client(timeout=10) as client:
        response = client.post(demo, json={"query": query})
        assert response.status_code == 200
        body = response.json()
        assert "errors" not in body, body
        assert body["data"]["viewer"]["albums"]["nodes"]
        assert body["data"]["publicProfile"]["displayName"]
        thumb = body["data"]["viewer"]["albums"]["nodes"][0]["content"]["nodes"][0]["thumbUrl"]
        # The emulator's signed CDN URL works over a real socket too.
        assert client.get(thumb).status_code == 200


def test_demo_serves_graphiql(demo: str) -> None:
    with httpx.Client(timeout=10) as client:
        response = client.get(demo, headers={"Accept": "text/html"})
        assert response.status_code == 200
        assert "graphiql" in response.text.lower()

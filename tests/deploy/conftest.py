"""Fixtures for the deploy tests: real processes on 127.0.0.1, always stopped at the end."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import httpx
import pytest

STARTUP_SECONDS = 30


@dataclass
class Running:
    """A started process, its address (read from its output) and everything it printed."""

    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    def output(self) -> str:
        return "".join(self.lines)

    def wait_ok(self, path: str, *, seconds: float = STARTUP_SECONDS) -> httpx.Response:
        """Poll ``path`` until it answers 200, for at most ``seconds``; return that answer."""
        deadline = time.monotonic() + seconds
        last: httpx.Response | None = None
        with httpx.Client(base_url=self.url, timeout=5) as client:
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    last = client.get(path)
                except httpx.TransportError:
                    last = None
                if last is not None and last.status_code == 200:
                    return last
                time.sleep(0.05)
        raise AssertionError(
            f"{self.url}{path} never answered 200 (last: {last and last.text}):\n{self.output()}"
        )

    def stop(self, sig: signal.Signals = signal.SIGTERM, *, timeout: float = 15) -> int:
        """Send ``sig`` and wait for the exit; kill after ``timeout`` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


class Processes:
    """Starts commands that print their address, and stops them all on ``close``."""

    def __init__(self) -> None:
        self._running: list[Running] = []

    def start(
        self,
        argv: Sequence[str],
        *,
        address: str,
        env: Mapping[str, str] | None = None,
    ) -> Running:
        """Run ``argv``; wait until a line matches ``address`` (a regex with one URL group)."""
        process = subprocess.Popen(
            list(argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        running = Running(process=process, url="")
        self._running.append(running)
        lines: queue.Queue[str | None] = queue.Queue()

        def drain() -> None:
            # Read everything the process prints, so a full pipe never blocks it.
            assert process.stdout is not None
            for line in process.stdout:
                running.lines.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, daemon=True).start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not running.url:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"{argv[0]} printed no address:\n{running.output()}")
            match = re.search(address, line)
            if match:
                running.url = match.group(1)
        return running

    def close(self) -> None:
        for running in reversed(self._running):
            with contextlib.suppress(subprocess.TimeoutExpired):
                running.stop(signal.SIGINT, timeout=10)
            if running.process.stdout is not None:
                running.process.stdout.close()


@pytest.fixture
def processes() -> Iterator[Processes]:
    started = Processes()
    try:
        yield started
    finally:
        started.close()

"""Child processes of a benchmark run: started pinned to a core, waited for, measured, and
always stopped (each in its own process group, ended by its own id)."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import httpx

#: Cores on a 2-core machine: the load generator and the upstreams on one, a gateway on the other.
LOAD_CORE = "0"
GATEWAY_CORE = "1"

_RUNNING: dict[int, Proc] = {}
_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Proc:
    """One child process, in its own session so that everything it spawns stops with it."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        core: str,
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self.started = time.perf_counter()
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                ["taskset", "-c", core, *argv],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
                cwd=cwd,
                start_new_session=True,
            )
        self.pid = self.popen.pid
        _RUNNING[self.pid] = self

    def alive(self) -> bool:
        return self.popen.poll() is None

    def rss_mib(self, field: str = "VmRSS") -> float:
        """Resident memory of the process and its children (``VmHWM`` for the peak)."""
        total = 0.0
        for pid in [self.pid, *_children(self.pid)]:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(field + ":"):
                        total += int(line.split()[1]) / 1024
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far."""
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _TICKS
        return 0.0

    def pin(self, core: str) -> None:
        """Move the process (all its threads) to another core."""
        subprocess.run(["taskset", "-a", "-p", "-c", core, str(self.pid)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def stop(self, timeout: float = 5.0) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                self.popen.wait(timeout)
        _RUNNING.pop(self.pid, None)

    def tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            for child in map(int, text):
                found += [child, *_children(child)]
    return found


def wait_until(
    ready: Callable[[], bool], *, proc: Proc, timeout: float, interval: float = 0.05
) -> float:
    """Poll ``ready`` until it holds; the seconds since ``proc`` started. Raises on timeout or
    when the process dies first."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited early:\n{proc.tail()}")
        with contextlib.suppress(OSError, ValueError, httpx.HTTPError):
            if ready():
                return time.perf_counter() - proc.started
        time.sleep(interval)
    raise RuntimeError(f"{proc.name} not ready after {timeout} s:\n{proc.tail()}")


def settle(procs: Sequence[Proc], *, quiet: float = 0.5, timeout: float = 90) -> float:
    """Wait until every process is idle (under 3 % of a core over ``quiet`` seconds), so a run
    never starts while a gateway still works off the queries a previous run left behind.
    Returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        before = [p.cpu_seconds() for p in procs]
        time.sleep(quiet)
        used = [p.cpu_seconds() - b for p, b in zip(procs, before, strict=True)]
        if all(u <= 0.03 * quiet for u in used):
            break
    return time.perf_counter() - start


def stop_all() -> None:
    for proc in list(_RUNNING.values()):
        proc.stop()


def _on_signal(signum: int, frame: object) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    """Stop every child on exit, on Ctrl-C and on SIGTERM/SIGHUP."""
    atexit.register(stop_all)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)

"""Load: wrk (keep-alive, one thread on the load core) for throughput, and a single keep-alive
connection for latency. Every run is bounded in time; wrk's own timeout bounds each request."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.procs import LOAD_CORE

LUA = Path(__file__).resolve().parent / "wrk" / "bench.lua"


@dataclass
class WrkResult:
    requests: int
    seconds: float
    qps: float
    p50_ms: float
    p99_ms: float
    errors: int
    #: Upstream requests the static upstream logged during the run, per completed request.
    calls_per_query: float | None = None
    #: The machine's 1-minute load average when the run started (other work shows here).
    load1: float | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    body_file: Path | None,
    timeout_s: float,
) -> WrkResult:
    """One wrk run; a POST of ``body_file`` as JSON, or a GET without it."""
    env = {"BENCH_METHOD": "POST" if body_file else "GET", "PATH": "/usr/bin:/bin"}
    if body_file:
        env["BENCH_BODY_FILE"] = str(body_file)
    argv = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections}",
            f"-d{max(1, round(seconds))}s", f"--timeout={max(1, round(timeout_s))}s",
            "-s", str(LUA), url]  # fmt: skip
    load1 = round(os.getloadavg()[0], 2)
    done = subprocess.run(argv, capture_output=True, text=True, env=env,
                          timeout=seconds + timeout_s + 30)  # fmt: skip
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-800:]} {done.stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    secs = data["duration_us"] / 1e6
    errors = sum(data["errors"].values())
    return WrkResult(
        requests=data["requests"],
        seconds=round(secs, 3),
        qps=round(data["requests"] / secs, 2) if secs else 0.0,
        p50_ms=round(data["latency_us"]["p50"] / 1000, 2),
        p99_ms=round(data["latency_us"]["p99"] / 1000, 2),
        errors=errors,
        load1=load1,
    )


def latency_samples(url: str, body: bytes, *, samples: int, timeout: float = 30) -> list[float]:
    """Milliseconds of ``samples`` sequential requests on one keep-alive connection (after one
    warm-up request); each answer must be a 200 with data."""
    out: list[float] = []
    headers = {"Content-Type": "application/json"}
    with httpx.Client(timeout=timeout, limits=httpx.Limits(max_connections=1)) as http:
        for i in range(samples + 1):
            start = time.perf_counter()
            answer = http.post(url, content=body, headers=headers)
            elapsed = (time.perf_counter() - start) * 1000
            if answer.status_code != 200 or answer.json().get("data") is None:
                raise RuntimeError(
                    f"latency sample failed: {answer.status_code} {answer.text[:300]}"
                )
            if i:
                out.append(round(elapsed, 2))
    return out


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else float("nan")

"""Where the time goes: py-spy samples of the mediagraph worker under load, summarised as the
functions and packages holding the most samples."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from bench.procs import LOAD_CORE

ROOT = Path(__file__).resolve().parents[1]
PY_SPY = ROOT / ".venv" / "bin" / "py-spy"
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*)\)$")


def record(pid: int, *, seconds: float, out: Path, fmt: str = "raw") -> subprocess.Popen[bytes]:
    """Start sampling ``pid`` (returns at once; wait on the result)."""
    argv = ["taskset", "-c", LOAD_CORE, str(PY_SPY), "record", "--pid", str(pid), "--rate", "250",
            "--duration", str(max(1, round(seconds))), "--nonblocking", "--format", fmt,
            "-o", str(out)]  # fmt: skip
    if fmt == "raw":
        argv.append("--nolineno")
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _where(file: str) -> str:
    """A short module path: ``gateway/upstreams/_http.py``, ``strawberry/schema/schema.py``.
    py-spy already shortens most paths to their import path; absolute ones are trimmed here."""
    marker = "site-packages/"
    if marker in file:
        return file.split(marker, 1)[1]
    if not file.startswith("/"):
        return file
    for top in ("gateway/", "schema/", "emulators/"):
        if f"/{top}" in file:
            return top + file.split(f"/{top}", 1)[1]
    return file.rsplit("/lib/", 1)[-1]


def _package(where: str) -> str:
    if where == "<string>":
        return "<string> (generated code: dataclass __init__ and the like)"
    first = where.split("/", 1)[0]
    if first.startswith("python3"):
        parts = where.split("/")
        return f"stdlib:{parts[1].removesuffix('.py')}" if len(parts) > 1 else "stdlib"
    return first.removesuffix(".py")


#: Phases of a request, matched on a frame's module path. A sample belongs to the specific
#: phase of its innermost frame that has one; failing that, to the generic phase of its
#: innermost frame that has one (generic ones wrap everything: executor, server, loop).
SPECIFIC: list[tuple[str, tuple[str, ...]]] = [
    ("JSON encode/decode", ("(json/", "orjson")),
    ("logging", ("(logging/",)),
    ("metrics and traces", ("prometheus_client/", "opentelemetry/")),
    ("GraphQL parse", ("graphql/language/parser.py", "graphql/language/lexer.py")),
    ("GraphQL validate", ("graphql/validation/",)),
    ("operation limits (schema/limits)", ("schema/limits/budget.py", "schema/limits/operation.py")),
    ("upstream HTTP client (httpx, httpcore, h11, anyio)",
     ("(httpx/", "(httpcore/", "(h11/", "(anyio/")),
    ("gateway upstream code (gateway/upstreams, resilience)",
     ("gateway/upstreams/", "gateway/resilience/")),
    ("dataloaders", ("aiodataloader",)),
]  # fmt: skip
GENERIC: list[tuple[str, tuple[str, ...]]] = [
    ("resolvers and types (schema/)", ("(schema/",)),
    ("GraphQL execution (graphql-core, strawberry)", ("(graphql/", "(strawberry/")),
    (
        "HTTP server and middleware",
        ("(uvicorn/", "(starlette/", "httptools", "gateway/middleware/"),
    ),
    ("asyncio event loop", ("(asyncio/",)),
]


def _phase(frames: list[str]) -> str:
    for table in (SPECIFIC, GENERIC):
        for frame in reversed(frames):
            for name, markers in table:
                if any(m in frame for m in markers):
                    return name
    return "other"


def summarise(raw: Path, *, top: int = 15) -> dict[str, Any]:
    """Self and inclusive sample shares per function, and self share per package."""
    self_counts: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        count = int(n)
        total += count
        frames = []
        for frame in stack.split(";"):
            match = _FRAME.match(frame.strip())
            if match:
                frames.append(f"{match['func']} ({_where(match['file'])})")
            else:
                frames.append(frame.strip())
        if not frames:
            continue
        self_counts[frames[-1]] += count
        phases[_phase(frames)] += count
        leaf = _FRAME.match(frames[-1])
        packages[_package(leaf["file"]) if leaf else frames[-1]] += count
        for frame in set(frames):
            incl[frame] += count

    def share(counter: Counter[str], limit: int) -> list[tuple[str, float]]:
        return (
            [(k, round(100 * v / total, 1)) for k, v in counter.most_common(limit)] if total else []
        )

    return {
        "samples": total,
        "self": share(self_counts, top),
        "inclusive": share(incl, top * 3),
        "packages": share(packages, top),
        "phases": share(phases, len(SPECIFIC) + len(GENERIC) + 1),
    }

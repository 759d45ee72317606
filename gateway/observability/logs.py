"""Structured JSON logs: one object per line, with the request's fields when present.

Nothing here logs headers or bodies, so credentials never reach a log line.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any

import orjson

#: Extra attributes copied from a log record into the JSON object.
FIELDS = (
    "request_id",
    "operation",
    "outcome",
    "status",
    "duration_ms",
    "upstream_calls",
    "service",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            # The exception type only: tracebacks may hold request data.
            entry["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "error"
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str, *, json_lines: bool = True) -> None:
    """Send every log record to stderr, as JSON lines (or plain text for local runs)."""
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())

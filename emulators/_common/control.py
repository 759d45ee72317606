"""The emulator control plane: config switches, request recording, one-shot faults, latency.

Everything here is per emulator instance (no module state), reachable as Python methods
and over HTTP under ``/__emulator/`` (see ``routes.py``).
"""

from __future__ import annotations

import dataclasses
import random
import re
import types
import typing
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from emulators._common.clock import Clock


class ControlError(ValueError):
    """A control request the emulator cannot apply (bad key, bad value)."""


FaultMode = Literal["respond", "truncate", "slow_body"]


@dataclass(slots=True)
class Fault:
    """A one-shot (``times`` shots) failure for requests matching ``method`` and ``path_regex``.

    ``mode``:
    - ``respond``: answer ``status`` with ``body`` (JSON when not a string) after ``delay_seconds``;
      a long delay is how tests produce upstream timeouts.
    - ``truncate``: announce the full body length but send only half of it.
    - ``slow_body``: send the body in pieces, ``delay_seconds`` apart.
    """

    path_regex: re.Pattern[str]
    method: str | None = None
    status: int = 500
    body: Any = None
    content_type: str | None = None
    times: int = 1
    delay_seconds: float = 0.0
    mode: FaultMode = "respond"

    def matches(self, method: str, path: str) -> bool:
        if self.times <= 0:
            return False
        if self.method and self.method.upper() != method:
            return False
        return self.path_regex.search(path) is not None

    @classmethod
    def from_json(cls, data: Any) -> Fault:
        if not isinstance(data, dict) or not isinstance(data.get("path_regex"), str):
            raise ControlError("a fault needs a string path_regex")
        try:
            pattern = re.compile(data["path_regex"])
        except re.error as exc:
            raise ControlError(f"bad path_regex: {exc}") from exc
        mode = data.get("mode", "respond")
        if mode not in typing.get_args(FaultMode):
            raise ControlError(f"bad fault mode {mode!r}")
        try:
            return cls(
                path_regex=pattern,
                method=data.get("method"),
                status=int(data.get("status", 500)),
                body=data.get("body"),
                content_type=data.get("content_type"),
                times=int(data.get("times", 1)),
                delay_seconds=float(data.get("delay_seconds", 0.0)),
                mode=mode,
            )
        except (TypeError, ValueError) as exc:
            raise ControlError(f"bad fault: {exc}") from exc

    def describe(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path_regex": self.path_regex.pattern,
            "status": self.status,
            "times": self.times,
            "mode": self.mode,
            "delay_seconds": self.delay_seconds,
        }


@dataclass(slots=True)
class LatencyRule:
    """Injected latency for matching routes: ``fixed_ms`` or uniform in ``[min_ms, max_ms]``."""

    path_regex: re.Pattern[str]
    method: str | None = None
    fixed_ms: float | None = None
    min_ms: float = 0.0
    max_ms: float = 0.0

    def delay_seconds(self, rng: random.Random) -> float:
        if self.fixed_ms is not None:
            return self.fixed_ms / 1000
        return rng.uniform(self.min_ms, self.max_ms) / 1000

    @classmethod
    def from_json(cls, data: Any) -> LatencyRule:
        if not isinstance(data, dict):
            raise ControlError("a latency rule must be an object")
        try:
            pattern = re.compile(str(data.get("path_regex", ".*")))
            fixed = data.get("fixed_ms")
            return cls(
                path_regex=pattern,
                method=data.get("method"),
                fixed_ms=None if fixed is None else float(fixed),
                min_ms=float(data.get("min_ms", 0.0)),
                max_ms=float(data.get("max_ms") or data.get("min_ms") or 0.0),
            )
        except (re.error, TypeError, ValueError) as exc:
            raise ControlError(f"bad latency rule: {exc}") from exc


@dataclass(slots=True)
class RequestRecord:
    """One upstream request as the emulator saw it."""

    method: str
    path: str
    route: str
    query: str
    headers: dict[str, str]
    status: int = 0

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Recorder:
    """Per-route request counters and the request log (tests and benchmarks read both)."""

    log_limit: int = 10_000
    counts: Counter[str] = field(default_factory=Counter)
    log: list[RequestRecord] = field(default_factory=list)

    def record(self, record: RequestRecord) -> None:
        self.counts[f"{record.method} {record.route}"] += 1
        self.log.append(record)
        if len(self.log) > self.log_limit:
            del self.log[: len(self.log) - self.log_limit]

    def total(self) -> int:
        return sum(self.counts.values())

    def clear(self) -> None:
        self.counts.clear()
        self.log.clear()


def _check_value(name: str, hint: Any, value: Any) -> Any:
    """Validate one config value against its dataclass type hint."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        if value not in typing.get_args(hint):
            raise ControlError(f"{name} must be one of {list(typing.get_args(hint))}")
        return value
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _check_value(name, args[0], value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ControlError(f"{name} must be a boolean")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ControlError(f"{name} must be an integer")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ControlError(f"{name} must be a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ControlError(f"{name} must be a string")
        return value
    return value


def apply_config(config: Any, patch: Any) -> None:
    """Apply a JSON patch to a config dataclass, validating every key and value first."""
    if not isinstance(patch, dict):
        raise ControlError("config must be a JSON object")
    hints = typing.get_type_hints(type(config))
    checked = {}
    for key, value in patch.items():
        if key not in hints:
            raise ControlError(f"unknown config key {key!r}")
        checked[key] = _check_value(key, hints[key], value)
    for key, value in checked.items():
        setattr(config, key, value)


class ControlPlane:
    """State the control surface owns for one emulator instance."""

    def __init__(self, *, clock: Clock, config: Any, seed: int = 0) -> None:
        self.clock = clock
        self.config = config
        self._default_config = dataclasses.replace(config)
        self.recorder = Recorder()
        self.faults: list[Fault] = []
        self.latency: list[LatencyRule] = []
        self.rng = random.Random(seed)

    def add_fault(self, **spec: Any) -> Fault:
        """Add a fault from keyword arguments (the same keys as the HTTP body)."""
        fault = Fault.from_json(spec)
        self.faults.append(fault)
        return fault

    def take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def set_latency(self, rules: list[LatencyRule]) -> None:
        self.latency = list(rules)

    def latency_for(self, method: str, path: str) -> float:
        for rule in self.latency:
            if rule.method and rule.method.upper() != method:
                continue
            if rule.path_regex.search(path):
                return rule.delay_seconds(self.rng)
        return 0.0

    def configure(self, **patch: Any) -> None:
        """Change knobs and variant switches (validated)."""
        apply_config(self.config, patch)

    def counts(self) -> dict[str, int]:
        """Requests per route, keyed ``"METHOD /route/{template}"``."""
        return dict(self.recorder.counts)

    def reset(self) -> None:
        """Forget faults, latency, counters and config changes; rewind the clock."""
        self.faults.clear()
        self.latency.clear()
        self.recorder.clear()
        for f in dataclasses.fields(self._default_config):
            setattr(self.config, f.name, getattr(self._default_config, f.name))
        self.clock.reset()

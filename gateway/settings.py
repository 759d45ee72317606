"""Typed, frozen settings, read once from an injected environment mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["development", "production", "demo"]
_MODES: tuple[Mode, ...] = ("development", "production", "demo")
PREFIX = "MEDIAGRAPH_"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Secret:
    """A credential: never shown by ``repr`` or ``str``."""

    _value: str = field(repr=False)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class UpstreamSettings:
    """How to reach one upstream API."""

    base_url: str
    #: Seconds to open a connection.
    connect_timeout: float = 2.0
    #: Seconds to wait for each read of the response.
    read_timeout: float = 10.0
    #: Connections kept open to this upstream (the pool limit).
    max_connections: int = 100
    #: Requests in flight to this upstream at once (the bulkhead).
    max_concurrency: int = 64


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the gateway reads from its environment, validated once at start."""

    albums: UpstreamSettings
    profiles: UpstreamSettings
    #: ``production`` hides GraphiQL and introspection and masks unexpected errors.
    mode: Mode = "development"
    #: Service credentials for the Albums API: the gateway signs in (A1) and refreshes sessions.
    albums_email: str | None = None
    albums_auth_token: Secret | None = None
    #: Service token for the Public Profile API.
    profiles_token: Secret | None = None
    #: Serve the GraphiQL IDE on GET /graphql.
    graphiql: bool = True
    #: Allow schema introspection.
    introspection: bool = True
    #: Log level for the gateway's loggers.
    log_level: str = "INFO"
    #: Seconds ``mediagraph serve`` lets in-flight requests finish after SIGTERM.
    shutdown_grace_seconds: int = 20
    #: Worker processes ``mediagraph serve`` runs (uvicorn workers sharing one socket).
    workers: int = 1

    @property
    def production(self) -> bool:
        return self.mode == "production"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from ``MEDIAGRAPH_*`` variables; raise ``SettingsError`` on bad values."""
        reader = _Reader(environ)
        mode = reader.choice("MODE", _MODES, "development")
        production = mode == "production"
        settings = cls(
            mode=mode,
            albums=reader.upstream("ALBUMS", "https://grindr.mobi"),
            profiles=reader.upstream("PROFILES", "https://businessapi.snapchat.com"),
            albums_email=reader.text("ALBUMS_EMAIL"),
            albums_auth_token=reader.secret("ALBUMS_AUTH_TOKEN"),
            profiles_token=reader.secret("PROFILES_TOKEN"),
            graphiql=reader.flag("GRAPHIQL", not production),
            introspection=reader.flag("INTROSPECTION", not production),
            log_level=reader.text("LOG_LEVEL") or "INFO",
            shutdown_grace_seconds=reader.integer("SHUTDOWN_GRACE_SECONDS", 20),
            workers=reader.integer("WORKERS", 1),
        )
        if (settings.albums_email is None) != (settings.albums_auth_token is None):
            raise SettingsError(
                f"{PREFIX}ALBUMS_EMAIL and {PREFIX}ALBUMS_AUTH_TOKEN must be set together"
            )
        return settings


class _Reader:
    """Reads and validates ``MEDIAGRAPH_*`` values, naming the variable in every error."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, name: str) -> str | None:
        value = self._environ.get(PREFIX + name)
        return value.strip() or None if value is not None else None

    def secret(self, name: str) -> Secret | None:
        value = self.text(name)
        return Secret(value) if value else None

    def flag(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{PREFIX}{name} must be a boolean, got {value!r}")

    def number(self, name: str, default: float) -> float:
        value = self.text(name)
        if value is None:
            return default
        try:
            parsed = float(value)
        except ValueError:
            raise SettingsError(f"{PREFIX}{name} must be a number, got {value!r}") from None
        if parsed <= 0:
            raise SettingsError(f"{PREFIX}{name} must be positive, got {value!r}")
        return parsed

    def integer(self, name: str, default: int) -> int:
        value = self.number(name, default)
        if value != int(value):
            raise SettingsError(f"{PREFIX}{name} must be an integer, got {value!r}")
        return int(value)

    def choice(self, name: str, choices: tuple[Mode, ...], default: Mode) -> Mode:
        value = self.text(name) or default
        for choice in choices:
            if value == choice:
                return choice
        raise SettingsError(f"{PREFIX}{name} must be one of {', '.join(choices)}; got {value!r}")

    def url(self, name: str, default: str) -> str:
        value = self.text(name) or default
        if not value.startswith(("http://", "https://")):
            raise SettingsError(f"{PREFIX}{name} must be an http(s) URL, got {value!r}")
        return value.rstrip("/")

    def upstream(self, name: str, default_url: str) -> UpstreamSettings:
        base = UpstreamSettings(base_url=default_url)
        return UpstreamSettings(
            base_url=self.url(f"{name}_URL", default_url),
            connect_timeout=self.number(f"{name}_CONNECT_TIMEOUT", base.connect_timeout),
            read_timeout=self.number(f"{name}_READ_TIMEOUT", base.read_timeout),
            max_connections=self.integer(f"{name}_MAX_CONNECTIONS", base.max_connections),
            max_concurrency=self.integer(f"{name}_MAX_CONCURRENCY", base.max_concurrency),
        )

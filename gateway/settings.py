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
    #: Seconds for one whole call (queueing, connecting, sending and reading), per attempt.
    total_timeout: float = 15.0


@dataclass(frozen=True, slots=True)
class OperationLimits:
    """Limits checked on every GraphQL operation before it runs (zero upstream calls if over)."""

    #: Deepest field nesting.
    max_depth: int = 12
    #: Aliased fields in the document.
    max_aliases: int = 30
    #: Lexical tokens in the document.
    max_tokens: int = 3000
    #: Top-level fields of the operation.
    max_root_fields: int = 10
    #: Operations in one batched (JSON array) request.
    max_batch_operations: int = 5
    #: Upstream calls the operation may need, estimated statically from its lists.
    max_upstream_calls: int = 150


@dataclass(frozen=True, slots=True)
class HTTPSafety:
    """Request size limits, CSRF, CORS and rate limiting at the HTTP edge."""

    #: Largest non-multipart request body, in bytes.
    max_body_bytes: int = 1 << 20
    #: Largest multipart (upload) request body, in bytes: a 1 GiB media file (the Public
    #: Profile API's cap) plus the operation. Starlette spools files past 1 MiB to the temp
    #: directory, so this bounds disk use per upload, not memory.
    max_upload_bytes: int = (1 << 30) + (1 << 20)
    #: Files in one multipart request.
    max_uploads: int = 5
    #: Require a preflight-forcing header on requests a browser could send cross-site.
    csrf: bool = True
    #: Origins allowed to call the gateway from a browser (CORS); empty means none.
    cors_origins: tuple[str, ...] = ()
    #: Sustained requests per second per client identity; 0 turns rate limiting off.
    rate_per_second: float = 20.0
    #: Requests a client may burst above the sustained rate.
    rate_burst: int = 60


@dataclass(frozen=True, slots=True)
class Resilience:
    """Retries, circuit breaking and the overall request deadline."""

    #: Extra attempts for an idempotent call after a timeout, a refused connection or a 429/5xx.
    retries: int = 2
    #: First backoff in seconds; doubles per attempt, with full jitter.
    backoff: float = 0.1
    #: Longest backoff, and the longest ``Retry-After`` the gateway waits for.
    backoff_max: float = 2.0
    #: Consecutive failures that open an upstream's circuit.
    breaker_failures: int = 5
    #: Seconds an open circuit fails fast before one probe call is let through.
    breaker_reset: float = 30.0
    #: Seconds one GraphQL request may spend on upstream calls in total.
    request_deadline: float = 20.0


@dataclass(frozen=True, slots=True)
class UploadSettings:
    """The Public Profile media pipeline: parallel parts, their retries, and posting backoff."""

    #: ADD calls in flight per upload; each holds one 31 MiB part in a temporary file.
    part_concurrency: int = 4
    #: Attempts per part, and for FINALIZE, on a timeout, a connection error or a 5xx.
    part_attempts: int = 4
    #: First wait before a part's next attempt, in seconds; doubles, with jitter.
    part_backoff: float = 0.5
    #: Longest wait before a part's next attempt, and the longest ``Retry-After`` honoured.
    part_backoff_max: float = 8.0
    #: First wait before posting media that is still processing again (contract §4.4).
    posting_backoff: float = 1.0
    #: Longest single wait between posting attempts.
    posting_backoff_max: float = 15.0
    #: Seconds after the first posting attempt when a post of still-processing media gives up.
    posting_give_up: float = 120.0
    #: Seconds one upload call may take (an ADD part, an album content upload, a download);
    #: uploads run in the background, outside the request deadline.
    call_timeout: float = 600.0
    #: Media uploads through the pipeline at once; each holds up to ``part_concurrency`` parts
    #: on scratch disk (about 124 MiB with the defaults). Others wait, QUEUED.
    max_concurrent: int = 2
    #: Seconds a finished upload stays readable through ``upload(id:)``.
    progress_ttl: float = 3600.0
    #: Seconds an idempotency key remembers the result of its first success.
    idempotency_ttl: float = 86400.0
    #: Idempotency keys remembered at once (the oldest finished ones are forgotten first).
    idempotency_max_keys: int = 10_000


@dataclass(frozen=True, slots=True)
class Observability:
    """Metrics, traces and logs."""

    #: Serve Prometheus metrics on ``/metrics``.
    metrics: bool = True
    #: Where prometheus-client keeps the samples of several worker processes
    #: (``PROMETHEUS_MULTIPROC_DIR``, the library's own variable); unset for one process.
    metrics_multiprocess_dir: str | None = None
    #: OTLP/HTTP traces endpoint, e.g. ``http://otel-collector:4318/v1/traces``; unset: no traces.
    otlp_endpoint: str | None = None
    #: ``json`` lines (production) or ``text`` (local runs).
    log_format: Literal["json", "text"] = "json"


@dataclass(frozen=True, slots=True)
class PersistedDocuments:
    """Automatic persisted queries (APQ) and trusted documents."""

    #: Accept Apollo's automatic persisted queries (hash first, the text once when unknown).
    apq: bool = True
    #: A manifest of trusted operations that clients ship at build time (JSON: Apollo's
    #: persisted-query manifest, or a ``{"<sha256>": "<document>"}`` map).
    manifest_path: str | None = None
    #: Accept only the manifest's operations (production hardening); needs a manifest.
    trusted_only: bool = False


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
    limits: OperationLimits = field(default_factory=OperationLimits)
    http: HTTPSafety = field(default_factory=HTTPSafety)
    resilience: Resilience = field(default_factory=Resilience)
    upload: UploadSettings = field(default_factory=UploadSettings)
    observability: Observability = field(default_factory=Observability)
    documents: PersistedDocuments = field(default_factory=PersistedDocuments)
    #: Redis for state every replica shares (APQ documents, rate limits); unset: in memory.
    redis_url: str | None = None
    #: Seconds public profile reads (the same for every caller) are reused across requests;
    #: 0 turns it off. Identical reads in flight at once are always shared.
    public_cache_seconds: float = 10.0
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
            limits=reader.limits(),
            http=reader.http(),
            resilience=reader.resilience(),
            shutdown_grace_seconds=reader.integer("SHUTDOWN_GRACE_SECONDS", 20),
            workers=reader.integer("WORKERS", 1),
            upload=reader.upload(),
            observability=reader.observability(),
            documents=reader.documents(),
            redis_url=reader.redis_url(),
            public_cache_seconds=reader.count("PUBLIC_CACHE_SECONDS", 10.0),
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

    def count(self, name: str, default: float) -> float:
        """A number that may be zero (``0`` turns the feature off)."""
        if self.text(name) in ("0", "0.0"):
            return 0
        return self.number(name, default)

    def origins(self, name: str) -> tuple[str, ...]:
        values = tuple(v.strip().rstrip("/") for v in (self.text(name) or "").split(","))
        for value in values:
            if value and value != "*" and not value.startswith(("http://", "https://")):
                raise SettingsError(f"{PREFIX}{name} must list http(s) origins, got {value!r}")
        return tuple(v for v in values if v)

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
            total_timeout=self.number(f"{name}_TOTAL_TIMEOUT", base.total_timeout),
        )

    def limits(self) -> OperationLimits:
        d = OperationLimits()
        return OperationLimits(
            max_depth=self.integer("MAX_DEPTH", d.max_depth),
            max_aliases=self.integer("MAX_ALIASES", d.max_aliases),
            max_tokens=self.integer("MAX_TOKENS", d.max_tokens),
            max_root_fields=self.integer("MAX_ROOT_FIELDS", d.max_root_fields),
            max_batch_operations=self.integer("MAX_BATCH_OPERATIONS", d.max_batch_operations),
            max_upstream_calls=self.integer("MAX_UPSTREAM_CALLS", d.max_upstream_calls),
        )

    def http(self) -> HTTPSafety:
        d = HTTPSafety()
        return HTTPSafety(
            max_body_bytes=self.integer("MAX_BODY_BYTES", d.max_body_bytes),
            max_upload_bytes=self.integer("MAX_UPLOAD_BYTES", d.max_upload_bytes),
            max_uploads=self.integer("MAX_UPLOADS", d.max_uploads),
            csrf=self.flag("CSRF", d.csrf),
            cors_origins=self.origins("CORS_ORIGINS"),
            rate_per_second=self.count("RATE_PER_SECOND", d.rate_per_second),
            rate_burst=self.integer("RATE_BURST", d.rate_burst),
        )

    def resilience(self) -> Resilience:
        d = Resilience()
        retries = self.count("RETRIES", d.retries)
        if retries != int(retries):
            raise SettingsError(f"{PREFIX}RETRIES must be an integer, got {retries!r}")
        return Resilience(
            retries=int(retries),
            backoff=self.number("RETRY_BACKOFF", d.backoff),
            backoff_max=self.number("RETRY_BACKOFF_MAX", d.backoff_max),
            breaker_failures=self.integer("BREAKER_FAILURES", d.breaker_failures),
            breaker_reset=self.number("BREAKER_RESET", d.breaker_reset),
            request_deadline=self.number("REQUEST_DEADLINE", d.request_deadline),
        )

    def documents(self) -> PersistedDocuments:
        trusted_only = self.flag("TRUSTED_DOCUMENTS_ONLY", False)
        manifest = self.text("TRUSTED_DOCUMENTS")
        if trusted_only and manifest is None:
            raise SettingsError(
                f"{PREFIX}TRUSTED_DOCUMENTS_ONLY needs a manifest in {PREFIX}TRUSTED_DOCUMENTS"
            )
        return PersistedDocuments(
            apq=self.flag("APQ", not trusted_only),
            manifest_path=manifest,
            trusted_only=trusted_only,
        )

    def redis_url(self) -> str | None:
        value = self.text("REDIS_URL")
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(f"{PREFIX}REDIS_URL must be a redis://, rediss:// or unix:// URL")
        return value

    def observability(self) -> Observability:
        log_format = self.text("LOG_FORMAT") or "json"
        if log_format not in ("json", "text"):
            raise SettingsError(f"{PREFIX}LOG_FORMAT must be json or text, got {log_format!r}")
        endpoint = self.text("OTLP_ENDPOINT")
        if endpoint is not None:
            endpoint = self.url("OTLP_ENDPOINT", endpoint)
        return Observability(
            metrics=self.flag("METRICS", True),
            metrics_multiprocess_dir=self._environ.get("PROMETHEUS_MULTIPROC_DIR") or None,
            otlp_endpoint=endpoint,
            log_format="json" if log_format == "json" else "text",
        )

    def upload(self) -> UploadSettings:
        d = UploadSettings()
        upload = UploadSettings(
            part_concurrency=self.integer("UPLOAD_PART_CONCURRENCY", d.part_concurrency),
            part_attempts=self.integer("UPLOAD_PART_ATTEMPTS", d.part_attempts),
            part_backoff=self.number("UPLOAD_PART_BACKOFF", d.part_backoff),
            part_backoff_max=self.number("UPLOAD_PART_BACKOFF_MAX", d.part_backoff_max),
            posting_backoff=self.number("POSTING_BACKOFF", d.posting_backoff),
            posting_backoff_max=self.number("POSTING_BACKOFF_MAX", d.posting_backoff_max),
            posting_give_up=self.number("POSTING_GIVE_UP", d.posting_give_up),
            call_timeout=self.number("UPLOAD_CALL_TIMEOUT", d.call_timeout),
            max_concurrent=self.integer("MAX_CONCURRENT_UPLOADS", d.max_concurrent),
            progress_ttl=self.number("UPLOAD_PROGRESS_TTL", d.progress_ttl),
            idempotency_ttl=self.number("IDEMPOTENCY_TTL", d.idempotency_ttl),
            idempotency_max_keys=self.integer("IDEMPOTENCY_MAX_KEYS", d.idempotency_max_keys),
        )
        if upload.part_concurrency > 35:
            # More parts than a media can have would only hold more memory.
            raise SettingsError(f"{PREFIX}UPLOAD_PART_CONCURRENCY must be at most 35")
        return upload

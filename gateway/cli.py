"""The ``mediagraph`` command: ``serve`` the gateway, run the ``demo``, ``emulate`` an upstream."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
from collections.abc import Coroutine, Sequence
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from gateway.app import create_app
from gateway.asgi import IMPORT_STRING
from gateway.observability.logs import configure_logging
from gateway.runtime import settle_heap
from gateway.settings import (
    HTTPSafety,
    Observability,
    Secret,
    Settings,
    SettingsError,
    UpstreamSettings,
)


def _bind(host: str, port: int) -> socket.socket:
    """Bind before starting, so the port is known (and a busy port fails here, clearly)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: asyncio turns Nagle off (TCP_NODELAY) on accepted
    # connections only for sockets it knows are TCP; without it every keep-alive answer waits
    # ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _server(app: ASGIApp, *, access_log: bool, grace: int | None = None) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="info",
        access_log=access_log,
        lifespan="on",
        timeout_graceful_shutdown=grace,
        # Keep the logging configured by configure_logging (JSON lines in production).
        log_config=None,
    )
    return uvicorn.Server(config)


async def _serve_all(servers: Sequence[tuple[uvicorn.Server, socket.socket]]) -> None:
    await asyncio.gather(*(server.serve(sockets=[sock]) for server, sock in servers))


def _run(main: Coroutine[Any, Any, None]) -> None:
    """Run on uvloop when it is installed (uvicorn[standard] brings it): a faster event loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main)


def demo_settings(albums_url: str, profiles_url: str) -> Settings:
    """Gateway settings for the demo: the emulators' seeded demo credentials are preset."""
    from emulators.albums import seed as albums_seed
    from emulators.profiles import seed as profiles_seed

    return Settings(
        mode="demo",
        albums=UpstreamSettings(base_url=albums_url),
        profiles=UpstreamSettings(base_url=profiles_url),
        albums_email=albums_seed.DEMO_EMAIL,
        albums_auth_token=Secret(albums_seed.DEMO_AUTH_TOKEN),
        profiles_token=Secret(profiles_seed.DEMO_TOKEN),
        # One person on one machine: no rate limit to trip over while exploring or testing.
        http=HTTPSafety(rate_per_second=0),
        observability=Observability(log_format="text"),
    )


def run_demo(host: str, port: int) -> None:
    from emulators.albums import create_app as create_albums
    from emulators.profiles import create_app as create_profiles

    configure_logging("INFO", json_lines=False)
    albums_sock = _bind("127.0.0.1", 0)
    profiles_sock = _bind("127.0.0.1", 0)
    gateway_sock = _bind(host, port)
    albums_url = f"http://127.0.0.1:{albums_sock.getsockname()[1]}"
    profiles_url = f"http://127.0.0.1:{profiles_sock.getsockname()[1]}"
    gateway_app = create_app(demo_settings(albums_url, profiles_url))
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
    bound_port = gateway_sock.getsockname()[1]
    print(f"Albums emulator:         {albums_url}", flush=True)
    print(f"Public Profile emulator: {profiles_url}", flush=True)
    print(f"GraphiQL:                http://{shown_host}:{bound_port}/graphql", flush=True)
    settle_heap()
    _run(
        _serve_all(
            [
                (_server(create_albums(), access_log=False), albums_sock),
                (_server(create_profiles(), access_log=False), profiles_sock),
                (_server(gateway_app, access_log=False), gateway_sock),
            ]
        )
    )


def run_emulator(name: str, host: str, port: int) -> None:
    from emulators.albums import create_app as create_albums
    from emulators.profiles import create_app as create_profiles

    configure_logging("INFO", json_lines=False)
    app = create_albums() if name == "albums" else create_profiles()
    sock = _bind(host, port)
    print(f"{name} emulator: http://{host}:{sock.getsockname()[1]}", flush=True)
    _run(_serve_all([(_server(app, access_log=True), sock)]))


def run_serve(host: str, port: int) -> None:
    """Serve the gateway; on SIGTERM, in-flight requests get ``shutdown_grace_seconds``."""
    settings = Settings.from_environ(os.environ)
    configure_logging(settings.log_level, json_lines=settings.observability.log_format == "json")
    if settings.workers > 1:
        if settings.observability.metrics and not settings.observability.metrics_multiprocess_dir:
            # prometheus-client shares samples between workers through files in this
            # directory; the workers inherit the variable and read it in their settings.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="mediagraph-metrics-")
        # Worker processes each build the app from an import string (gateway/asgi.py).
        print(f"Gateway: http://{host}:{port} ({settings.workers} workers)", flush=True)
        uvicorn.run(
            IMPORT_STRING,
            factory=True,
            host=host,
            port=port,
            workers=settings.workers,
            timeout_graceful_shutdown=settings.shutdown_grace_seconds,
            lifespan="on",
            log_config=None,
            access_log=False,
        )
        return
    sock = _bind(host, port)
    print(f"Gateway: http://{host}:{sock.getsockname()[1]}", flush=True)
    app = create_app(settings)
    # The gateway writes its own structured access log (gateway.access).
    server = _server(app, access_log=False, grace=settings.shutdown_grace_seconds)
    settle_heap()
    _run(_serve_all([(server, sock)]))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mediagraph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the gateway (configured by MEDIAGRAPH_*)")
    demo = commands.add_parser("demo", help="run the gateway with both emulators, ready to use")
    emulate = commands.add_parser("emulate", help="run one upstream emulator")
    emulate.add_argument("name", choices=["albums", "profiles"])
    for sub, default_port in ((serve, 8000), (demo, 8000), (emulate, 0)):
        sub.add_argument("--host", default="127.0.0.1", help="interface to listen on")
        sub.add_argument("--port", type=int, default=default_port, help="port (0: any free)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            run_serve(args.host, args.port)
        elif args.command == "demo":
            run_demo(args.host, args.port)
        else:
            run_emulator(args.name, args.host, args.port)
    except SettingsError as exc:
        print(f"mediagraph: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"mediagraph: cannot listen: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

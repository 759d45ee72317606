"""The two gateways under test, each one process pinned to the gateway core: mediagraph (one
uvicorn worker, ``mediagraph serve``) and Hive Gateway (``hive-gateway supergraph``)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.procs import GATEWAY_CORE, Proc, free_port, wait_until
from emulators.albums.seed import DEMO_AUTH_TOKEN, DEMO_EMAIL
from emulators.profiles.seed import DEMO_TOKEN

ROOT = Path(__file__).resolve().parents[1]
#: The mediagraph source tree the gateway runs from (``--mediagraph-src``: e.g. a clean
#: ``git worktree`` of a commit, so that the numbers belong to that commit).
SOURCE = {"path": ROOT}
BENCH = ROOT / "bench"
HIVE_DIR = BENCH / "hive"
HIVE_BIN = BENCH / "node_modules" / "@graphql-hive" / "gateway" / "dist" / "bin.js"
COMPOSE_BIN = BENCH / "node_modules" / ".bin" / "mesh-compose"
READY_QUERY = b'{"query":"{ __typename }"}'


@contextlib.contextmanager
def worktree(rev: str) -> Iterator[Path]:
    """A temporary detached worktree of ``rev`` (removed afterwards)."""
    path = Path(tempfile.mkdtemp(prefix="mediagraph-bench-src-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(path),
                    rev], check=True)  # fmt: skip
    try:
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                       check=False)  # fmt: skip


def compile_source() -> None:
    """Byte-compile mediagraph's source as an installed package is (pip writes the ``.pyc``
    files; the image has them): a cold start then measures starting, not compiling, even where
    ``PYTHONDONTWRITEBYTECODE`` is set."""
    src = SOURCE["path"]
    dirs = [str(src / name) for name in ("gateway", "schema", "emulators")]
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "compileall", "-q", *dirs],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip


def mediagraph_env(profiles_url: str, albums_url: str) -> dict[str, str]:
    """``mediagraph serve`` as deployed (production mode, every default) with the switches a
    load test from one address needs: rate limiting off. CSRF stays on (wrk sends JSON)."""
    return {
        "MEDIAGRAPH_MODE": "production",
        "MEDIAGRAPH_PROFILES_URL": profiles_url,
        "MEDIAGRAPH_ALBUMS_URL": albums_url,
        "MEDIAGRAPH_PROFILES_TOKEN": DEMO_TOKEN,
        "MEDIAGRAPH_ALBUMS_EMAIL": DEMO_EMAIL,
        "MEDIAGRAPH_ALBUMS_AUTH_TOKEN": DEMO_AUTH_TOKEN,
        "MEDIAGRAPH_RATE_PER_SECOND": "0",
        "MEDIAGRAPH_CSRF": "true",
        "MEDIAGRAPH_WORKERS": "1",
    }


@dataclass
class Gateway:
    name: str
    proc: Proc
    url: str

    def post(self, body: bytes, *, timeout: float = 60) -> httpx.Response:
        return httpx.post(self.url, content=body, timeout=timeout,
                          headers={"Content-Type": "application/json"})  # fmt: skip


def _answers(url: str, body: bytes) -> bool:
    answer = httpx.post(url, content=body, headers={"Content-Type": "application/json"})
    return answer.status_code == 200 and answer.json().get("data") is not None


def start_mediagraph(
    name: str, *, profiles_url: str, albums_url: str, log: Path, probe: bytes = READY_QUERY
) -> tuple[Gateway, float]:
    """Start it and wait for the first successful answer to ``probe``; (gateway, seconds)."""
    port = free_port()
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    argv = [str(ROOT / ".venv" / "bin" / "mediagraph"), *serve]
    env = mediagraph_env(profiles_url, albums_url)
    if SOURCE["path"] != ROOT:
        # The editable install's import hook would load ROOT's code whatever PYTHONPATH says:
        # without ``site`` it is not installed, and the venv's packages come from PYTHONPATH.
        packages = next((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
        env["PYTHONPATH"] = f"{SOURCE['path']}:{packages}"
        argv = [str(ROOT / ".venv" / "bin" / "python"), "-S", "-m", "gateway.cli", *serve]
    proc = Proc(name, argv, core=GATEWAY_CORE, log=log, cwd=SOURCE["path"], env=env)
    url = f"http://127.0.0.1:{port}/graphql"
    seconds = wait_until(lambda: _answers(url, probe), proc=proc, timeout=60, interval=0.005)
    return Gateway("mediagraph", proc, url), seconds


def write_specs(profiles_url: str, albums_url: str, out: Path) -> tuple[Path, Path]:
    """Save both OpenAPI documents for Mesh Compose. Hive gets the Public Profile document with
    ``Sponsor.profile_id`` narrowed to the UUID string the emulator is set to send: the
    contract's ``oneOf`` (bits object | UUID) becomes a union Hive cannot pass on as a path
    argument, so a Mesh user would describe the form their upstream actually sends."""
    out.mkdir(parents=True, exist_ok=True)
    profiles = httpx.get(f"{profiles_url}/openapi.json").json()
    profiles["components"]["schemas"]["Sponsor"]["properties"]["profile_id"] = {
        "type": "string",
        "format": "uuid",
    }
    albums = httpx.get(f"{albums_url}/openapi.json").json()
    paths = out / "profiles.openapi.json", out / "albums.openapi.json"
    paths[0].write_text(json.dumps(profiles, indent=1))
    paths[1].write_text(json.dumps(albums, indent=1))
    return paths


def compose(
    specs: tuple[Path, Path], *, profiles_url: str, albums_url: str, session: str, out: Path
) -> Path:
    """Mesh Compose → a supergraph file whose transports point at the given upstream."""
    env = {
        "PROFILES_SPEC": str(specs[0]),
        "ALBUMS_SPEC": str(specs[1]),
        "PROFILES_URL": profiles_url,
        "ALBUMS_URL": albums_url,
        "PROFILES_TOKEN": DEMO_TOKEN,
        "ALBUMS_SESSION": session,
    }
    done = subprocess.run([str(COMPOSE_BIN), "-o", str(out)], cwd=HIVE_DIR, env={
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(out.parent), **env,
    }, capture_output=True, text=True, timeout=300)  # fmt: skip
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"mesh-compose failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return out


def start_hive(
    name: str, supergraph: Path, *, log: Path, probe: bytes = READY_QUERY
) -> tuple[Gateway, float]:
    port = free_port()
    argv = ["node", str(HIVE_BIN), "supergraph", str(supergraph), "--host", "127.0.0.1",
            "--port", str(port)]  # fmt: skip
    proc = Proc(name, argv, core=GATEWAY_CORE, log=log, cwd=HIVE_DIR,
                env={"NODE_ENV": "production"})  # fmt: skip
    url = f"http://127.0.0.1:{port}/graphql"
    seconds = wait_until(lambda: _answers(url, probe), proc=proc, timeout=120, interval=0.005)
    return Gateway("hive", proc, url), seconds


def versions() -> dict[str, str]:
    def run(*argv: str) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        except OSError:
            return "missing"
        return (
            (done.stdout or done.stderr).strip().splitlines()[0]
            if done.returncode in (0, 1)
            else "?"
        )

    hive = json.loads((HIVE_BIN.parents[1] / "package.json").read_text())["version"]
    src = str(SOURCE["path"])
    sha = run("git", "-C", src, "log", "-1", "--format=%h (%cd)", "--date=iso")
    dirty = subprocess.run(["git", "-C", src, "status", "--porcelain", "--", "gateway",
                            "schema"], capture_output=True, text=True).stdout.strip()  # fmt: skip
    return {
        "python": run(str(ROOT / ".venv" / "bin" / "python"), "--version"),
        "mediagraph": sha + (" (+ uncommitted changes in gateway/ or schema/)" if dirty else ""),
        "hive_gateway": hive,
        "node": run("node", "--version"),
        "wrk": run("wrk", "--version"),
        "nginx": run("/usr/sbin/nginx", "-v"),
        "py_spy": run(str(ROOT / ".venv" / "bin" / "py-spy"), "--version"),
    }

"""The Dockerfile's own commands, run in a clean virtual environment (no Docker engine here).

The test reads ``Dockerfile`` and replays its builder stage in a temporary directory that
stands for the image's file system: ``WORKDIR``, ``ENV``, ``COPY`` (only what ``.dockerignore``
lets into the build context) and every ``RUN`` command verbatim, with the image's absolute
paths (``/opt/venv``, ``/src``, ``/wheels``) mapped into the temporary directory. Then it
starts the emulators target and the gateway target the way ``compose.yaml`` does (the same
entrypoints, commands and gateway environment, on 127.0.0.1 and free ports), runs each
target's ``HEALTHCHECK`` command, and asks ``/healthz``, ``/readyz`` and one query.

pip runs offline here: ``PIP_NO_INDEX`` with ``PIP_FIND_LINKS`` pointing at a wheelhouse in
``.venv-deploy/wheelhouse`` (git-ignored). The first run fills it with ``pip download`` of the
same requirements (the project's dependencies and its build backend, for the isolated wheel
build) from the package index; every later run needs no network. That keeps the venv truly
clean (no ``--system-site-packages``, no ``--no-deps`` shortcut: pip resolves the dependency
set from ``pyproject.toml`` exactly as in the image), and fast.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WHEELHOUSE = ROOT / ".venv-deploy" / "wheelhouse"
#: The image's paths the builder stage uses; any other absolute path fails the test.
IMAGE_PATHS = ("/opt/venv", "/wheels", "/src")
STEP_SECONDS = 240


@dataclass
class Stage:
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def last(self, keyword: str) -> str:
        values = [args for kw, args in self.instructions if kw == keyword]
        assert values, f"stage {self.name} has no {keyword}"
        return values[-1]


def parse_dockerfile(text: str) -> list[Stage]:
    """Stages in order, each with its instructions (continuations joined, comments dropped)."""
    logical: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stages.append(Stage(name=args.split()[-1]))
        elif stages:
            stages[-1].instructions.append((keyword, args.strip()))
    return stages


def allowed_in_context(path: str) -> bool:
    """Whether ``.dockerignore`` (an allow-list: ``*`` then ``!path``) lets ``path`` in."""
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    return path.rstrip("/") in allowed


class Image:
    """The image's file system, mapped into ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.workdir = root
        self.env: dict[str, str] = {}

    def path(self, image_path: str) -> Path:
        return self.root / image_path.lstrip("/")

    def rewrite(self, command: str) -> str:
        for image_path in IMAGE_PATHS:
            command = re.sub(
                rf"(?<![\w/]){re.escape(image_path)}(?=[/\s]|$)",
                str(self.path(image_path)),
                command,
            )
        for token in shlex.split(command):
            if token.startswith("/") and not token.startswith(str(self.root)):
                raise AssertionError(f"the Dockerfile uses an unmapped path {token!r}")
        return command

    def run_builder(self, stage: Stage, *, pip_env: dict[str, str]) -> None:
        shim = self.root / "shim"
        shim.mkdir(parents=True, exist_ok=True)
        # The base image's `python`: this interpreter (not the project venv's packages).
        python = Path(getattr(sys, "_base_executable", sys.executable))
        (shim / "python").symlink_to(python)
        for keyword, args in stage.instructions:
            if keyword == "WORKDIR":
                self.workdir = self.path(args)
                self.workdir.mkdir(parents=True, exist_ok=True)
            elif keyword == "ENV":
                for token in shlex.split(args):
                    name, _, value = token.partition("=")
                    self.env[name] = value
            elif keyword == "COPY":
                self._copy(args)
            elif keyword == "RUN":
                env = {
                    "PATH": f"{shim}:/usr/bin:/bin",
                    "HOME": str(self.root / "home"),
                    **self.env,
                    **pip_env,
                }
                result = subprocess.run(
                    ["/bin/sh", "-c", self.rewrite(args)],
                    cwd=self.workdir,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=STEP_SECONDS,
                    check=False,
                )
                assert result.returncode == 0, f"RUN {args}\n{result.stdout}\n{result.stderr}"

    def _copy(self, args: str) -> None:
        *sources, target = shlex.split(args)
        assert not any(s.startswith("--") for s in sources), "builder COPY takes no flags"
        for source in sources:
            assert allowed_in_context(source), f".dockerignore keeps {source} out of the build"
            destination = self.workdir / target
            if (ROOT / source).is_dir():
                shutil.copytree(
                    ROOT / source,
                    destination,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            else:
                shutil.copy2(ROOT / source, destination)


def requirements() -> list[str]:
    """What the image's pip resolves: the dependencies and the isolated build's backend."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [*pyproject["project"]["dependencies"], *pyproject["build-system"]["requires"]]


def fill_wheelhouse() -> dict[str, str]:
    """pip settings for offline installs from the wheelhouse, downloading what it lacks."""
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(WHEELHOUSE)]
    offline = [*pip, "--no-index", "--find-links", str(WHEELHOUSE), *requirements()]
    if subprocess.run(offline, capture_output=True, check=False, timeout=STEP_SECONDS).returncode:
        subprocess.run([*pip, *requirements()], check=True, timeout=STEP_SECONDS)
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE)}


@pytest.fixture(scope="module")
def stages() -> dict[str, Stage]:
    return {stage.name: stage for stage in parse_dockerfile((ROOT / "Dockerfile").read_text())}


@pytest.fixture(scope="module")
def image(stages: dict[str, Stage], tmp_path_factory: pytest.TempPathFactory) -> Image:
    built = Image(tmp_path_factory.mktemp("image"))
    built.run_builder(stages["builder"], pip_env=fill_wheelhouse())
    return built


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def on_loopback(argv: list[str]) -> list[str]:
    """The container command, on 127.0.0.1 and a free port (each process prints its address)."""
    out = list(argv)
    out[out.index("--host") + 1] = "127.0.0.1"
    out[out.index("--port") + 1] = "0"
    return out


def healthcheck(stage: Stage, venv: Path, *, port: str, url: str) -> int:
    """Run the stage's HEALTHCHECK command against ``url`` instead of the image's port."""
    argv: list[str] = json.loads(stage.last("HEALTHCHECK").split(" CMD ", 1)[1])
    assert argv[0] == "python", "the health check must not need curl"
    argv = [
        str(venv / "bin" / "python"),
        *(a.replace(f"http://127.0.0.1:{port}", url) for a in argv[1:]),
    ]
    return subprocess.run(argv, capture_output=True, timeout=30, check=False).returncode


def test_the_venv_holds_the_app_and_none_of_the_dev_tools(image: Image) -> None:
    venv = image.path("/opt/venv")
    assert (venv / "bin" / "mediagraph").exists()
    listed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
        env={"PIP_NO_INDEX": "1", "PATH": "/usr/bin:/bin"},
    )
    names = {item["name"].lower() for item in json.loads(listed.stdout)}
    assert {"mediagraph", "strawberry-graphql", "uvicorn", "httpx"} <= names
    assert not names & {"pytest", "ruff", "mypy", "hatchling", "import-linter"}


def test_the_image_commands_start_the_demo_and_answer_probes(
    image: Image, stages: dict[str, Stage], processes: Any
) -> None:
    venv = image.path("/opt/venv")
    services = compose()["services"]
    emulators, gateway = stages["emulators"], stages["gateway"]
    urls: dict[str, str] = {}
    for name in ("albums", "profiles"):
        entry: list[str] = json.loads(emulators.last("ENTRYPOINT"))
        command = on_loopback(services[name]["command"])
        running = processes.start(
            [str(venv / "bin" / entry[0]), *entry[1:], *command],
            address=rf"{name} emulator: (http://\S+)",
        )
        urls[name] = running.url
        running.wait_ok("/__emulator/clock")
        assert healthcheck(emulators, venv, port="9000", url=running.url) == 0

    environment = {
        key: re.sub(r"^http://(albums|profiles):9000$", lambda m: urls[m.group(1)], str(value))
        for key, value in services["gateway"]["environment"].items()
    }
    entry = json.loads(gateway.last("ENTRYPOINT"))
    assert services["gateway"]["command"] == json.loads(gateway.last("CMD"))
    server = processes.start(
        [str(venv / "bin" / entry[0]), *on_loopback(json.loads(gateway.last("CMD")))],
        address=r"Gateway: (http://\S+)",
        env=environment,
    )
    assert server.wait_ok("/healthz").json() == {"status": "ok"}
    assert healthcheck(gateway, venv, port="8000", url=server.url) == 0
    ready = server.wait_ok("/readyz").json()
    assert ready["upstreams"] == {"albums": "reachable", "profiles": "reachable"}
    query = "{ viewer { albums(first: 1) { totalCount } } publicProfile { displayName } }"
    with httpx.Client(base_url=server.url, timeout=10) as client:
        body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    assert body["data"]["publicProfile"]["displayName"]

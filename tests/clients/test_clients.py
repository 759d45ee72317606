"""The client examples of docs/clients.md (examples/) run for real against the demo: Apollo
Client, urql and Relay in Node, and curl, file uploads included; the Relay compiler accepts
schema.graphql."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from schema.persisted import load_manifest
from tests.e2e.test_demo import demo

__all__ = ["demo"]

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
RELAY = EXAMPLES / "relay"
INSTALL_SECONDS = 300
RUN_SECONDS = 60
#: The steps every example walks, each printed as "ok <step>" once it has asserted its result.
STEPS = ("both-upstreams", "paging", "node-refetch", "errors")
EXAMPLES_STEPS = {
    "apollo": (*STEPS, "persisted-query"),
    "urql": (*STEPS, "persisted-query"),
    "relay": (*STEPS, "persisted-query"),
    "curl": (*STEPS, "persisted-query"),
}
#: The upload scripts (GraphQL multipart request spec) and what each prints.
UPLOADS = {"apollo": "upload.mjs", "urql": "upload.mjs", "curl": "upload.sh"}
UPLOAD_MUTATION = "uploadAlbumContent("


def run(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a command with the Python of this test run as $PYTHON (the curl scripts use it)."""
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHON": sys.executable, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """The examples' npm workspace, installed from its lockfile when missing or older than it."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("the client examples need node and npm")
    installed = EXAMPLES / "node_modules"
    # npm writes its own copy of the lockfile into node_modules on every install.
    record = installed / ".package-lock.json"
    lockfile = EXAMPLES / "package-lock.json"
    if not record.is_file() or record.stat().st_mtime < lockfile.stat().st_mtime:
        done = run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            EXAMPLES,
            INSTALL_SECONDS,
        )
        assert done.returncode == 0, done.stderr
    return installed


@dataclass(frozen=True)
class RelayBuild:
    """A copy of examples/relay compiled against schema.graphql: the tests write nothing into
    the tree, and concurrent runs do not share artifacts."""

    project: Path
    compiler: subprocess.CompletedProcess[str]

    @property
    def generated(self) -> Path:
        return self.project / "src" / "__generated__"


@pytest.fixture(scope="module")
def relay(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> RelayBuild:
    project = tmp_path_factory.mktemp("relay")
    for name in ("index.mjs", "package.json", "persisted_queries.json"):
        shutil.copy2(RELAY / name, project / name)
    shutil.copytree(RELAY / "src", project / "src", ignore=shutil.ignore_patterns("__generated__"))
    config = json.loads((RELAY / "relay.config.json").read_text())
    assert config["schema"] == "../../schema.graphql"
    config["schema"] = str(ROOT / "schema.graphql")
    (project / "relay.config.json").write_text(json.dumps(config))
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    compiler = run([str(node_modules / ".bin" / "relay-compiler")], project, RUN_SECONDS)
    return RelayBuild(project, compiler)


def test_relay_compiler_accepts_the_schema(relay: RelayBuild) -> None:
    output = relay.compiler.stdout + relay.compiler.stderr
    assert relay.compiler.returncode == 0, output
    assert "Compilation completed" in output, output
    assert "ERROR" not in output, output
    # @refetchable wrote a node(id:) query for the Spotlight fragment and pagination queries
    # for the @connection fragments on PublicProfile (a Node) and Viewer.
    written = {path.name.removesuffix(".graphql.js") for path in relay.generated.iterdir()}
    assert {
        "AppQuery",
        "SpotlightCard_spotlight",
        "SpotlightCardRefetchQuery",
        "ProfileSpotlights_profile",
        "ProfileSpotlightsPaginationQuery",
        "ViewerAlbums_viewer",
        "ViewerAlbumsPaginationQuery",
    } <= written
    refetch = (relay.generated / "SpotlightCardRefetchQuery.graphql.js").read_text()
    assert "node(id: $id)" in refetch
    pagination = (relay.generated / "ProfileSpotlightsPaginationQuery.graphql.js").read_text()
    assert "spotlights(first: $count, after: $cursor)" in pagination


def test_relay_persisted_queries_are_a_trusted_documents_manifest(relay: RelayBuild) -> None:
    """relay-compiler's persistConfig file loads as MEDIAGRAPH_TRUSTED_DOCUMENTS (every id is
    the SHA-256 of its text), holds every compiled operation, and is the committed one."""
    assert relay.compiler.returncode == 0, relay.compiler.stderr
    written = relay.project / "persisted_queries.json"
    manifest = load_manifest(str(written))
    operations = [
        path.read_text()
        for path in relay.generated.iterdir()
        if '"operationKind": "query"' in path.read_text()
    ]
    assert len(operations) == 5
    for artifact in operations:
        assert any(f'"id": "{digest}"' in artifact for digest in manifest)
    committed = RELAY / "persisted_queries.json"
    assert json.loads(written.read_text()) == json.loads(committed.read_text()), (
        "examples/relay/persisted_queries.json is stale: run `npm run -w relay compile` in "
        "examples/ and commit it"
    )


@pytest.mark.parametrize("example", sorted(EXAMPLES_STEPS))
def test_example_runs_against_the_demo(
    demo: str,
    node_modules: Path,
    relay: RelayBuild,
    example: str,
) -> None:
    folder = EXAMPLES / example
    if example == "curl":
        if shutil.which("curl") is None:
            pytest.fail("the curl example needs curl")
        command = ["bash", "run.sh", demo]
    else:
        if example == "relay":
            assert relay.compiler.returncode == 0, relay.compiler.stderr
            folder = relay.project
        command = ["node", "index.mjs", demo]
    done = run(command, folder, RUN_SECONDS)
    assert done.returncode == 0, done.stdout + done.stderr
    passed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("ok ")]
    assert passed == list(EXAMPLES_STEPS[example]), done.stdout + done.stderr


@pytest.mark.parametrize("example", sorted(UPLOADS))
def test_upload_example_runs_against_the_demo(demo: str, node_modules: Path, example: str) -> None:
    if UPLOAD_MUTATION not in (ROOT / "schema.graphql").read_text():
        pytest.skip(f"schema.graphql has no {UPLOAD_MUTATION.rstrip('(')} mutation yet")
    script = UPLOADS[example]
    command = ["bash", script, demo] if script.endswith(".sh") else ["node", script, demo]
    done = run(command, EXAMPLES / example, RUN_SECONDS)
    assert done.returncode == 0, done.stdout + done.stderr
    passed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("ok ")]
    assert passed == ["upload", "upload-rejected"], done.stdout + done.stderr

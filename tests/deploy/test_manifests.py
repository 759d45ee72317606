"""The deployment files agree with the code: settings parse, probes exist, ports, users and
timings line up, and the demo credentials are the emulators' seed values."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.routing import Route

from emulators.albums import seed as albums_seed
from emulators.profiles import seed as profiles_seed
from gateway.app import create_app
from gateway.settings import Settings, UpstreamSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "k8s"
DEMO_CREDENTIALS = {
    "MEDIAGRAPH_ALBUMS_EMAIL": albums_seed.DEMO_EMAIL,
    "MEDIAGRAPH_ALBUMS_AUTH_TOKEN": albums_seed.DEMO_AUTH_TOKEN,
    "MEDIAGRAPH_PROFILES_TOKEN": profiles_seed.DEMO_TOKEN,
}


def load(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def one(path: Path, kind: str, name: str) -> dict[str, Any]:
    (doc,) = [d for d in load(path) if d["kind"] == kind and d["metadata"]["name"] == name]
    return doc


def gateway_container() -> dict[str, Any]:
    deployment = one(K8S / "base/deployment.yaml", "Deployment", "mediagraph")
    container: dict[str, Any] = deployment["spec"]["template"]["spec"]["containers"][0]
    return container


def demo_config() -> dict[str, str]:
    """The base ConfigMap with the demo overlay's JSON patch applied."""
    data = dict(one(K8S / "base/configmap.yaml", "ConfigMap", "mediagraph-config")["data"])
    kustomization = yaml.safe_load((K8S / "overlays/demo/kustomization.yaml").read_text())
    for patch in kustomization["patches"]:
        if patch["target"]["kind"] == "ConfigMap":
            for op in yaml.safe_load(patch["patch"]):
                assert op["op"] == "replace"
                assert op["path"].startswith("/data/")
                data[op["path"].removeprefix("/data/")] = op["value"]
    return data


def dockerfile(keyword: str) -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    return re.findall(rf"^{keyword} (.+)$", text, flags=re.MULTILINE)


def test_the_base_config_is_valid_production_settings() -> None:
    data = one(K8S / "base/configmap.yaml", "ConfigMap", "mediagraph-config")["data"]
    settings = Settings.from_environ(data)
    assert settings.production
    assert settings.workers == 1
    assert all(isinstance(value, str) for value in data.values())


def test_the_demo_config_points_at_the_emulator_services() -> None:
    settings = Settings.from_environ({**demo_config(), **DEMO_CREDENTIALS})
    services = {
        d["metadata"]["name"]: d["spec"]["ports"][0]["port"]
        for d in load(K8S / "overlays/demo/emulators.yaml")
        if d["kind"] == "Service"
    }
    for upstream in (settings.albums, settings.profiles):
        host, port = upstream.base_url.removeprefix("http://").split(":")
        assert services[host] == int(port)


@pytest.mark.parametrize(
    "path", [K8S / "overlays/demo/credentials.yaml", ROOT / "compose.yaml"], ids=lambda p: p.name
)
def test_the_demo_credentials_are_the_emulator_seed_values(path: Path) -> None:
    (doc,) = load(path)
    values = doc["stringData"] if path.suffix == ".yaml" and "stringData" in doc else None
    if values is None:
        environment = doc["services"]["gateway"]["environment"]
        values = {k: v for k, v in environment.items() if k in DEMO_CREDENTIALS}
    assert values == DEMO_CREDENTIALS


def test_the_secret_example_has_the_credential_keys_and_placeholders_only() -> None:
    (secret,) = load(K8S / "base/secret.example.yaml")
    assert set(secret["stringData"]) == set(DEMO_CREDENTIALS)
    assert all(re.fullmatch(r"<[^>]+>", value) for value in secret["stringData"].values())
    resources = yaml.safe_load((K8S / "base/kustomization.yaml").read_text())["resources"]
    assert "secret.example.yaml" not in resources


def test_the_probes_are_routes_of_the_gateway() -> None:
    container = gateway_container()
    settings = Settings(
        albums=UpstreamSettings(base_url="http://albums.test"),
        profiles=UpstreamSettings(base_url="http://profiles.test"),
    )
    paths = {r.path for r in create_app(settings).routes if isinstance(r, Route)}
    probes = {container[p]["httpGet"]["path"] for p in ("livenessProbe", "startupProbe")}
    assert probes == {"/healthz"}
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert {"/healthz", "/readyz"} <= paths
    assert "/healthz" in dockerfile("    CMD")[-1]


def test_the_pod_runs_the_image_command_as_the_image_user() -> None:
    container = gateway_container()
    (port,) = container["ports"]
    assert f"--port {port['containerPort']}" in " ".join(container["args"])
    assert f'"{port["containerPort"]}"' in dockerfile("CMD")[-1]
    assert dockerfile("EXPOSE")[-1] == str(port["containerPort"])
    assert container["args"] == yaml.safe_load(dockerfile("CMD")[-1])
    (user,) = dockerfile("USER")
    assert user == f"{container['securityContext']['runAsUser']}:10001"


def test_the_termination_grace_covers_the_pause_and_the_drain() -> None:
    deployment = one(K8S / "base/deployment.yaml", "Deployment", "mediagraph")
    pod = deployment["spec"]["template"]["spec"]
    pause = int(gateway_container()["lifecycle"]["preStop"]["exec"]["command"][-1])
    data = one(K8S / "base/configmap.yaml", "ConfigMap", "mediagraph-config")["data"]
    drain = Settings.from_environ(data).shutdown_grace_seconds
    assert pod["terminationGracePeriodSeconds"] >= pause + drain + 5


def test_both_dockerfile_stages_share_one_base_image() -> None:
    builder, base = (line.split()[0] for line in dockerfile("FROM")[:2])
    assert builder == base
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", base)

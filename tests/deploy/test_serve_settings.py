"""The settings ``mediagraph serve`` runs with: shutdown grace and worker processes."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from gateway.asgi import IMPORT_STRING, build_app
from gateway.settings import Settings, SettingsError


def test_defaults_one_worker_and_twenty_seconds_of_grace() -> None:
    settings = Settings.from_environ({})
    assert settings.workers == 1
    assert settings.shutdown_grace_seconds == 20


def test_workers_and_grace_from_the_environment() -> None:
    settings = Settings.from_environ(
        {"MEDIAGRAPH_WORKERS": "4", "MEDIAGRAPH_SHUTDOWN_GRACE_SECONDS": "45"}
    )
    assert settings.workers == 4
    assert settings.shutdown_grace_seconds == 45


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MEDIAGRAPH_WORKERS", "0"),
        ("MEDIAGRAPH_WORKERS", "two"),
        ("MEDIAGRAPH_WORKERS", "1.5"),
        ("MEDIAGRAPH_SHUTDOWN_GRACE_SECONDS", "-1"),
        ("MEDIAGRAPH_SHUTDOWN_GRACE_SECONDS", "soon"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_environ({name: value})


def test_the_worker_import_string_builds_the_app_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module, _, attribute = IMPORT_STRING.partition(":")
    assert (module, attribute) == ("gateway.asgi", build_app.__name__)
    monkeypatch.setenv("MEDIAGRAPH_PROFILES_URL", "http://profiles.internal:9002")
    assert isinstance(build_app(), Starlette)
    monkeypatch.setenv("MEDIAGRAPH_WORKERS", "none")
    with pytest.raises(SettingsError, match="MEDIAGRAPH_WORKERS"):
        build_app()

"""Settings are read once, validated, and never show secrets."""

from __future__ import annotations

import pytest

from gateway.settings import Secret, Settings, SettingsError


def test_defaults_point_at_the_real_upstreams() -> None:
    settings = Settings.from_environ({})
    assert settings.albums.base_url == "https://grindr.mobi"
    assert settings.profiles.base_url == "https://businessapi.snapchat.com"
    assert settings.mode == "development"
    assert settings.graphiql
    assert settings.introspection


def test_production_turns_off_graphiql_and_introspection() -> None:
    settings = Settings.from_environ({"MEDIAGRAPH_MODE": "production"})
    assert settings.production
    assert not settings.graphiql
    assert not settings.introspection


def test_production_can_opt_back_in() -> None:
    settings = Settings.from_environ(
        {"MEDIAGRAPH_MODE": "production", "MEDIAGRAPH_INTROSPECTION": "true"}
    )
    assert settings.introspection


@pytest.mark.parametrize(
    ("environ", "names"),
    [
        ({"MEDIAGRAPH_MODE": "staging"}, "MEDIAGRAPH_MODE"),
        ({"MEDIAGRAPH_ALBUMS_URL": "ftp://x"}, "MEDIAGRAPH_ALBUMS_URL"),
        ({"MEDIAGRAPH_PROFILES_READ_TIMEOUT": "soon"}, "MEDIAGRAPH_PROFILES_READ_TIMEOUT"),
        ({"MEDIAGRAPH_ALBUMS_MAX_CONNECTIONS": "1.5"}, "MEDIAGRAPH_ALBUMS_MAX_CONNECTIONS"),
        ({"MEDIAGRAPH_GRAPHIQL": "maybe"}, "MEDIAGRAPH_GRAPHIQL"),
        ({"MEDIAGRAPH_ALBUMS_EMAIL": "a@b.c"}, "MEDIAGRAPH_ALBUMS_AUTH_TOKEN"),
    ],
)
def test_bad_values_fail_fast_naming_the_variable(environ: dict[str, str], names: str) -> None:
    with pytest.raises(SettingsError, match=names):
        Settings.from_environ(environ)


def test_secrets_never_show_in_repr() -> None:
    settings = Settings.from_environ(
        {
            "MEDIAGRAPH_ALBUMS_EMAIL": "a@b.c",
            "MEDIAGRAPH_ALBUMS_AUTH_TOKEN": "super-secret-1",
            "MEDIAGRAPH_PROFILES_TOKEN": "super-secret-2",
        }
    )
    text = repr(settings) + str(settings)
    assert "super-secret" not in text
    assert isinstance(settings.profiles_token, Secret)
    assert settings.profiles_token.reveal() == "super-secret-2"

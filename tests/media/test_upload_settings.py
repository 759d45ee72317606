"""The upload block of the settings: defaults from the contract, overrides, validation."""

from __future__ import annotations

import pytest

from gateway.settings import Settings, SettingsError, UploadSettings


def test_defaults_follow_the_contract() -> None:
    upload = Settings.from_environ({}).upload
    assert upload == UploadSettings()
    assert upload.part_concurrency == 4
    assert (upload.posting_backoff, upload.posting_backoff_max, upload.posting_give_up) == (
        1.0,
        15.0,
        120.0,
    )


def test_overrides() -> None:
    upload = Settings.from_environ(
        {
            "MEDIAGRAPH_UPLOAD_PART_CONCURRENCY": "2",
            "MEDIAGRAPH_UPLOAD_PART_ATTEMPTS": "6",
            "MEDIAGRAPH_POSTING_GIVE_UP": "30",
        }
    ).upload
    assert (upload.part_concurrency, upload.part_attempts, upload.posting_give_up) == (2, 6, 30.0)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("UPLOAD_PART_CONCURRENCY", "0"),
        ("UPLOAD_PART_CONCURRENCY", "36"),
        ("UPLOAD_PART_ATTEMPTS", "1.5"),
        ("POSTING_BACKOFF", "soon"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"MEDIAGRAPH_{name}"):
        Settings.from_environ({f"MEDIAGRAPH_{name}": value})

"""The upstream readers accept every documented variant."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.upstreams._parse import ParseError, from_iso, from_ms, int64, uuid_text
from gateway.upstreams.albums_auth import session_profile_id
from gateway.upstreams.albums_types import expiration_type
from gateway.upstreams.profiles import next_cursor


def test_int64_accepts_numbers_and_numeric_strings_beyond_32_bits() -> None:
    assert int64(2**40, "x") == 2**40
    assert int64(str(2**40), "x") == 2**40
    with pytest.raises(ParseError):
        int64("12a", "x")
    with pytest.raises(ParseError):
        int64(True, "x")


def test_zoneless_times_are_utc_and_ms_are_unix_milliseconds() -> None:
    assert from_iso("2026-03-27T20:39:00") == datetime(2026, 3, 27, 20, 39, tzinfo=UTC)
    assert from_iso("2021-03-05T02:33:39.240Z") == datetime(
        2021, 3, 5, 2, 33, 39, 240000, tzinfo=UTC
    )
    assert from_iso("2021-03-05T04:33:39+02:00") == datetime(2021, 3, 5, 2, 33, 39, tzinfo=UTC)
    assert from_iso("not a time") is None
    assert from_ms(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert from_ms(None) is None


def test_sponsor_ids_in_bits_form_normalise_to_the_documented_uuid() -> None:
    bits = {"high_bits": "3333118795269425713", "low_bits": "12035785981443997886"}
    assert uuid_text(bits) == "2e419de2-7a36-4a31-a707-b394f09880be"
    numeric = {"high_bits": 3333118795269425713, "low_bits": 12035785981443997886}
    assert uuid_text(numeric) == "2e419de2-7a36-4a31-a707-b394f09880be"
    assert uuid_text("2E419DE2-7A36-4A31-A707-B394F09880BE") == (
        "2e419de2-7a36-4a31-a707-b394f09880be"
    )
    assert uuid_text({"high_bits": "x"}) is None


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("ONCE", "ONCE"), (1, "ONCE"), (4, "ONE_DAY"), ("once", "ONCE"), (9, None), (None, None)],
)
def test_expiration_type_reads_strings_ints_and_unknowns(wire: object, expected: str) -> None:
    assert expiration_type(wire) == expected


def test_cursor_rule_prefers_next_page_id_then_next_link() -> None:
    assert next_cursor({"next_page_id": "MQ", "next_link": "https://h/p?cursor=Mg"}) == "MQ"
    assert next_cursor({"next_link": "https://h/p?limit=5&cursor=Mg&x=1"}) == "Mg"
    assert next_cursor({}) is None
    assert next_cursor(None) is None
    assert next_cursor({"next_link": ""}) is None


def test_session_profile_id_is_read_from_the_jwt_payload() -> None:
    # header.payload.signature with payload {"profileId": "4294967301"}
    token = "eyJhbGciOiJSUzI1NiJ9.eyJwcm9maWxlSWQiOiI0Mjk0OTY3MzAxIn0.c2ln"
    assert session_profile_id(token) == 4294967301
    assert session_profile_id("not-a-jwt") is None

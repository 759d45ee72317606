"""Every variant switch of both emulators: the graph gives the same answer either way."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.profiles import seed as snap_seed
from tests.gateway.conftest import Stack

pytestmark = pytest.mark.anyio

ALBUMS = """{ viewer {
  albums { nodes { id name content(first: 1) { nodes { id contentType url thumbUrl } } } }
  albumFeed { nodes { id albumId name expiresAt coverUrl imageCount videoCount } }
  albumFeedOwners { nodes { profile { profile {
    albumsSharedWithMe { nodes { albumId expirationType expiresAt preview { id } } } } } } }
} }"""

PROFILES = f"""{{
  publicProfile {{
    spotlights(first: 20) {{ nodes {{ id title hashtags sponsor {{ profileId displayName }} }} }}
    stories(first: 8) {{ nodes {{ id snaps {{
      nodes {{ id mediaType mediaKind mediaUrl caption }} }} }} }}
    savedStories(first: 5) {{ nodes {{ id title snaps {{
      nodes {{ id title caption mediaUrl }} }} }} }}
    lenses(first: 20) {{ nodes {{ id snapcode {{ expiresAt deeplink }}
      rejectionErrors {{ heading }} }} }}
  }}
  adAccount(adAccountId: "{snap_seed.DEMO_AD_ACCOUNT_ID}") {{
    sharingPolicies {{ nodes {{ id target {{ __typename }} source {{ __typename }} }} }}
  }}
}}"""

MISSING = f"""{{ publicProfile {{ spotlight(spotlightId: "nope") {{ id }} }}
  adAccount(adAccountId: "{snap_seed.OTHER_AD_ACCOUNT_ID}") {{ sharingPolicies {{ totalCount }} }}
}}"""


def codes(body: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((e["extensions"]["code"], str(e.get("path"))) for e in body.get("errors", []))


@pytest.mark.parametrize(
    ("switch", "value"),
    [
        ("feed_expires_key", "expiresAt"),
        ("feed_cover_key", "location"),
        ("expiration_type_form", "int"),
        ("strict_headers", True),
    ],
)
async def test_albums_variants_give_the_same_graph(
    stack: Stack, switch: str, value: object
) -> None:
    before = await stack.gql(ALBUMS)
    assert "errors" not in before, before
    stack.albums.control.configure(**{switch: value})
    after = await stack.gql(ALBUMS)
    assert after == before


async def test_my_album_content_as_one_object_reads_as_a_list(stack: Stack) -> None:
    before = await stack.gql(ALBUMS)
    stack.albums.control.configure(my_album_content_shape="object")
    after = await stack.gql(ALBUMS)
    # The object variant carries only the first item: exactly what `content(first: 1)` shows.
    assert after == before


@pytest.mark.parametrize(
    ("switch", "value"),
    [
        ("list_items", "flat"),
        ("sponsor_id_form", "uuid"),
        ("snap_media_type_location", "snap"),
        ("sharing_list_items", "wrapped"),
        ("status_case", "lower"),
        ("errors_as_200", True),
    ],
)
async def test_profiles_variants_give_the_same_graph(
    stack: Stack, switch: str, value: object
) -> None:
    before = await stack.gql(PROFILES)
    missing_before = await stack.gql(MISSING)
    stack.profiles.control.configure(**{switch: value})
    after = await stack.gql(PROFILES)
    missing_after = await stack.gql(MISSING)
    assert after["data"] == before["data"]
    assert codes(after) == codes(before)
    assert codes(before), "the seed's broken items produce PARTIAL errors"
    assert missing_after["data"] == missing_before["data"]
    assert codes(missing_after) == codes(missing_before)
    assert {c for c, _ in codes(missing_before)} == {"NOT_FOUND", "FORBIDDEN"}

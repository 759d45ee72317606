"""The benchmark scenarios: one question asked of each gateway in that gateway's own schema.

mediagraph answers from its Relay graph; Hive Gateway from the schema it generates from the
emulators' OpenAPI documents (plus the links in ``bench/hive/mesh.config.ts``). Each scenario
names the upstream resource the direct (floor) run fetches, how many distinct upstream
resources the question needs, and what a correct answer must hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from emulators.profiles.seed import DEMO_PROFILE_ID

P = DEMO_PROFILE_ID
SPOTLIGHT_FIELDS = "id title status duration createdAt mediaUrl"
HIVE_SPOTLIGHT_FIELDS = "id title status duration created_at media_url"
HIVE_PROFILE = "... on publicProfilePublicFields_200_response { public_profiles { public_profile { display_name } } }"  # noqa: E501


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    title: str
    mediagraph: str
    hive: str
    #: The upstream path (and query) the direct run fetches: the scenario's main resource.
    direct: str
    #: Distinct upstream resources the question needs (the target for calls per query).
    resources: int
    #: How the answer is checked: a key counted (non-null) in each answer, and its count.
    mediagraph_key: str
    hive_key: str
    count: int | None

    def body(self, gateway: str) -> bytes:
        query = self.mediagraph if gateway == "mediagraph" else self.hive
        return json.dumps({"query": query}).encode()


def _hive_pages(fields: str, cursor: str) -> str:
    """100 spotlights as two pages of 50: a client passes the cursor page 1 gave it."""
    page = f"... on spotlights_200_response {{ spotlights {{ spotlight {{ {fields} }} }} }}"
    return (
        f'{{ p1: spotlights(profile_id: "{P}", limit: 50) {{ {page} }} '
        f'p2: spotlights(profile_id: "{P}", limit: 50, cursor: "{cursor}") {{ {page} }} }}'
    )


def scenarios(page2_cursor: str) -> list[Scenario]:
    """Every scenario; ``page2_cursor`` is the cursor of the second page of spotlights."""
    spotlights = f'publicProfile(profileId: "{P}") {{ spotlights(first: 100) {{ nodes {{'
    return [
        Scenario(
            "Q1", "one entity (a public profile)",
            f'{{ publicProfile(profileId: "{P}") {{ id displayName }} }}',
            f'{{ publicProfile(profile_id: "{P}") {{ ... on publicProfile_200_response '
            "{ public_profiles { public_profile { id display_name } } } } }",
            f"/v1/public_profiles/{P}", 1, "displayName", "display_name", 1,
        ),
        Scenario(
            "Q2", "100 spotlights × 6 scalar fields",
            f"{{ {spotlights} {SPOTLIGHT_FIELDS} }} }} }} }}",
            _hive_pages(HIVE_SPOTLIGHT_FIELDS, page2_cursor),
            f"/v1/public_profiles/{P}/spotlights?limit=50", 2, "mediaUrl", "media_url", 100,
        ),
        Scenario(
            "Q3-distinct", "100 spotlights, each with its sponsor's profile (100 distinct)",
            f"{{ {spotlights} {SPOTLIGHT_FIELDS} sponsor {{ profile {{ displayName }} }} "
            "} } } }",
            _hive_pages(f"{HIVE_SPOTLIGHT_FIELDS} sponsor {{ profile {{ {HIVE_PROFILE} }} }}",
                        page2_cursor),
            f"/v1/public_profiles/{P}/spotlights?limit=50", 102, "displayName", "display_name",
            100,
        ),
        Scenario(
            "Q3-repeated", "100 spotlights, each with its owner's profile (all the same)",
            f"{{ {spotlights} {SPOTLIGHT_FIELDS} profile {{ displayName }} }} }} }} }}",
            _hive_pages(f"{HIVE_SPOTLIGHT_FIELDS} owner_profile {{ {HIVE_PROFILE} }}",
                        page2_cursor),
            f"/v1/public_profiles/{P}/spotlights?limit=50", 3, "displayName", "display_name", 100,
        ),
        Scenario(
            "Q4", "profile → 10 stories → their snaps (three levels)",
            f'{{ publicProfile(profileId: "{P}") {{ stories(first: 10) {{ nodes {{ id '
            "snaps(first: 10) { nodes { id mediaUrl } } } } } }",
            f'{{ stories(profile_id: "{P}", limit: 10) {{ ... on stories_200_response '
            "{ stories { story { id snaps(limit: 10) { ... on storySnaps_200_response "
            "{ snaps { snap { id media_metadata { media_url } } } } } } } } } }",
            f"/v1/public_profiles/{P}/stories?limit=10", 11, "mediaUrl", "media_url", None,
        ),
        Scenario(
            "Q5", "both upstreams: my albums and my public profile",
            "{ viewer { albums { nodes { name } } } publicProfile { displayName } }",
            "{ myAlbums { ... on MyAlbums { albums { albumName } } } "
            "myProfile { ... on myProfile_200_response { public_profile { display_name } } } }",
            "/v1/public_profiles/my_profile", 2, "displayName", "display_name", 1,
        ),
    ]  # fmt: skip


def _values(node: Any, key: str) -> Iterator[Any]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _values(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key)


def count(answer: Any, key: str) -> int:
    """How many non-null ``key`` values the answer holds."""
    return sum(v is not None for v in _values(answer, key))


def check(scenario: Scenario, gateway: str, answer: Any, *, strict: bool = True) -> int:
    """The answer's item count; raises when it has errors (``strict``) or lacks items."""
    if not isinstance(answer, dict) or answer.get("data") is None:
        raise AssertionError(f"{scenario.key} via {gateway}: no data: {str(answer)[:500]}")
    if strict and answer.get("errors"):
        raise AssertionError(f"{scenario.key} via {gateway}: errors: {answer['errors'][:3]}")
    key = scenario.mediagraph_key if gateway == "mediagraph" else scenario.hive_key
    found = count(answer["data"], key)
    if strict and scenario.count is not None and found != scenario.count:
        raise AssertionError(f"{scenario.key} via {gateway}: {found} {key}, not {scenario.count}")
    if found == 0:
        raise AssertionError(f"{scenario.key} via {gateway}: no {key} in {str(answer)[:300]}")
    return found

"""Deterministic seed data and the credentials the gateway, its tests and the demo use.

Organizations and tokens
- Demo organization ``DEMO_ORG_ID``: profiles ``DEMO_PROFILE_ID`` (the rich one) and
  ``DEMO_SECOND_PROFILE_ID`` (a little content); ad accounts ``DEMO_AD_ACCOUNT_ID`` and
  ``DEMO_SECOND_AD_ACCOUNT_ID``; pixel ``DEMO_PIXEL_ID``; catalog ``DEMO_CATALOG_ID``.
- Other organization ``OTHER_ORG_ID``: ``OTHER_PROFILE_ID`` (not shared with API partners),
  ``OTHER_AD_ACCOUNT_ID``, ``OTHER_PIXEL_ID``.
- Three brand organizations ``BRAND_ORG_IDS`` holding the 60 sponsor brands
  ``BRAND_PROFILE_IDS``; the first is "City Boutique", whose id is the docs' sponsor example
  (``high_bits 3333118795269425713``/``low_bits 12035785981443997886``). Every third brand
  (``SHARED_BRAND_PROFILE_IDS``) has ``share_authorized_data_with_api_partners: true`` and a
  little content, so any token may read its assets.
- Tokens: ``DEMO_TOKEN`` (demo org), ``ML_TAGS_TOKEN`` (demo org, sees ``ml_tags``),
  ``OTHER_TOKEN`` (other org), ``BRAND_TOKEN`` (first brand org), ``UNLISTED_TOKEN`` (demo org
  but not allowlisted: every call is 403).

Demo profile content (newest first, laid out before ``SEED_EPOCH``; see ``seed_content``)
- ``SEED_STORY_COUNT`` stories, 30 h apart; the newest (``LIVE_STORY_ID``) is still live.
  Every 8th story has 4 snaps, every 3rd has 2, the rest 1; videos and images alternate;
  two snaps in three have captions (hashtags, mentions), every 4th has ``ml_tags``.
- ``SEED_SPOTLIGHT_COUNT`` spotlights: the 3 newest ``SUBMITTED`` (waiting for the control
  surface), every 17th from the 6th ``REJECTED``, the rest ``LIVE``. The 5 newest are
  sponsored by City Boutique; 3 in 5 others by one of the other brands (many distinct
  sponsors); three in four carry title + caption + hashtags; every 3rd has ``ml_tags``.
  Two in three were posted with ``skip_save_to_profile=false`` and have a hidden saved copy.
- ``SEED_VISIBLE_SAVED_COUNT`` visible saved stories of 1-4 snaps, plus the hidden copies.
- ``SEED_LENS_COUNT`` lenses: every 20th from the 8th rejected (``rejection_errors``); most
  snapcodes carry the ``1970-01-01T00:00:00Z`` "no expiry" sentinel, every 6th a real date.
- Item ``BROKEN_INDEX`` of the stories, spotlights and lenses lists is ``broken`` (PARTIAL):
  ``BROKEN_STORY_ID``, ``BROKEN_SPOTLIGHT_ID``, ``BROKEN_LENS_ID``.

Sharing policies (the three documented scenarios, and pixel/catalog sources)
- ``SAME_ORG_POLICY_ID``: demo profile → ``DEMO_AD_ACCOUNT_ID``.
- ``EXTERNAL_ORG_POLICY_ID``: demo profile → organization ``OTHER_ORG_ID``.
- ``EXTERNAL_AD_ACCOUNT_POLICY_ID``: demo profile → ``OTHER_AD_ACCOUNT_ID``, parent above.
- ``PIXEL_POLICY_ID`` / ``CATALOG_POLICY_ID``: demo pixel / catalog → ``DEMO_AD_ACCOUNT_ID``.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from emulators.profiles.entities import Organization, Profile, Resource, ResourceRef, SharingPolicy
from emulators.profiles.entities import Token as TokenRecord
from emulators.profiles.seed_content import BROKEN_INDEX, Counts, seed_profile_content
from emulators.profiles.store import Store

# Seeded demo credentials of an in-memory emulator, not secrets.
DEMO_TOKEN = "demo-profile-token"  # noqa: S105
OTHER_TOKEN = "other-profile-token"  # noqa: S105
UNLISTED_TOKEN = "unlisted-profile-token"  # noqa: S105
ML_TAGS_TOKEN = "mltags-profile-token"  # noqa: S105
BRAND_TOKEN = "brand-profile-token"  # noqa: S105

DEMO_ORG_ID = "f67a73f9-1da3-4124-974d-72e2bc80841b"
DEMO_PROFILE_ID = "0b1c6a96-b1f5-4ab2-8f4a-a46764e29b77"
DEMO_SECOND_PROFILE_ID = "4651d4cc-381c-4efb-a6b8-8aa30ce8b406"
DEMO_AD_ACCOUNT_ID = "72485191-245e-4262-a012-22d654504ace"
DEMO_SECOND_AD_ACCOUNT_ID = "d7347079-d532-48e0-8f71-99d6f6e5148b"
DEMO_PIXEL_ID = "22e4e4a1-174a-4488-bd11-5906d658e2e6"
DEMO_CATALOG_ID = "5a8330d1-0058-404a-9fc7-c87be8e5b3e9"
OTHER_ORG_ID = "1a715734-6352-4ef7-bde3-f69506bf97c0"
OTHER_PROFILE_ID = "2fbb1ed0-ed3c-41e9-81bf-3a517ef8389c"
OTHER_AD_ACCOUNT_ID = "df311b65-e0ac-4655-888d-d1c8af152f87"
OTHER_PIXEL_ID = "e9302986-547b-42a0-a119-fa2c1be1e007"
BRAND_ORG_IDS = (
    "d94e40b5-6056-4070-9b9e-98f5751a58fe",
    "d2982d76-8d8f-4cea-ab62-070a2485598e",
    "95e42275-7df0-4a0b-bcbf-7c73cb018066",
)
SAME_ORG_POLICY_ID = "4eae3d12-2eda-4c8f-bf42-abdddb5f5285"
EXTERNAL_ORG_POLICY_ID = "280e26e2-0778-4255-8446-07645355fd93"
EXTERNAL_AD_ACCOUNT_POLICY_ID = "4c329163-69ad-49d8-bd2d-33abc3b2b34c"
PIXEL_POLICY_ID = "f412961c-7595-4ef0-bfb0-6e5557468ede"
CATALOG_POLICY_ID = "0c4be1ae-8404-433c-a891-4221dd79d5a4"
LIVE_STORY_ID = "71b97e0f-7274-40ae-8fb7-dd6699dd8795"
BROKEN_STORY_ID = "7ca46cc4-a662-43b4-958d-7f4428e73e2c"
BROKEN_LENS_ID = "b72648ff-7f32-4b8f-af34-a6e4cc964fc4"
BROKEN_SPOTLIGHT_ID = "QQD4okXzaLij0nvirbg_8sC-wLUiSATYhS0KAaXht7BLbE4dIPm6r7u_QiY"

SEED_STORY_COUNT = 125
SEED_SPOTLIGHT_COUNT = 125
SEED_LENS_COUNT = 125
SEED_VISIBLE_SAVED_COUNT = 30

CITY_BOUTIQUE_PROFILE_ID = "2e419de2-7a36-4a31-a707-b394f09880be"
_ADJECTIVES = ("Urban", "Golden", "Coastal", "Nordic", "Velvet", "Bright", "Wild", "Lunar")
_NOUNS = ("Threads", "Roasters", "Kicks", "Optics", "Bakery", "Audio", "Garden", "Cosmetics")


def _brands() -> list[tuple[str, str]]:
    """(profile id, display name) of the 60 sponsor brands, the same on every run."""
    rng = random.Random("brand-profiles")
    brands = [(CITY_BOUTIQUE_PROFILE_ID, "City Boutique")]
    for i in range(59):
        name = f"{_ADJECTIVES[i % 8]} {_NOUNS[(i // 8 + i) % 8]} {i // 8 + 1}"
        brands.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), name))
    return brands


BRANDS = _brands()
BRAND_PROFILE_IDS = [brand_id for brand_id, _ in BRANDS]
SHARED_BRAND_PROFILE_IDS = BRAND_PROFILE_IDS[::3]


def _profile_fields(name: str, handle: str, **extra: Any) -> dict[str, Any]:
    """§2.7 attributes; None values are omitted when rendered (quirk 16)."""
    logos = {
        key: f"/cdn/logos/{handle}-{key}.png"
        for key in (
            "original_logo_url",
            "discover_feed_logo_url",
            "mega_profile_logo_url",
            "manage_profile_logo_url",
        )
    }
    fields: dict[str, Any] = {
        "display_name": name,
        "description": None,
        "category": None,
        "subcategory": None,
        "email": None,
        "phone_number": None,
        "website": None,
        "logo_urls": logos,
        "address_line_1": None,
        "locality": None,
        "administrative_district_level_1": None,
        "postal_code": None,
        "country": None,
        "l_90_country_code": None,
        "snap_user_name": handle,
        "profile_type": "PUBLIC_PROFILE",
        "profile_tier": "TIER_PUBLIC",
        "internal_profile_category": "PERSON",
        "subscriber_count": 0,
        "share_authorized_data_with_api_partners": False,
    }
    fields.update(extra)
    return fields


def _organizations(store: Store) -> None:
    orgs = [
        (DEMO_ORG_ID, "Demo Creator Studio"),
        (OTHER_ORG_ID, "Other Agency"),
        *[(org_id, f"Brand Collective {n}") for n, org_id in enumerate(BRAND_ORG_IDS, 1)],
    ]
    for org_id, name in orgs:
        store.add_organization(Organization(org_id, name))
    for kind, rid, org_id, name in (
        ("adaccounts", DEMO_AD_ACCOUNT_ID, DEMO_ORG_ID, "Demo Ads"),
        ("adaccounts", DEMO_SECOND_AD_ACCOUNT_ID, DEMO_ORG_ID, "Demo Ads (EU)"),
        ("adaccounts", OTHER_AD_ACCOUNT_ID, OTHER_ORG_ID, "Other Agency Ads"),
        ("pixels", DEMO_PIXEL_ID, DEMO_ORG_ID, "Demo Pixel"),
        ("pixels", OTHER_PIXEL_ID, OTHER_ORG_ID, "Other Pixel"),
        ("catalogs", DEMO_CATALOG_ID, DEMO_ORG_ID, "Demo Catalog"),
    ):
        store.add_resource(kind, Resource(rid, org_id, name))  # type: ignore[arg-type]
    for token in (
        TokenRecord(DEMO_TOKEN, (DEMO_ORG_ID,)),
        TokenRecord(ML_TAGS_TOKEN, (DEMO_ORG_ID,), ml_tags=True),
        TokenRecord(OTHER_TOKEN, (OTHER_ORG_ID,)),
        TokenRecord(BRAND_TOKEN, (BRAND_ORG_IDS[0],)),
        TokenRecord(UNLISTED_TOKEN, (DEMO_ORG_ID,), allowlisted=False),
    ):
        store.add_token(token)


def _profiles(store: Store) -> None:
    demo = _profile_fields(
        "Demo Creator",
        "democreator",
        description="Travel, food and fitness from a demo creator.",
        category="CATEGORY_V3_PEOPLE",
        subcategory="CATEGORY_V3_CREATOR",
        email="creator@demo.example",
        phone_number="+1 555 0100",
        website="https://demo.example",
        locality="Los Angeles",
        administrative_district_level_1="CA",
        postal_code="90291",
        country="US",
        l_90_country_code="US",
        profile_tier="TIER_PUBLIC_OFFICIAL",
        profile_icon_primary_color_hex="#FFFC00",
        subscriber_count=182_340,
    )
    store.add_profile(Profile(DEMO_PROFILE_ID, DEMO_ORG_ID, demo))
    second = _profile_fields("Demo Kitchen", "demokitchen", subscriber_count=4_210)
    store.add_profile(Profile(DEMO_SECOND_PROFILE_ID, DEMO_ORG_ID, second))
    other = _profile_fields("Other Agency Talent", "othertalent", subscriber_count=9_876)
    store.add_profile(Profile(OTHER_PROFILE_ID, OTHER_ORG_ID, other))
    for i, (brand_id, name) in enumerate(BRANDS):
        fields = _profile_fields(
            name,
            f"brand{i:02d}",
            description=None if i % 4 == 3 else f"{name}: official Snapchat profile.",
            category="CATEGORY_V3_PRODUCT_BRAND",
            website=f"https://brand{i:02d}.example",
            profile_type="PUBLIC_PROFILE_WITH_PUBLISHER_CONTENT",
            internal_profile_category="BUSINESS",
            subscriber_count=1_000 + 137 * i,
            share_authorized_data_with_api_partners=i % 3 == 0,
        )
        org_id = BRAND_ORG_IDS[i % len(BRAND_ORG_IDS)]
        store.add_profile(Profile(brand_id, org_id, fields))


def _policies(store: Store) -> None:
    demo = ResourceRef("public_profiles", DEMO_PROFILE_ID)
    for policy in (
        SharingPolicy(SAME_ORG_POLICY_ID, demo, ResourceRef("adaccounts", DEMO_AD_ACCOUNT_ID)),
        SharingPolicy(EXTERNAL_ORG_POLICY_ID, demo, ResourceRef("organizations", OTHER_ORG_ID)),
        SharingPolicy(
            EXTERNAL_AD_ACCOUNT_POLICY_ID,
            demo,
            ResourceRef("adaccounts", OTHER_AD_ACCOUNT_ID),
            EXTERNAL_ORG_POLICY_ID,
        ),
        SharingPolicy(
            PIXEL_POLICY_ID,
            ResourceRef("pixels", DEMO_PIXEL_ID),
            ResourceRef("adaccounts", DEMO_AD_ACCOUNT_ID),
        ),
        SharingPolicy(
            CATALOG_POLICY_ID,
            ResourceRef("catalogs", DEMO_CATALOG_ID),
            ResourceRef("adaccounts", DEMO_AD_ACCOUNT_ID),
        ),
    ):
        store.add_policy(policy)


def load_seed(store: Store) -> None:
    """Fill an empty store; ids of bulk content come from the store's seeded RNG."""
    _organizations(store)
    _profiles(store)
    _policies(store)
    seed_profile_content(
        store,
        DEMO_PROFILE_ID,
        Counts(
            stories=SEED_STORY_COUNT,
            spotlights=SEED_SPOTLIGHT_COUNT,
            lenses=SEED_LENS_COUNT,
            saved=SEED_VISIBLE_SAVED_COUNT,
        ),
        sponsors=BRANDS,
        fixed_ids={
            "live_story": LIVE_STORY_ID,
            "broken_story": BROKEN_STORY_ID,
            "broken_spotlight": BROKEN_SPOTLIGHT_ID,
            "broken_lens": BROKEN_LENS_ID,
        },
    )
    small = Counts(stories=3, spotlights=3, lenses=2, saved=2)
    for profile_id in (DEMO_SECOND_PROFILE_ID, OTHER_PROFILE_ID, *SHARED_BRAND_PROFILE_IDS):
        seed_profile_content(store, profile_id, small, sponsors=[], fixed_ids={})


__all__ = [
    "BRAND_ORG_IDS",
    "BRAND_PROFILE_IDS",
    "BRAND_TOKEN",
    "BROKEN_INDEX",
    "BROKEN_LENS_ID",
    "BROKEN_SPOTLIGHT_ID",
    "BROKEN_STORY_ID",
    "CATALOG_POLICY_ID",
    "CITY_BOUTIQUE_PROFILE_ID",
    "DEMO_AD_ACCOUNT_ID",
    "DEMO_CATALOG_ID",
    "DEMO_ORG_ID",
    "DEMO_PIXEL_ID",
    "DEMO_PROFILE_ID",
    "DEMO_SECOND_AD_ACCOUNT_ID",
    "DEMO_SECOND_PROFILE_ID",
    "DEMO_TOKEN",
    "EXTERNAL_AD_ACCOUNT_POLICY_ID",
    "EXTERNAL_ORG_POLICY_ID",
    "LIVE_STORY_ID",
    "ML_TAGS_TOKEN",
    "OTHER_AD_ACCOUNT_ID",
    "OTHER_ORG_ID",
    "OTHER_PIXEL_ID",
    "OTHER_PROFILE_ID",
    "OTHER_TOKEN",
    "PIXEL_POLICY_ID",
    "SAME_ORG_POLICY_ID",
    "SEED_LENS_COUNT",
    "SEED_SPOTLIGHT_COUNT",
    "SEED_STORY_COUNT",
    "SEED_VISIBLE_SAVED_COUNT",
    "SHARED_BRAND_PROFILE_IDS",
    "UNLISTED_TOKEN",
    "load_seed",
]
